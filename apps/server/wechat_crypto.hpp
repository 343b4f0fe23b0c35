// The cryptography of WeChat's message-push protocol (Official Account "server
// configuration"; developers.weixin.qq.com, 消息加解密说明 / message encryption guide):
//   - signature      = hex SHA-1 of the lexicographically sorted concatenation of token,
//                      timestamp and nonce (GET verification, every POST);
//   - msg_signature  = the same over token, timestamp, nonce and the Encrypt field (safe mode);
//   - Encrypt        = base64(AES-256-CBC(key, IV = key[0..16), PKCS#7 padded to 32 bytes,
//                      random(16) | uint32 big-endian length | message | AppID)),
//     key = base64-decode(EncodingAESKey + "=") (43 characters → 32 bytes).
// OpenSSL (libcrypto) does SHA-1, AES and the random bytes; this is the only file that
// includes it. Pure functions and an immutable cipher: thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medsearch::server {

// Lower-case hex SHA-1 of `data`.
std::string sha1_hex(std::string_view data);

// The protocol's signature: `parts` sorted bytewise, concatenated, SHA-1, lower-case hex.
std::string wechat_signature(std::vector<std::string> parts);

// Compares two signatures in time independent of where they differ.
bool signatures_equal(std::string_view a, std::string_view b);

// Standard base64 (RFC 4648 §4, with padding). decode returns false for a length that is not
// a multiple of 4 or a character outside the alphabet.
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& bytes);

// `count` bytes from OpenSSL's CSPRNG.
std::string random_bytes(std::size_t count);

class WechatCipher {
 public:
  // Throws Error(InvalidArgument) unless `encoding_aes_key` is 43 base64 characters that,
  // with "=" appended, decode to 32 bytes.
  WechatCipher(std::string_view encoding_aes_key, std::string app_id);

  // The Encrypt field for `message`. `random16` is the 16-byte prefix (random_bytes(16) in
  // production; fixed in tests to compare with an independent implementation).
  std::string encrypt(std::string_view message, std::string_view random16) const;
  std::string encrypt(std::string_view message) const { return encrypt(message, random_bytes(16)); }

  // The message inside an Encrypt field. Throws Error(InvalidArgument) for bad base64, a
  // length that is not a multiple of the block, bad padding, a length field past the end,
  // or an AppID other than this cipher's.
  std::string decrypt(std::string_view encrypted) const;

  const std::string& app_id() const { return app_id_; }

 private:
  std::array<std::uint8_t, 32> key_{};
  std::string app_id_;
};

}  // namespace medsearch::server
