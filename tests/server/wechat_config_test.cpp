// load_wechat_config: the JSON file, the environment overriding it, and the checks.
#include "wechat_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "medsearch/core/error.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::server {
namespace {

TEST(WechatConfig, FileThenEnvironment) {
  medsearch::testing::TempDir tmp;
  const std::string path = tmp.write("wechat.json",
                                     R"({"token":"fileToken","encoding_aes_key":"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA",
                                         "app_id":"wxfile","reply_budget_ms":3000})");
  WechatConfig c = load_wechat_config(path);
  EXPECT_TRUE(c.enabled());
  EXPECT_EQ(c.token, "fileToken");
  EXPECT_EQ(c.reply_budget_ms, 3000);
  EXPECT_FALSE(c.push_enabled());
  ::setenv("MEDSEARCH_WECHAT_TOKEN", "envToken", 1);
  ::setenv("MEDSEARCH_WECHAT_APP_SECRET", "secret", 1);
  c = load_wechat_config(path);
  ::unsetenv("MEDSEARCH_WECHAT_TOKEN");
  ::unsetenv("MEDSEARCH_WECHAT_APP_SECRET");
  EXPECT_EQ(c.token, "envToken");
  EXPECT_TRUE(c.push_enabled());
  EXPECT_FALSE(load_wechat_config("").enabled());
}

TEST(WechatConfig, RejectsBadSettings) {
  medsearch::testing::TempDir tmp;
  EXPECT_THROW(load_wechat_config(tmp.file("missing.json")), Error);
  EXPECT_THROW(load_wechat_config(tmp.write("a.json", "[]")), Error);
  EXPECT_THROW(load_wechat_config(tmp.write("b.json", R"({"tokn":"x"})")), Error);
  EXPECT_THROW(load_wechat_config(tmp.write("c.json", R"({"token":1})")), Error);
  EXPECT_THROW(load_wechat_config(tmp.write("d.json", R"({"token":"abcdef","encoding_aes_key":"short","app_id":"wx"})")), Error);
  EXPECT_THROW(load_wechat_config(tmp.write("e.json", R"({"token":"abcdef","encoding_aes_key":"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"})")),
               Error);  // safe mode needs the AppID
  EXPECT_THROW(load_wechat_config(tmp.write("f.json", R"({"token":"abcdef","reply_budget_ms":9000})")), Error);
  EXPECT_NO_THROW(load_wechat_config(tmp.write("g.json", R"({"token":"abcdef"})")));
}

}  // namespace
}  // namespace medsearch::server
