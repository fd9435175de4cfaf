// scenario-runner: runs scenario files against embedded, spawned or external targets.
#include <signal.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "core/util/clock.hpp"
#include "scenarios/cli.hpp"
#include "scenarios/commands.hpp"

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  scenarios::CliOptions options;
  if (const auto error = scenarios::parse_cli(args, options)) {
    std::cerr << "scenario-runner: " << *error << "\n";
    return 2;
  }
  core::util::SystemClock clock;
  scenarios::Environment env{std::cout, std::cerr, std::cin, clock, [](double seconds) {
                               std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
                             }};
  return scenarios::execute(options, env);
}
