// Password hashing and random tokens for the judgments store, over libsodium.
//
// Passwords are stored as libsodium's crypto_pwhash_str output: Argon2id (RFC 9106) with a
// random 16-byte salt and libsodium's "interactive" limits (2 passes, 64 MiB), encoded as
// a self-describing "$argon2id$v=19$m=...,t=...,p=...$salt$hash" string, so the limits
// can be raised later without invalidating stored hashes.
// Thread-safe: every function may be called from any thread (sodium_init is run once).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace medsearch::judgments {

// Shortest and longest accepted password, in bytes (NIST SP 800-63B §5.1.1.2: at least 8;
// the upper bound only keeps a request from making the KDF read megabytes).
constexpr std::size_t kMinPasswordBytes = 8;
constexpr std::size_t kMaxPasswordBytes = 1024;

// Salted Argon2id hash of `password`. Throws Error(InvalidArgument) for a password shorter
// than kMinPasswordBytes or longer than kMaxPasswordBytes, Error(Unavailable) when
// libsodium cannot initialise or allocate the KDF's memory.
std::string hash_password(std::string_view password);

// True when `password` matches `stored` (a hash_password result). A malformed `stored`
// or a wrong password is false; never throws for bad input.
bool verify_password(std::string_view stored, std::string_view password);

// Costs about as much as verify_password, for a name with no user: keeps the time of a
// failed sign-in from telling whether the name exists.
void burn_password_verify(std::string_view password);

// `bytes` bytes from libsodium's CSPRNG (randombytes_buf), as lower-case hex.
std::string random_token_hex(std::size_t bytes = 32);

// BLAKE2b-256 (crypto_generichash) of `text`, as lower-case hex: sessions are stored by the
// hash of their token, so a copy of the database holds no usable session.
std::string token_digest_hex(std::string_view text);

}  // namespace medsearch::judgments
