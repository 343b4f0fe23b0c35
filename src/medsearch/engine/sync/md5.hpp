// MD5 digests of files (OpenSSL's EVP interface; md5.cpp is the only file that includes
// OpenSSL). MD5 is what NLM publishes beside each file: it detects damaged downloads, not
// tampering.
#pragma once

#include <string>

namespace medsearch::engine::sync {

// Lower-case hex MD5 of the file at `path`, read in 1 MiB chunks. Throws Error(Io) naming it.
std::string md5_of_file(const std::string& path);

}  // namespace medsearch::engine::sync
