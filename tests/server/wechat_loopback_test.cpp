// /wechat through the real HTTP server on loopback: a signed safe-mode message over a
// socket, and a body over 64 KiB refused by the server before it reaches the route.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "server.hpp"
#include "server_fixture.hpp"
#include "wechat_simulator.hpp"

namespace medsearch::server {
namespace {

TEST(WechatLoopbackTest, SafeModeMessageOverHttpAndBodyLimit) {
  medsearch::testing::TempDir tmp;
  const auto index = build_fixture_index(tmp);
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  options.judgments_path = "none";
  options.wechat.token = wechat_sim::kToken;
  options.wechat.encoding_aes_key = wechat_sim::kAesKey;
  options.wechat.app_id = wechat_sim::kAppId;
  Server server(*index, options);
  server.bind();
  std::thread runner([&server] { server.run(); });

  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(10);
  const wechat_sim::Simulator sim;
  const HttpRequest request = sim.safe_mode(wechat_sim::text_message_xml("asthma", "1"));
  httplib::Params params(request.params.begin(), request.params.end());
  const std::string path = httplib::append_query_params("/wechat", params);
  auto reply = client.Post(path, request.body, "text/xml");
  ASSERT_TRUE(reply) << httplib::to_string(reply.error());
  EXPECT_EQ(reply->status, 200);
  const std::string inner = WechatCipher(wechat_sim::kAesKey, wechat_sim::kAppId)
                                .decrypt(wechat_sim::reply_field(reply->body, "Encrypt"));
  EXPECT_NE(wechat_sim::reply_field(inner, "Content").find("Asthma in children"), std::string::npos) << inner;

  auto too_large = client.Post(path, std::string(64 * 1024 + 1, 'x'), "text/xml");
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->status, 413);
  auto unsigned_post = client.Post("/wechat", request.body, "text/xml");
  ASSERT_TRUE(unsigned_post);
  EXPECT_EQ(unsigned_post->status, 403);

  server.stop();
  runner.join();
}

}  // namespace
}  // namespace medsearch::server
