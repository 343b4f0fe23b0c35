// GET /api/suggest and the "suggestion" of /api/search, in-process over the server tests'
// fixture index (server_fixture.hpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api.hpp"
#include "server_fixture.hpp"

namespace medsearch::server {
namespace {

class SuggestApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = build_fixture_index(tmp_);
    ApiOptions options;
    options.searcher.chinese = engine::SearcherOptions::Chinese::Off;  // English only here
    options.suggest.vocabulary.mesh_tree = tmp_.write("tree.txt", "Tree Number\tDesc Ui\tTerm\nC10.1\tD1\tParkinson Disease\nC08.1\tD2\tAsthma, Exercise-Induced\n");
    api_ = std::make_unique<Api>(*index_, options);
  }
  nlohmann::json get_json(const std::string& path, std::multimap<std::string, std::string> params, int status = 200) {
    HttpRequest request;
    request.path = path;
    request.params = std::move(params);
    const HttpResponse response = api_->handle(request);
    EXPECT_EQ(response.status, status) << response.body;
    return nlohmann::json::parse(response.body);
  }
  std::vector<std::string> texts(const nlohmann::json& body) {
    std::vector<std::string> out;
    for (const auto& s : body["suggestions"]) out.push_back(s["text"]);
    return out;
  }

  testing::TempDir tmp_;
  std::unique_ptr<engine::IndexReader> index_;
  std::unique_ptr<Api> api_;
};

TEST_F(SuggestApiTest, CompletesTitlePhrasesAndMeshHeadings) {
  const nlohmann::json body = get_json("/api/suggest", {{"prefix", "Deep br"}});
  EXPECT_EQ(body["prefix"], "Deep br");
  const auto shown = texts(body);
  EXPECT_NE(std::find(shown.begin(), shown.end(), "deep brain stimulation"), shown.end()) << body.dump();
  for (const auto& s : body["suggestions"]) {
    EXPECT_EQ(s["text"].get<std::string>().rfind("deep br", 0), 0u) << body.dump();
    EXPECT_EQ(s["source"], "title");
    EXPECT_GE(s["documents"].get<int>(), 2);  // seen in two titles of the fixture
  }
  // A heading of the index, and one only the tree file names (no documents: last).
  const auto parkinson = get_json("/api/suggest", {{"prefix", "parkinson d"}});
  ASSERT_FALSE(parkinson["suggestions"].empty());
  EXPECT_EQ(parkinson["suggestions"][0]["text"], "Parkinson Disease");  // the MeSH spelling wins
  EXPECT_EQ(parkinson["suggestions"][0]["source"], "mesh");
  const auto exercise = get_json("/api/suggest", {{"prefix", "asthma, exer"}});
  EXPECT_EQ(texts(exercise), std::vector<std::string>{"Asthma, Exercise-Induced"});
  EXPECT_EQ(exercise["suggestions"][0]["documents"], 0);
  // A trailing space asks for a next word.
  for (const auto& text : texts(get_json("/api/suggest", {{"prefix", "motor "}}))) EXPECT_EQ(text.rfind("motor ", 0), 0u);
  EXPECT_TRUE(get_json("/api/suggest", {{"prefix", "zzzz"}})["suggestions"].empty());
  EXPECT_TRUE(get_json("/api/suggest", {{"prefix", ""}})["suggestions"].empty());
  EXPECT_LE(get_json("/api/suggest", {{"prefix", "d"}, {"limit", "2"}})["suggestions"].size(), 2u);
}

TEST_F(SuggestApiTest, RejectsBadParameters) {
  EXPECT_EQ(get_json("/api/suggest", {}, 400)["error"]["message"], "parameter 'prefix' is required");
  get_json("/api/suggest", {{"prefix", "a"}, {"limit", "x"}}, 400);
  get_json("/api/suggest", {{"prefix", "a"}, {"limit", "11"}}, 400);
  get_json("/api/suggest", {{"prefix", std::string(201, 'a')}}, 400);
  get_json("/api/suggest", {{"prefix", "a"}, {"prefx", "a"}}, 400);
  get_json("/api/search", {{"q", "asthma"}, {"suggest_below", "-1"}}, 400);
}

TEST_F(SuggestApiTest, SearchOffersACorrectionThatFindsSomething) {
  // "symptoms" is in two documents (the vocabulary's minimum); "symptms" in none.
  const nlohmann::json body = get_json("/api/search", {{"q", "symptms"}});
  EXPECT_EQ(body["total"], 0);
  ASSERT_TRUE(body.contains("suggestion")) << body.dump();
  EXPECT_EQ(body["suggestion"]["query"], "symptoms");
  EXPECT_EQ(body["suggestion"]["total"], 2);
  EXPECT_EQ(body["suggestion"]["changes"][0]["from"], "symptms");
  EXPECT_EQ(body["suggestion"]["changes"][0]["to"], "symptoms");
  // A misspelled word beside known ones: the others still match, the unknown word is fixed.
  const nlohmann::json mixed = get_json("/api/search", {{"q", "parkinson symptms"}, {"suggest_below", "1"}});
  EXPECT_GT(mixed["total"].get<int>(), 0);
  ASSERT_TRUE(mixed.contains("suggestion")) << mixed.dump();
  EXPECT_EQ(mixed["suggestion"]["query"], "parkinson symptoms");
  // Known words, a word in one document only (below the vocabulary's minimum), or
  // suggestions turned off: none.
  EXPECT_FALSE(get_json("/api/search", {{"q", "symptoms"}}).contains("suggestion"));
  EXPECT_FALSE(get_json("/api/search", {{"q", "levodpa"}}).contains("suggestion"));
  EXPECT_FALSE(get_json("/api/search", {{"q", "symptms"}, {"suggest_below", "0"}}).contains("suggestion"));
  // Field tags and operators survive the correction.
  const nlohmann::json tagged = get_json("/api/search", {{"q", "symptms AND motor[ti]"}});
  ASSERT_TRUE(tagged.contains("suggestion")) << tagged.dump();
  EXPECT_EQ(tagged["suggestion"]["query"], "symptoms AND motor[ti]");
}

// "improves" is in two abstracts (101, 107) and in no title or MeSH name.
TEST_F(SuggestApiTest, SpellingKnowsTheWordsOfAbstracts) {
  const nlohmann::json body = get_json("/api/search", {{"q", "imprves motor symptoms"}});
  ASSERT_TRUE(body.contains("suggestion")) << body.dump();
  EXPECT_EQ(body["suggestion"]["query"], "improves motor symptoms");

  ApiOptions titles_only;
  titles_only.searcher.chinese = engine::SearcherOptions::Chinese::Off;
  titles_only.suggest.vocabulary.abstract_sample = 0;
  const Api api(*index_, titles_only);
  HttpRequest request;
  request.path = "/api/search";
  request.params = {{"q", "imprves motor symptoms"}};
  EXPECT_FALSE(nlohmann::json::parse(api.handle(request).body).contains("suggestion"));
}

// A descriptor file (NLM's ASCII layout) adds entry terms, each shown with its heading and
// the heading's documents; the permuted form of the heading is not offered.
TEST_F(SuggestApiTest, EntryTermsOfADescriptorFileCompleteWithTheirHeading) {
  ApiOptions options;
  options.searcher.chinese = engine::SearcherOptions::Chinese::Off;
  options.suggest.vocabulary.mesh_descriptors = tmp_.write("d.bin",
      "*NEWRECORD\nRECTYPE = D\nMH = Parkinson Disease\n"
      "PRINT ENTRY = Paralysis Agitans|T047|NON|EQV|NLM (1966)|650101|abcdef\n"
      "ENTRY = Disease, Parkinson\nENTRY = Idiopathic Parkinsonism\nUI = D010300\n");
  const Api api(*index_, options);
  const auto ask = [&api](const std::string& prefix) {
    HttpRequest request;
    request.path = "/api/suggest";
    request.params = {{"prefix", prefix}};
    return nlohmann::json::parse(api.handle(request).body);
  };
  const nlohmann::json heading = ask("parkinson d")["suggestions"][0];
  EXPECT_EQ(heading["text"], "Parkinson Disease");
  EXPECT_EQ(heading["source"], "mesh");
  EXPECT_FALSE(heading.contains("heading"));
  const nlohmann::json body = ask("paralysis ag");
  ASSERT_EQ(body["suggestions"].size(), 1u) << body.dump();
  EXPECT_EQ(body["suggestions"][0]["text"], "Paralysis Agitans");
  EXPECT_EQ(body["suggestions"][0]["source"], "mesh_entry");
  EXPECT_EQ(body["suggestions"][0]["heading"], "Parkinson Disease");
  // The documents indexed with the heading: one fixture citation. (The heading's own entry
  // says 2: it also is the title phrase "parkinson disease", and the larger score is kept.)
  EXPECT_EQ(body["suggestions"][0]["documents"], 1);
  EXPECT_EQ(ask("idiopathic p")["suggestions"][0]["heading"], "Parkinson Disease");
  EXPECT_TRUE(ask("disease, park")["suggestions"].empty());
  // Without the file there are no entry terms.
  EXPECT_TRUE(get_json("/api/suggest", {{"prefix", "paralysis ag"}})["suggestions"].empty());
  const std::vector<std::string> lines = api.warm_up();
  EXPECT_NE(lines.back().find("2 entry terms"), std::string::npos) << lines.back();
}

TEST_F(SuggestApiTest, WarmUpBuildsTheVocabulary) {
  const std::vector<std::string> lines = api_->warm_up();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("suggestions "), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find("7 titles and 6 abstracts read"), std::string::npos) << lines.back();
}

}  // namespace
}  // namespace medsearch::server
