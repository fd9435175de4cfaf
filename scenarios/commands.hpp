#pragma once

#include <functional>
#include <istream>
#include <ostream>

#include "core/util/clock.hpp"
#include "scenarios/cli.hpp"

namespace scenarios {

// What a command may touch besides the network: its streams, time, and a way to wait (demo
// --pace). main() builds it from the real process; tests build their own.
struct Environment {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  const core::util::Clock& clock;
  std::function<void(double seconds)> sleep;
};

// Runs one parsed command line. Returns the process exit status: 0 every step passed, 1 a
// step failed (or a server could not be reached), 2 a usage or scenario error.
int execute(const CliOptions& options, Environment& env);

}  // namespace scenarios
