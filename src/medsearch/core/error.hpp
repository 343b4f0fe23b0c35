// The one exception type of the project (DESIGN.md §4). Expected outcomes are values;
// Error is for failures the caller cannot continue from. Messages name the file, record
// or parameter at fault.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace medsearch {

enum class ErrorCode {
  InvalidArgument,  // a bad parameter or input value (CLI exit 2, HTTP 400)
  NotFound,         // a named file, document or index is missing (HTTP 404)
  Corrupt,          // a file fails its checks: bad magic, checksum, truncated data
  VersionMismatch,  // a file written by an incompatible format version
  Io,               // the operating system refused a read or write
  Unavailable,      // a resource is busy or not configured
  DeadlineExceeded,  // a request ran past its time budget (core/deadline.hpp; HTTP 503)
};

std::string_view error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

// Builds an Io error from errno: "<what> '<path>': <strerror>".
[[noreturn]] void throw_io_error(std::string_view what, std::string_view path);

}  // namespace medsearch
