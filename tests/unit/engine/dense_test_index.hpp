// What the dense tests share: a generated two-topic corpus, a small default (SIF) model
// that trains in a moment, and a fixture owning an index directory that tests ingest into.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "medsearch/core/scored_doc.hpp"
#include "medsearch/engine/dense/embedding_job.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::testing {

// `count` citations with PMIDs first_pmid, first_pmid + 1, ...: the i-th is about the heart
// when i is even, the brain when odd (each topic has its own words, so that a corpus-trained
// model tells them apart); language "fre" when i % 5 == 0, else "eng"; year 2000 + i % 20.
inline std::vector<FixtureCitation> two_topic_corpus(int first_pmid, int count, std::uint32_t seed) {
  const std::vector<std::string> cardio = {"heart", "cardiac", "myocardial", "infarction", "artery", "coronary", "angina", "ventricular", "statin", "cholesterol"};
  const std::vector<std::string> neuro = {"brain", "neuron", "cortex", "seizure", "epilepsy", "dementia", "cognitive", "synaptic", "hippocampus", "stroke"};
  const std::vector<std::string> filler = {"patients", "study", "results", "treatment", "clinical", "trial", "outcome", "effect"};
  std::mt19937 rng(seed);
  std::vector<FixtureCitation> docs;
  for (int i = 0; i < count; ++i) {
    const auto& topic = i % 2 == 0 ? cardio : neuro;
    auto words = [&](int n) {
      std::string s;
      for (int w = 0; w < n; ++w) {
        const auto& pool = rng() % 3 == 0 ? filler : topic;
        s += (s.empty() ? "" : " ") + pool[rng() % pool.size()];
      }
      return s;
    };
    FixtureCitation c{std::to_string(first_pmid + i), words(6), 2000 + i % 20, i % 5 == 0 ? "fre" : "eng", words(40)};
    docs.push_back(c);
  }
  return docs;
}

// The default model at 16 dimensions, trained briefly on one thread; FAISS factory as
// embed chooses it (set `factory` to force one).
inline engine::EmbedOptions small_sif_model() {
  engine::EmbedOptions o;
  o.sif.dim = 16;
  o.sif.epochs = 5;
  o.sif.min_count = 1;
  o.sif.buckets = 5000;
  o.threads = 1;
  o.chunk_docs = 7;
  return o;
}

// The same documents in the same order, scores equal up to float rounding (FAISS's Flat
// scan and the exact scorer add the same products in different orders).
inline void expect_same_ranking(const RankedList& got, const RankedList& oracle) {
  ASSERT_EQ(got.size(), oracle.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].doc, oracle[i].doc) << "rank " << i;
    EXPECT_NEAR(got[i].score, oracle[i].score, 1e-5) << "rank " << i;
  }
}

// An index directory (empty until a test ingests) in a temporary directory.
class DenseTestIndex : public ::testing::Test {
 protected:
  // Ingests one PubMed file named `name` holding `docs` and the deletions of `deleted`
  // (PMIDs), compacting when the dead fraction exceeds `compact_dead_fraction` (0: never).
  void ingest(const std::string& name, const std::vector<FixtureCitation>& docs, const std::vector<std::string>& deleted = {},
              double compact_dead_fraction = 0) {
    engine::IngestOptions options;
    options.compact_dead_fraction = compact_dead_fraction;
    engine::Indexer(dir_, options).ingest({tmp_.write(name, pubmed_xml(docs, deleted))}, nullptr, nullptr);
  }

  TempDir tmp_;
  std::string dir_ = tmp_.file("idx");
};

}  // namespace medsearch::testing
