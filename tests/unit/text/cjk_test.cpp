#include "medsearch/text/cjk.hpp"

#include <gtest/gtest.h>

namespace medsearch::text {
namespace {

TEST(Cjk, HanKanaAndHangulAreCjk) {
  for (char32_t cp : {U'帕', U'病', U'〇', U'々', U'が', U'カ', U'ー', U'파', char32_t{0x3400}, char32_t{0x20000},
                      char32_t{0x2A6D6}, char32_t{0xF900}})
    EXPECT_TRUE(is_cjk(cp)) << std::hex << static_cast<unsigned>(cp);
}

TEST(Cjk, LatinGreekCyrillicAndFullwidthAsciiAreNot) {
  for (char32_t cp : {U'a', U'é', U'β', U'й', U'Ａ', U'１', char32_t{0x3000}, char32_t{0x0E01}})
    EXPECT_FALSE(is_cjk(cp)) << std::hex << static_cast<unsigned>(cp);
}

}  // namespace
}  // namespace medsearch::text
