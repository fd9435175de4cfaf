// A server made only of core/net: the automation contract with no app behind it, so that
// the end-to-end tests of the core (readiness line, SIGTERM, 413, journal, clock) need no mock.
#include <iostream>

#include "core/net/harness.hpp"
#include "core/net/process.hpp"
#include "core/net/server.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/iso8601.hpp"
#include "core/util/logger.hpp"

int main(int argc, char** argv) {
  core::net::ShutdownSignals signals;
  core::net::CommonFlags flags;
  std::vector<std::string> rest;
  if (const auto error = core::net::parse_common_flags(argc, argv, flags, rest)) {
    std::cerr << "echo-server: " << *error << "\n";
    return 2;
  }
  core::util::SystemClock system_clock;
  core::util::VirtualClock clock(system_clock);
  core::util::IdGenerator ids(flags.seed);
  core::util::Logger log(std::cerr, "echo-server");
  core::util::Logger::Level level;
  if (core::util::Logger::parse_level(flags.log_level, level)) log.set_level(level);
  core::net::HttpServer server(flags.server, clock, ids, log);
  int resets = 0;
  core::net::HarnessHooks hooks;
  hooks.service = "echo-server";
  hooks.reset = [&resets] { ++resets; };
  core::net::install_harness(server, clock, std::move(hooks));
  server.routes().Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.body, req.get_header_value("Content-Type"));
  });
  server.routes().Get("/now", [&clock](const httplib::Request&, httplib::Response& res) {
    core::net::send_json(res, 200, {{"now", core::util::format_utc(clock.now())}});
  });
  server.routes().Get("/throw", [](const httplib::Request&, httplib::Response&) {
    throw std::runtime_error("deliberate");
  });
  server.routes().Get("/resets", [&resets](const httplib::Request&, httplib::Response& res) {
    core::net::send_json(res, 200, {{"resets", resets}});
  });
  try {
    return core::net::serve_until_signalled(server, signals, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "echo-server: " << e.what() << "\n";
    return 1;
  }
}
