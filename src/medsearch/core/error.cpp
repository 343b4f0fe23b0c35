#include "medsearch/core/error.hpp"

#include <cerrno>
#include <cstring>

namespace medsearch {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidArgument: return "InvalidArgument";
    case ErrorCode::NotFound: return "NotFound";
    case ErrorCode::Corrupt: return "Corrupt";
    case ErrorCode::VersionMismatch: return "VersionMismatch";
    case ErrorCode::Io: return "Io";
    case ErrorCode::Unavailable: return "Unavailable";
    case ErrorCode::DeadlineExceeded: return "DeadlineExceeded";
  }
  return "Unknown";
}

void throw_io_error(std::string_view what, std::string_view path) {
  const int saved = errno;
  const ErrorCode code = saved == ENOENT ? ErrorCode::NotFound : ErrorCode::Io;
  throw Error(code, std::string(what) + " '" + std::string(path) + "': " + std::strerror(saved));
}

}  // namespace medsearch
