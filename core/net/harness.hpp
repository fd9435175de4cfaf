#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/net/server.hpp"
#include "core/util/clock.hpp"

namespace core::net {

// What an app plugs into the common /_harness/ routes. Every hook is optional.
struct HarnessHooks {
  std::string service;                     // "mock-scim", "mock-idp": shown by health
  std::function<void()> reset;             // back to the state at start-up
  std::function<void()> clock_changed;     // after POST /_harness/clock moved the clock
  std::function<nlohmann::json()> faults;  // GET /_harness/faults
  // PUT /_harness/faults: applies the switches; returns an error message to reject them.
  std::function<std::optional<std::string>(const nlohmann::json&)> set_faults;
};

// Installs the automation contract's routes (DESIGN.md), loopback only unless
// ServerOptions::harness_remote:
//   GET  /_harness/health
//   GET  /_harness/clock            {"now","offset","offsetMillis"}
//   POST /_harness/clock            {"advance":"PT40M"} | {"set":"2027-11-27T00:00:00Z"} |
//   {"reset":true} POST /_harness/reset            clock offset 0, journal emptied, app state reset
//   GET  /_harness/requests         ?since=SEQ&limit=N  (the journal)
//   DELETE /_harness/requests
//   GET|PUT /_harness/faults
// Errors answer {"error":{"code","message"}} with 400/403.
void install_harness(HttpServer& server, util::VirtualClock& clock, HarnessHooks hooks);

// The body the harness routes use for their own errors.
void send_harness_error(httplib::Response& res, int status, const std::string& code,
                        const std::string& message);

// For app-specific /_harness/ routes: answers 403 and returns false if the peer may not.
bool harness_guard(const HttpServer& server, const httplib::Request& req, httplib::Response& res);

}  // namespace core::net
