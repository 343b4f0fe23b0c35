// server::parse_wechat_message / text_reply_xml: field values that the XML splits into
// several text pieces. Regression tests for a finding of fuzz/wechat_xml_fuzz.cpp: a value
// holding "]]>" is written as two CDATA sections, and only the first was read back.
#include "wechat_xml.hpp"

#include <gtest/gtest.h>

#include <string>

namespace medsearch::server {
namespace {

const std::string kHead =
    "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o123]]></FromUserName>"
    "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>";

TEST(WechatXml, AFieldSplitIntoSeveralCdataSectionsIsReadWhole) {
  std::string error;
  const auto message = parse_wechat_message(
      kHead + "<Content><![CDATA[a]]]]><![CDATA[>b]]> and <![CDATA[c]]></Content><MsgId>1</MsgId></xml>", error);
  ASSERT_TRUE(message) << error;
  EXPECT_EQ(message->content, "a]]>b and c");
}

// The fuzzer's input: a user name with "]]>" in it, echoed in a reply and read back.
TEST(WechatXml, AReplyParsesBackWithValuesHoldingTheCdataEnd) {
  std::string error;
  const auto message = parse_wechat_message(
      "<xml><ToUserName>gh_2]]&gt;x</ToUserName><FromUserName><![CDATA[o]]]]><![CDATA[>1]]></FromUserName>"
      "<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>q ]]&gt; r</Content></xml>",
      error);
  ASSERT_TRUE(message) << error;
  EXPECT_EQ(message->to_user, "gh_2]]>x");
  EXPECT_EQ(message->from_user, "o]]>1");
  const std::string reply = text_reply_xml(*message, message->content, 1700000000);
  const auto parsed = parse_wechat_message(reply, error);
  ASSERT_TRUE(parsed) << error << "\n" << reply;
  EXPECT_EQ(parsed->to_user, message->from_user) << reply;
  EXPECT_EQ(parsed->from_user, message->to_user) << reply;
  EXPECT_EQ(parsed->content, "q ]]> r") << reply;
}

TEST(WechatXml, TheFieldCapCountsEveryPiece) {
  const std::string half(kMaxFieldBytes / 2 + 1, 'x');
  std::string error;
  EXPECT_FALSE(parse_wechat_message(
      kHead + "<Content><![CDATA[" + half + "]]><![CDATA[" + half + "]]></Content></xml>", error));
  EXPECT_NE(error.find("Content is over"), std::string::npos) << error;
  const std::string at_cap(kMaxFieldBytes / 2, 'y');
  EXPECT_TRUE(parse_wechat_message(kHead + "<Content>" + at_cap + "<![CDATA[" + at_cap + "]]></Content></xml>", error))
      << error;
}

}  // namespace
}  // namespace medsearch::server
