#include "medsearch/judgments/password_hash.hpp"

#include <sodium.h>

#include <vector>

#include "medsearch/core/error.hpp"

namespace medsearch::judgments {
namespace {

void ensure_sodium() {
  static const int status = sodium_init();  // 0 first time, 1 if already initialised
  if (status < 0) throw Error(ErrorCode::Unavailable, "libsodium could not be initialised");
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();  // the terminating NUL sodium_bin2hex writes
  return hex;
}

}  // namespace

std::string hash_password(std::string_view password) {
  if (password.size() < kMinPasswordBytes) {
    throw Error(ErrorCode::InvalidArgument,
                "password must be at least " + std::to_string(kMinPasswordBytes) + " bytes long");
  }
  if (password.size() > kMaxPasswordBytes) {
    throw Error(ErrorCode::InvalidArgument,
                "password must be at most " + std::to_string(kMaxPasswordBytes) + " bytes long");
  }
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  // crypto_pwhash_str uses Argon2id (crypto_pwhash_ALG_DEFAULT) since libsodium 1.0.15.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorCode::Unavailable, "password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view stored, std::string_view password) {
  if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES || password.size() > kMaxPasswordBytes) return false;
  ensure_sodium();
  const std::string terminated(stored);  // crypto_pwhash_str_verify wants a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void burn_password_verify(std::string_view password) {
  static const std::string dummy = hash_password("medsearch-no-such-user");
  (void)verify_password(dummy, password.substr(0, kMaxPasswordBytes));
}

std::string random_token_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return to_hex(buffer.data(), buffer.size());
}

std::string token_digest_hex(std::string_view text) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return to_hex(digest, sizeof digest);
}

}  // namespace medsearch::judgments
