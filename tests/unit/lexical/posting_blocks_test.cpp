#include "medsearch/lexical/posting_blocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <random>
#include <string>
#include <vector>

#include "medsearch/core/error.hpp"
#include "medsearch/lexical/posting_format.hpp"

namespace medsearch::lexical {
namespace {

void put_varint(std::string& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::string varint(std::uint32_t v) {
  std::string out;
  put_varint(out, v);
  return out;
}

std::string split(std::string_view interleaved, std::uint32_t doc_freq, std::vector<std::uint32_t>* starts = nullptr) {
  std::vector<std::uint32_t> block_starts;
  std::string out = "left from another list";  // replaced
  split_blocks(interleaved, doc_freq, "t.lex", out, block_starts);
  if (starts != nullptr) *starts = block_starts;
  return out;
}

// Two postings by hand: the split layout is the width, the packed gaps, the masks, the tfs.
TEST(PostingBlocks, OneBlockIsPackedGapsThenMasksThenTfs) {
  // Posting 1: gap 5, title and abstract, tfs 1 and 200 (two bytes). Posting 2: gap 300,
  // keywords only, tf 3. The widest gap, 300, takes 9 bits: 5 | 300 << 9 = 0x025805 in 3
  // bytes, least significant first.
  const std::string interleaved = varint(5) + "\x03" + varint(1) + varint(200) + varint(300) + "\x04" + varint(3);
  const std::string want = std::string("\x09\x05\x58\x02", 4) + "\x03\x04" + varint(1) + varint(200) + varint(3);
  std::vector<std::uint32_t> starts;
  EXPECT_EQ(split(interleaved, 2, &starts), want);
  EXPECT_EQ(starts, std::vector<std::uint32_t>{0});
  EXPECT_EQ(interleave_blocks(want, 2, "t.lex"), interleaved);
  // All gaps 0: width 0, no packed bytes.
  const std::string zeros = varint(0) + "\x01" + varint(1) + varint(0) + "\x01" + varint(1);
  EXPECT_EQ(split(zeros, 2), std::string("\x00\x01\x01\x01\x01", 5));
  EXPECT_EQ(split("", 0), "");
}

// Random lists of 1 to 700 postings (one to six blocks, the last one partial) with gaps and
// tfs of one to five bytes (up to 2^32 - 1): interleave_blocks undoes split_blocks, and each
// block starts where block_starts says, with its width byte, and ends where the next starts.
TEST(PostingBlocks, RandomListsRoundTripBlockByBlock) {
  std::mt19937 rng(11);
  const std::uint32_t sizes[] = {0x7f, 0x3fff, 0x1fffff, 0xfffffff, 0xffffffff};
  auto number = [&] { return static_cast<std::uint32_t>(rng()) & sizes[rng() % 5 == 0 ? rng() % 5 : 0]; };
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint32_t doc_freq = 1 + rng() % 700;
    std::string interleaved;
    std::vector<std::uint32_t> gaps;
    for (std::uint32_t i = 0; i < doc_freq; ++i) {
      gaps.push_back(number());
      put_varint(interleaved, gaps.back());
      const auto mask = static_cast<std::uint8_t>(rng() % 16);
      interleaved.push_back(static_cast<char>(mask));
      for (unsigned f = 0; f < kTextFieldCount; ++f) {
        if ((mask >> f & 1) != 0) put_varint(interleaved, number());
      }
    }
    std::vector<std::uint32_t> starts;
    const std::string packed = split(interleaved, doc_freq, &starts);
    ASSERT_EQ(starts.size(), (doc_freq + kBlockDocs - 1) / kBlockDocs);
    for (std::size_t b = 0; b < starts.size(); ++b) {
      // The block's width is its widest gap's.
      std::uint32_t widest = 0;
      for (std::size_t i = b * kBlockDocs; i < std::min<std::size_t>(doc_freq, (b + 1) * kBlockDocs); ++i) {
        widest = std::max(widest, gaps[i]);
      }
      ASSERT_LT(starts[b], packed.size());
      EXPECT_EQ(static_cast<unsigned>(static_cast<std::uint8_t>(packed[starts[b]])), std::bit_width(widest));
      if (b + 1 < starts.size()) {
        EXPECT_LT(starts[b], starts[b + 1]);
      }
    }
    ASSERT_EQ(interleave_blocks(packed, doc_freq, "t.lex"), interleaved) << "trial " << trial;
  }
}

// Damaged streams are Corrupt errors naming the file, never reads past the end.
TEST(PostingBlocks, DamagedStreamsAreCorruptAndNameTheFile) {
  const std::string good = varint(5) + "\x03" + varint(1) + varint(200) + varint(300) + "\x04" + varint(3);
  const std::string packed = split(good, 2);
  auto expect_corrupt = [](auto&& call, const char* what) {
    try {
      call();
      ADD_FAILURE() << what << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::Corrupt) << what;
      EXPECT_NE(std::string(e.what()).find("t.lex"), std::string::npos) << what << ": " << e.what();
    }
  };
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    expect_corrupt([&] { split(good.substr(0, cut), 2); }, "interleaved cut short");
  }
  for (std::size_t cut = 0; cut < packed.size(); ++cut) {
    expect_corrupt([&] { interleave_blocks(packed.substr(0, cut), 2, "t.lex"); }, "split cut short");
  }
  expect_corrupt([&] { split(good + "x", 2); }, "interleaved with a byte left over");
  expect_corrupt([&] { interleave_blocks(packed + "x", 2, "t.lex"); }, "split with a byte left over");
  expect_corrupt([&] { split(std::string(6, '\x80') + "\x01\x01", 1); }, "overlong gap");
  expect_corrupt([&] { split(std::string(4, '\xff') + "\x7f\x00", 1); }, "gap past 2^32");
  expect_corrupt([&] { interleave_blocks(std::string("\x21\x00\x00\x00\x00\x00\x00", 7), 1, "t.lex"); },
                 "width past 32 bits");
}

}  // namespace
}  // namespace medsearch::lexical
