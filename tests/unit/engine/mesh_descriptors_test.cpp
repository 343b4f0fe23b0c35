// read_mesh_descriptors over small hand-written files in NLM's ASCII MeSH layout
// (mesh_descriptors.hpp): headings, ENTRY and PRINT ENTRY terms with and without
// subfields, non-descriptor records, CRLF and a missing last newline, and the errors.
#include <gtest/gtest.h>

#include "medsearch/core/error.hpp"
#include "medsearch/engine/suggest/mesh_descriptors.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::engine::suggest {
namespace {

using Strings = std::vector<std::string>;

constexpr const char* kTwoDescriptors =
    "*NEWRECORD\n"
    "RECTYPE = D\n"
    "MH = Myocardial Infarction\n"
    "AQ = BL CF CI\n"
    "PRINT ENTRY = Heart Attack|T047|NON|EQV|NLM (1990)|890101|abcdef\n"
    "ENTRY = Infarction, Myocardial\n"
    "ENTRY = Heart Attacks|T047|NON|EQV|UNK (19XX)|740330|abcdef\n"
    "ENTRY = Attacks, Heart\n"
    "MN = C14.280.647.500\n"
    "UI = D009203\n"
    "\n"
    "*NEWRECORD\n"
    "RECTYPE = Q\n"
    "SH = blood\n"
    "UI = Q000097\n"
    "*NEWRECORD\n"
    "RECTYPE = D\n"
    "MH = Gene Library\n"
    "ENTRY = Libraries, DNA\n"
    "ENTRY = DNA Libraries\n"
    "ENTRY = Bank, Gene, Human\n"
    "UI = D015723";  // no newline at the end

TEST(MeshDescriptors, ReadsHeadingsAndEntryTermsDroppingPermutations) {
  testing::TempDir tmp;
  const auto got = read_mesh_descriptors(tmp.write("d.bin", kTwoDescriptors));
  ASSERT_EQ(got.size(), 2u);  // the qualifier record has no MH
  EXPECT_EQ(got[0].heading, "Myocardial Infarction");
  // "Infarction, Myocardial" is the heading inverted; "Attacks, Heart" is "Heart Attacks".
  EXPECT_EQ(got[0].entry_terms, (Strings{"Heart Attack", "Heart Attacks"}));
  EXPECT_EQ(got[1].heading, "Gene Library");
  // Two commas: not a simple inversion, kept.
  EXPECT_EQ(got[1].entry_terms, (Strings{"DNA Libraries", "Bank, Gene, Human"}));
}

TEST(MeshDescriptors, CrlfLinesAndBlankLinesReadTheSame) {
  testing::TempDir tmp;
  std::string crlf;
  for (char c : std::string(kTwoDescriptors)) {
    if (c == '\n') crlf += "\r\n\r\n";
    else crlf += c;
  }
  const auto got = read_mesh_descriptors(tmp.write("d.bin", crlf));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].entry_terms, (Strings{"Heart Attack", "Heart Attacks"}));
  EXPECT_EQ(got[1].heading, "Gene Library");
}

TEST(MeshDescriptors, DropPermutedTermsComparesWithoutCase) {
  EXPECT_EQ(drop_permuted_entry_terms("Parkinson Disease", {"disease, parkinson", "Paralysis Agitans", "Agitans, Paralysis"}),
            (Strings{"Paralysis Agitans"}));
  EXPECT_EQ(drop_permuted_entry_terms("Asthma", {"Asthma, Bronchial"}), (Strings{"Asthma, Bronchial"}));
}

TEST(MeshDescriptors, ErrorsNameTheFileAndLine) {
  testing::TempDir tmp;
  const auto message_of = [](const std::string& path) -> std::string {
    try {
      read_mesh_descriptors(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message_of(tmp.file("missing.bin")).find("missing.bin' cannot be read"), std::string::npos);
  const std::string tree = tmp.write("tree.txt", "Tree Number\tDesc Ui\tTerm\nC10.1\tD1\tParkinson Disease\n");
  EXPECT_NE(message_of(tree).find("tree.txt' line 1: expected 'NAME = value'"), std::string::npos) << message_of(tree);
  const std::string empty = tmp.write("empty.bin", "\n\n");
  EXPECT_NE(message_of(empty).find("has no '*NEWRECORD' line"), std::string::npos) << message_of(empty);
  const std::string early = tmp.write("early.bin", "MH = Asthma\n*NEWRECORD\n");
  EXPECT_NE(message_of(early).find("line 1: an element before the first '*NEWRECORD'"), std::string::npos);
  const std::string long_line = tmp.write("long.bin", "*NEWRECORD\nMH = Asthma\nMS = " + std::string(kMaxMeshLineBytes, 'x') + "\n");
  EXPECT_NE(message_of(long_line).find("long.bin' line 3 is longer than the maximum of 65536 bytes"), std::string::npos)
      << message_of(long_line);
  // A line of exactly the maximum is accepted.
  const std::string at_cap = tmp.write("cap.bin", "*NEWRECORD\nMH = Asthma\nMS = " + std::string(kMaxMeshLineBytes - 5, 'x') + "\n");
  EXPECT_EQ(read_mesh_descriptors(at_cap).size(), 1u);
}

}  // namespace
}  // namespace medsearch::engine::suggest
