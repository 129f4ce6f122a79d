#include "transition/plain_transition.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <random>
#include <vector>

#include "io/error.hpp"
#include "io/random.hpp"
#include "transition/transition.hpp"

namespace vec2midi::transition {
namespace {

std::vector<double> coefficients(int64_t k, double box, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::vector<double> a(static_cast<size_t>(k));
  for (double& v : a) v = box * (2.0 * io::uniform_open(gen) - 1.0);
  return a;
}

// Unit-norm embeddings, as the embedder gives.
torch::Tensor embeddings(int64_t n, int64_t e) {
  torch::manual_seed(4);
  const torch::Tensor x = torch::randn({n, e});
  return (x / x.norm(2, 1, true)).contiguous();
}

void expect_same_map(const TransitionOptions& o) {
  const std::vector<double> a = coefficients(o.n_matrices, 0.07, 2);
  const Transition reference(o);
  const PlainTransition plain(o, a);
  const torch::Tensor e = embeddings(6, o.embedding_size);
  const torch::Tensor want = reference.apply(reference.combine(std::span<const double>(a)), e);
  for (int64_t i = 0; i < e.size(0); ++i) {
    const torch::Tensor ei = e[i].contiguous();
    const std::vector<float> z = plain.map(std::span<const float>(ei.data_ptr<float>(), size_t(ei.numel())));
    ASSERT_EQ(int64_t(z.size()), o.latent_size);
    for (int64_t d = 0; d < o.latent_size; ++d) EXPECT_NEAR(z[size_t(d)], want[i][d].item<float>(), 1e-5) << i << "," << d;
  }
}

TEST(PlainTransition, MapsAsTransitionDoes) {
  expect_same_map({.n_matrices = 100, .seed = 0, .latent_size = 128, .embedding_size = 9});
}

TEST(PlainTransition, HoldsTheUndrivenDimsAsTransitionDoes) {
  expect_same_map({.n_matrices = 20, .seed = 3, .latent_size = 64, .embedding_size = 9, .driven_dims = {5, 1, 40, 63}});
}

TEST(PlainTransition, RefusesWrongSizes) {
  const TransitionOptions o{.n_matrices = 4, .seed = 1, .latent_size = 8, .embedding_size = 3};
  EXPECT_THROW(PlainTransition(o, std::vector<double>(3, 0.01)), InputError);
  const PlainTransition t(o, std::vector<double>(4, 0.01));
  EXPECT_THROW(t.map(std::vector<float>(2, 0.5f)), InputError);
  EXPECT_EQ(t.map(std::vector<float>(3, 0.5f)).size(), 8u);
}

}  // namespace
}  // namespace vec2midi::transition
