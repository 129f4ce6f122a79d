// The message of the InputError a piece of code throws, for tests of bad input.
// Usage: EXPECT_NE(input_error_of([&] { read_midi(path); }).find("truncated"), std::string::npos);
#pragma once

#include <exception>
#include <string>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::testing {

/// The message of the InputError `f` throws; a test failure (and "") if it throws anything else or nothing.
template <typename F>
std::string input_error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected InputError, got: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected InputError, nothing thrown";
  return {};
}

}  // namespace vec2midi::testing
