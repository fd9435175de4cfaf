// mock-scim: AWS IAM Identity Center's SCIM v2 server with AWS's rules, offline.
#include <iostream>

#include "core/net/process.hpp"
#include "core/util/logger.hpp"
#include "mock-scim/app.hpp"
#include "mock-scim/config.hpp"

int main(int argc, char** argv) {
  core::net::ShutdownSignals signals;
  mock_scim::Config config;
  bool help = false;
  if (const auto error = mock_scim::parse_config(argc, argv, config, help)) {
    std::cerr << "mock-scim: " << *error << "\n";
    return 2;
  }
  if (help) {
    std::cout << mock_scim::usage();
    return 0;
  }
  core::util::Logger log(std::cerr, "mock-scim");
  core::util::Logger::Level level;
  if (!core::util::Logger::parse_level(config.log_level, level)) {
    std::cerr << "mock-scim: unknown --log-level \"" << config.log_level << "\"\n";
    return 2;
  }
  log.set_level(level);
  try {
    mock_scim::App app(config, log);
    return core::net::serve_until_signalled(app.server(), signals, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "mock-scim: " << e.what() << "\n";
    return 1;
  }
}
