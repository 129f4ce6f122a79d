// The project's one exception type, thrown at the boundaries (files, user input, network).
// Usage: throw vec2midi::InputError(fmt("{}: not a MIDI file", path));
// The CLI maps InputError to exit code 2 and any other Error to exit code 1.
#pragma once

#include <stdexcept>
#include <string>

namespace vec2midi {

/// A failure vec2midi reports to its user: the message names the offending path or value.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input from the user: a malformed file, a missing path, an invalid option value (exit code 2).
class InputError : public Error {
 public:
  using Error::Error;
};

}  // namespace vec2midi
