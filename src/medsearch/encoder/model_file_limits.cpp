#include "medsearch/encoder/model_file_limits.hpp"

#include <string>
#include <system_error>

#include "medsearch/core/error.hpp"

namespace medsearch::encoder {

void check_model_file_size(const std::filesystem::path& path, std::size_t max_bytes, std::string_view what) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size <= max_bytes) return;
  throw Error(ErrorCode::Corrupt, path.string() + ": " + std::string(what) + " of " + std::to_string(size) +
                                      " bytes is over the maximum of " + std::to_string(max_bytes) +
                                      " bytes (refused before reading; the cap is passed at byte " +
                                      std::to_string(max_bytes) + ")");
}

}  // namespace medsearch::encoder
