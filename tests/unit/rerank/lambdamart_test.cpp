#include "medsearch/rerank/lambdamart.hpp"

#include <gtest/gtest.h>

#include <random>

#include "medsearch/core/error.hpp"

namespace medsearch::rerank {
namespace {

// 100 queries × 10 candidates; the grade follows column 1, column 0 is noise.
TrainingSet synthetic(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  TrainingSet set;
  set.columns = 2;
  for (int q = 0; q < 100; ++q) {
    for (int i = 0; i < 10; ++i) {
      const float signal = u(rng);
      set.features.push_back(u(rng));
      set.features.push_back(signal);
      set.labels.push_back(signal > 0.8f ? 2.0f : signal > 0.5f ? 1.0f : 0.0f);
    }
    set.groups.push_back(10);
  }
  return set;
}

TEST(LambdaMart, LearnsTheFeatureThatCarriesTheGrades) {
  TrainParams p;
  p.rounds = 30;
  const LambdaMart model = LambdaMart::train(synthetic(1), p);
  const float rows[] = {0.9f, 0.1f,   // noise high, signal low
                        0.1f, 0.95f,  // signal high
                        0.5f, 0.6f};
  const std::vector<float> scores = model.predict(rows, 3);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_GT(scores[1], scores[2]);
  EXPECT_GT(scores[2], scores[0]);
}

TEST(LambdaMart, SavedModelPredictsTheSame) {
  TrainParams p;
  p.rounds = 10;
  const LambdaMart model = LambdaMart::train(synthetic(2), p);
  const LambdaMart loaded = LambdaMart::load(model.save(), 2);
  const float rows[] = {0.2f, 0.3f, 0.7f, 0.9f};
  EXPECT_EQ(model.predict(rows, 2), loaded.predict(rows, 2));
  EXPECT_THROW(LambdaMart::load("not a model", 2), Error);
}

TEST(LambdaMart, InconsistentTrainingSetIsRejected) {
  TrainingSet set = synthetic(3);
  set.groups.back() = 9;
  EXPECT_THROW(LambdaMart::train(set, TrainParams{}), Error);
}

}  // namespace
}  // namespace medsearch::rerank
