// The world of one process (a command not started by mpirun); the MPI paths are tested through mpirun in
// tests/app/cmd_search_mpi_test.cpp.
#include "cluster/world.hpp"

#include <cmath>
#include <cstdlib>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::cluster {
namespace {

TEST(World, WithoutMpirunIsOneProcessThatCannotSend) {
  ASSERT_FALSE(launched_by_mpirun()) << "run the unit tests without mpirun";
  EXPECT_EQ(launched_rank(), 0);
  const World& world = World::get();
  EXPECT_EQ(world.rank(), 0);
  EXPECT_EQ(world.size(), 1);
  EXPECT_THROW(world.send(1, 1, "x"), Error);
  EXPECT_THROW(world.send(0, 1, "x"), Error);
  EXPECT_FALSE(world.poll().has_value());
  EXPECT_THROW(world.receive(), Error);
}

TEST(World, LaunchedRankIsReadFromOpenMpisEnvironment) {
  ::setenv("OMPI_COMM_WORLD_RANK", "5", 1);
  EXPECT_TRUE(launched_by_mpirun());
  EXPECT_EQ(launched_rank(), 5);
  ::unsetenv("OMPI_COMM_WORLD_RANK");
  EXPECT_FALSE(launched_by_mpirun());
}

TEST(World, DoublesSurviveTheTripThroughBytes) {
  const std::vector<double> values{0.0, -1.5, 1e-300, 3.141592653589793, -0.0};
  const std::string bytes = to_bytes(values);
  EXPECT_EQ(bytes.size(), values.size() * sizeof(double));
  const std::vector<double> back = doubles_of(bytes);
  ASSERT_EQ(back.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(std::signbit(back[i]), std::signbit(values[i]));
  EXPECT_EQ(back, values);
  EXPECT_TRUE(doubles_of("").empty());
  EXPECT_THROW(doubles_of("abc"), Error);
}

}  // namespace
}  // namespace vec2midi::cluster
