#include "wechat_crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>

#include "medsearch/core/error.hpp"

namespace medsearch::server {
namespace {

// PKCS#7 with WeChat's block of 32 bytes (not AES's 16): 1..32 bytes of value n.
constexpr std::size_t kPadBlock = 32;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-CBC over whole blocks, OpenSSL's own padding off (the protocol pads to 32).
std::string aes_cbc(const std::array<std::uint8_t, 32>& key, std::string_view in, bool encrypt) {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), key.data(), encrypt ? 1 : 0) != 1) {
    throw Error(ErrorCode::Unavailable, "wechat: cannot initialise AES-256-CBC");
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(in.size() + 32, '\0');
  int written = 0;
  int final_written = 0;
  auto* out_bytes = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), out_bytes, &written, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out_bytes + written, &final_written) != 1) {
    throw Error(ErrorCode::InvalidArgument, "wechat: AES-256-CBC failed (not whole blocks?)");
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

}  // namespace

std::string sha1_hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string wechat_signature(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const std::string& part : parts) joined += part;
  return sha1_hex(joined);
}

bool signatures_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool base64_decode(std::string_view text, std::string& bytes) {
  if (text.size() % 4 != 0) return false;
  // EVP_DecodeBlock skips leading/trailing whitespace; the protocol has none: reject it.
  const bool alphabet_only = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
  });
  if (!alphabet_only) return false;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (text.substr(0, text.size() - padding).find('=') != std::string_view::npos) return false;
  bytes.assign(3 * (text.size() / 4) + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts the zero bytes that padding stands for.
  bytes.resize(static_cast<std::size_t>(n) - padding);
  return true;
}

std::string random_bytes(std::size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw Error(ErrorCode::Unavailable, "wechat: the random number generator failed");
  }
  return out;
}

WechatCipher::WechatCipher(std::string_view encoding_aes_key, std::string app_id) : app_id_(std::move(app_id)) {
  std::string key;
  if (encoding_aes_key.size() != 43 || !base64_decode(std::string(encoding_aes_key) + "=", key) || key.size() != 32) {
    throw Error(ErrorCode::InvalidArgument, "wechat: EncodingAESKey must be 43 base64 characters (a 32-byte key)");
  }
  std::copy(key.begin(), key.end(), key_.begin());
}

std::string WechatCipher::encrypt(std::string_view message, std::string_view random16) const {
  if (random16.size() != 16) throw Error(ErrorCode::InvalidArgument, "wechat: the random prefix must be 16 bytes");
  std::string plain(random16);
  const auto length = static_cast<std::uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) plain += static_cast<char>((length >> shift) & 0xff);
  plain += message;
  plain += app_id_;
  const std::size_t pad = kPadBlock - plain.size() % kPadBlock;
  plain.append(pad, static_cast<char>(pad));
  return base64_encode(aes_cbc(key_, plain, true));
}

std::string WechatCipher::decrypt(std::string_view encrypted) const {
  std::string cipher;
  if (!base64_decode(encrypted, cipher)) throw Error(ErrorCode::InvalidArgument, "wechat: Encrypt is not base64");
  if (cipher.empty() || cipher.size() % 16 != 0) {
    throw Error(ErrorCode::InvalidArgument, "wechat: Encrypt is not a whole number of AES blocks");
  }
  const std::string plain = aes_cbc(key_, cipher, false);
  const auto pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > kPadBlock || pad > plain.size()) throw Error(ErrorCode::InvalidArgument, "wechat: bad padding");
  const std::size_t content = plain.size() - pad;
  if (content < 20) throw Error(ErrorCode::InvalidArgument, "wechat: decrypted text too short");
  std::uint32_t length = 0;
  for (std::size_t i = 16; i < 20; ++i) length = (length << 8) | static_cast<unsigned char>(plain[i]);
  if (length > content - 20) throw Error(ErrorCode::InvalidArgument, "wechat: message length past the end");
  const std::string_view app_id(plain.data() + 20 + length, content - 20 - length);
  if (app_id != app_id_) throw Error(ErrorCode::InvalidArgument, "wechat: the message is for another AppID");
  return plain.substr(20, length);
}

}  // namespace medsearch::server
