#include "search/embedding_set.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"

namespace vec2midi::search {
namespace {

vision::ColourCentres centres(int64_t e) {
  vision::ColourCentres c{.embedding_size = e, .mean = std::vector<float>(size_t(9 * e)),
                          .std = std::vector<float>(size_t(9 * e), 0.4f)};
  for (size_t i = 0; i < c.mean.size(); ++i) c.mean[i] = float(i);  // class c, dim k: c·e + k
  return c;
}

// Mean and (population) variance of dimension k over the first n items.
std::pair<double, double> moments(const EmbeddingSet& set, int64_t n, int64_t k) {
  double sum = 0.0, square = 0.0;
  for (int64_t i = 0; i < n; ++i) sum += set.row(i)[size_t(k)];
  const double mean = sum / double(n);
  for (int64_t i = 0; i < n; ++i) square += (set.row(i)[size_t(k)] - mean) * (set.row(i)[size_t(k)] - mean);
  return {mean, square / double(n)};
}

TEST(OriginalScheme, SplitsEachClass95To5InOrder) {
  OriginalSchemeOptions o;
  o.class_sizes = {20, 21, 22, 23, 24, 25, 26, 27, 40};
  const auto split = original_scheme(centres(3), o);
  // floor(0.95 n) train per class: 19, 19, 20, 21, 22, 23, 24, 25, 38
  EXPECT_EQ(split.train.size(), 19 + 19 + 20 + 21 + 22 + 23 + 24 + 25 + 38);
  EXPECT_EQ(split.test.size(), 1 + 2 + 2 + 2 + 2 + 2 + 2 + 2 + 2);
  EXPECT_EQ(split.test.labels.front(), 0);
  EXPECT_EQ(split.test.labels.back(), 8);
}

TEST(OriginalScheme, SamplesHaveCovarianceStdOverTen) {
  OriginalSchemeOptions o;
  o.class_sizes = std::vector<int64_t>(9, 4000);
  const auto split = original_scheme(centres(2), o);
  // The first 3,800 train items are class 0. Variance = std / 10 = 0.04 (the covariance itself is std/10, MISSION.md §1)
  EXPECT_NEAR(moments(split.train, 3800, 0).second, 0.04, 0.004);
  EXPECT_NEAR(moments(split.train, 3800, 1).first, 1.0, 0.02);
  EXPECT_EQ(split.train.embedding_size, 2);
}

TEST(OriginalScheme, SameSeedSameSamples) {
  const auto a = original_scheme(centres(2), {}), b = original_scheme(centres(2), {});
  EXPECT_EQ(a.train.embeddings, b.train.embeddings);
  OriginalSchemeOptions other;
  other.seed = 1;
  EXPECT_NE(a.train.embeddings, original_scheme(centres(2), other).train.embeddings);
}

TEST(OriginalScheme, SearchValidationAndTestDataAreSeparateStreamsOfOneSeed) {
  OriginalSchemeOptions search, validation, test;
  validation.stream = io::Stream::validation_data;
  test.stream = io::Stream::test_data;
  const auto a = original_scheme(centres(2), search).train.embeddings;
  const auto b = original_scheme(centres(2), validation).train.embeddings;
  const auto c = original_scheme(centres(2), test).train.embeddings;
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(b, c);
  // The old validation draw (data seed + 1) was the next seed's search data; now it is not.
  OriginalSchemeOptions next_search;
  next_search.seed = 1;
  EXPECT_NE(b, original_scheme(centres(2), next_search).train.embeddings);
}

TEST(OriginalScheme, SamplesComeFromTheNamedStreamOfTheSeed) {
  OriginalSchemeOptions o;
  o.seed = 3;
  o.class_sizes = std::vector<int64_t>(9, 2);
  const auto split = original_scheme(centres(2), o);
  io::Rng gen = io::stream_generator(3, io::Stream::search_data);
  const auto eps = io::standard_normal(gen, 2);  // item 0 of class 0: mean (0, 1) + sqrt(0.4 / 10)·ε
  EXPECT_FLOAT_EQ(split.train.row(0)[0], float(0.0 + std::sqrt(0.04) * eps[0]));
  EXPECT_FLOAT_EQ(split.train.row(0)[1], float(1.0 + std::sqrt(0.04) * eps[1]));
}

TEST(OriginalScheme, WrongNumberOfSizesIsAnInputError) {
  OriginalSchemeOptions o;
  o.class_sizes = {5, 5};
  EXPECT_THROW(original_scheme(centres(2), o), InputError);
}

TEST(SplitInOrder, KeepsTheFirstItemsOfEachClassForTraining) {
  const EmbeddingSet all{.embedding_size = 1, .embeddings = {0, 1, 2, 3, 4, 5}, .labels = {1, 0, 1, 0, 1, 1}};
  const auto split = split_in_order(all, 0.5);
  EXPECT_EQ(split.train.labels, (std::vector<int>{0, 1, 1}));
  // class 0 holds items 1, 3 (values 1, 3); class 1 items 0, 2, 4, 5
  EXPECT_EQ(split.train.embeddings, (std::vector<float>{1.0f, 0.0f, 2.0f}));
  EXPECT_EQ(split.test.embeddings, (std::vector<float>{3.0f, 4.0f, 5.0f}));
}

TEST(SplitInOrder, RefusesEmbeddingsThatAreNotOneRowPerLabel) {
  const EmbeddingSet bad{.embedding_size = 2, .embeddings = {0, 1, 2}, .labels = {0, 1}};
  EXPECT_THROW(split_in_order(bad, 0.5), InputError);
}

}  // namespace
}  // namespace vec2midi::search
