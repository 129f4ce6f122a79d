#include "io/random_stream.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace vec2midi::io {
namespace {

constexpr Stream kAllStreams[] = {Stream::transition_matrices, Stream::search_data, Stream::validation_data,
                                  Stream::test_data};

TEST(RandomStream, SplitMixMatchesItsPublishedOutputs) {
  // SplitMix64 seeded with 0 (Vigna's splitmix64.c: state += 0x9E3779B97F4A7C15, then the mix): its first
  // outputs are 0xE220A8397B1DCDAF and 0x6E789E6AA1B965F4.
  EXPECT_EQ(splitmix64(0x9E3779B97F4A7C15ull), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(splitmix64(2 * 0x9E3779B97F4A7C15ull), 0x6E789E6AA1B965F4ull);
}

TEST(RandomStream, FnvMatchesItsPublishedValues) {
  // FNV-1a 64 test vectors (Fowler, Noll & Vo): "" -> offset basis, "a" -> 0xaf63dc4c8601ec8c.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(RandomStream, StreamIsTheMersenneTwisterAtTheDocumentedSeed) {
  Rng got = stream_generator(7, Stream::search_data);
  Rng want(splitmix64((7 ^ fnv1a64("search.data")) + 0x9E3779B97F4A7C15ull));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(got(), want());
}

TEST(RandomStream, EveryUseHasItsOwnNameAndItsOwnNumbersForTheSameSeed) {
  std::set<std::string> names;
  for (const Stream s : kAllStreams) names.insert(std::string(stream_name(s)));
  EXPECT_EQ(names.size(), std::size(kAllStreams));
  for (uint64_t seed : {0ull, 1ull, 2ull, 1ull << 32}) {
    std::set<uint64_t> first;
    for (const Stream s : kAllStreams) first.insert(stream_generator(seed, s)());
    EXPECT_EQ(first.size(), std::size(kAllStreams)) << "seed " << seed;
  }
}

TEST(RandomStream, NeighbouringSeedsOfTwoUsesNeverMeet) {
  // The old scheme drew validation at data seed + 1: the next run's search data. Named streams keep the
  // first 64 seeds of every use apart from each other.
  std::set<uint64_t> first;
  for (uint64_t seed = 0; seed < 64; ++seed) {
    for (const Stream s : kAllStreams) first.insert(stream_generator(seed, s)());
  }
  EXPECT_EQ(first.size(), 64 * std::size(kAllStreams));
}

TEST(RandomStream, ItemGeneratorIsSplitMixOfTheIndexAndRepeats) {
  // Item i of base seed b: mt19937_64(splitmix64(b + γ·(i + 1))); the golden temperature decodes rely on it.
  Rng want(splitmix64(3 + 0x9E3779B97F4A7C15ull * 6));
  EXPECT_EQ(item_generator(3, 5)(), want());
  EXPECT_NE(item_generator(1, 0)(), item_generator(1, 1)());
  EXPECT_NE(item_generator(1, 0)(), item_generator(2, 0)());
  EXPECT_EQ(item_generator(1, 5)(), item_generator(1, 5)());
}

}  // namespace
}  // namespace vec2midi::io
