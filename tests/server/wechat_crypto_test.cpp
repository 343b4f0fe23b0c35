// wechat_crypto against vectors from an independent implementation
// (scripts/wechat_protocol.py, python3-cryptography → tests/data/wechat/vectors.json).
#include "wechat_crypto.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "medsearch/core/error.hpp"

namespace medsearch::server {
namespace {

nlohmann::json vectors() {
  std::ifstream in(std::string(MEDSEARCH_TESTS_DIR) + "/data/wechat/vectors.json");
  return nlohmann::json::parse(in);
}

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

TEST(WechatCrypto, SignaturesMatchTheIndependentVectors) {
  const nlohmann::json all = vectors();
  for (const auto& v : all["signatures"]) {
    EXPECT_EQ(wechat_signature(v["parts"].get<std::vector<std::string>>()), v["signature"].get<std::string>());
  }
  // SHA-1("abc"), FIPS 180-2 appendix A.1.
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(WechatCrypto, EncryptAndDecryptMatchTheIndependentVectors) {
  const nlohmann::json v = vectors();
  const WechatCipher cipher(v["encoding_aes_key"].get<std::string>(), v["app_id"].get<std::string>());
  const std::string token = v["token"];
  for (const auto& c : v["cases"]) {
    const std::string message = unhex(c["message_hex"]);
    const std::string encrypt = c["encrypt"];
    EXPECT_EQ(cipher.encrypt(message, unhex(c["random16_hex"])), encrypt) << "message of " << message.size() << " bytes";
    EXPECT_EQ(cipher.decrypt(encrypt), message);
    EXPECT_EQ(wechat_signature({token, c["timestamp"], c["nonce"], encrypt}), c["msg_signature"].get<std::string>());
  }
}

TEST(WechatCrypto, RandomPrefixMakesEachEncryptionDifferentAndRoundTrips) {
  const WechatCipher cipher("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", "wxapp");
  const std::string a = cipher.encrypt("同一条消息");
  EXPECT_NE(a, cipher.encrypt("同一条消息"));
  EXPECT_EQ(cipher.decrypt(a), "同一条消息");
}

TEST(WechatCrypto, PythonDecryptsWhatTheCipherEncrypts) {
  if (std::system("python3 -c 'import cryptography' 2>/dev/null") != 0) GTEST_SKIP() << "python3-cryptography missing";
  const nlohmann::json v = vectors();
  const WechatCipher cipher(v["encoding_aes_key"].get<std::string>(), v["app_id"].get<std::string>());
  const std::string message = "<xml><Content><![CDATA[帕金森病 deep brain]]></Content></xml>";
  const std::string command = "python3 " + std::string(MEDSEARCH_TESTS_DIR) + "/../scripts/wechat_protocol.py decrypt " +
                              v["encoding_aes_key"].get<std::string>() + " " + v["app_id"].get<std::string>() + " " +
                              cipher.encrypt(message);
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
  ASSERT_TRUE(pipe);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) out.append(buffer, n);
  EXPECT_EQ(out, message);
}

TEST(WechatCrypto, RejectsMalformedInput) {
  const WechatCipher cipher("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", "wx1234567890abcdef");
  EXPECT_THROW(cipher.decrypt("not base64!"), Error);
  EXPECT_THROW(cipher.decrypt(""), Error);
  EXPECT_THROW(cipher.decrypt(base64_encode("short")), Error);                 // not whole blocks
  EXPECT_THROW(cipher.decrypt(base64_encode(std::string(32, 'x'))), Error);    // garbage: bad padding or length
  const WechatCipher other("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", "wxOTHER");
  EXPECT_THROW(cipher.decrypt(other.encrypt("hi")), Error);                    // another AppID
  EXPECT_THROW(WechatCipher("short", "wx"), Error);
  EXPECT_THROW(WechatCipher(std::string(43, '*'), "wx"), Error);
}

TEST(WechatCrypto, Base64) {
  std::string bytes;
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");  // RFC 4648 §10
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  ASSERT_TRUE(base64_decode("Zm8=", bytes));
  EXPECT_EQ(bytes, "fo");
  ASSERT_TRUE(base64_decode("Zg==", bytes));
  EXPECT_EQ(bytes, "f");
  EXPECT_FALSE(base64_decode("Zg=", bytes));
  EXPECT_FALSE(base64_decode("Z=g=", bytes));
  EXPECT_FALSE(base64_decode(" Zg=", bytes));
  EXPECT_FALSE(signatures_equal("abc", "abd"));
  EXPECT_TRUE(signatures_equal("abc", "abc"));
}

}  // namespace
}  // namespace medsearch::server
