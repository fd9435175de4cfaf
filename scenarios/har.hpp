#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenarios/http_types.hpp"

namespace scenarios {

// A HAR or journal document that cannot be read; the message names the entry and the field
// ("entries[3].request.url: required").
class HarError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

constexpr std::size_t kMaxHarEntries = 100000;

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of what happened in a run.
// Authorization and Cookie values are masked the way the servers' journals mask them; each
// entry's comment names the step that sent it.
nlohmann::json to_har(const std::vector<Exchange>& exchanges, const std::string& creator_version);

// Reads HAR 1.2 as browsers, proxies and this runner write it (base64 content is decoded).
std::vector<Exchange> from_har(const nlohmann::json& har);

// A server's journal (the answer of GET /_harness/requests, entries as core/net/journal.cpp
// writes them) as exchanges against `origin` ("http://127.0.0.1:8080").
std::vector<Exchange> from_journal(const nlohmann::json& journal, const std::string& origin);

// How a recording becomes a scenario. Recorded values that differ on every run are matched
// by type only when the matching leniency is on, and server-generated ids are captured from
// the replayed responses and substituted into later requests.
struct ReplayOptions {
  std::string title = "replay";
  std::string target = "target";    // the first origin's target name; others get "-2", "-3"...
  bool lenient_ids = true;          // "id" members, UUIDs, URLs carrying them
  bool lenient_timestamps = true;   // ISO-8601 and AWS "YYYY-MM-DD HH:MM:SS" instants
  bool lenient_request_ids = true;  // exceptionRequestId, requestId, x-request-id
  bool check_bodies = true;         // expect the recorded JSON body (as a subset)
  bool keep_paths = false;          // false: paths relative to the origin's common prefix
};

// A scenario document (validate it with parse_scenario) with one http step per exchange.
// The targets' base URLs correspond to `origin + common prefix` of the recording, listed in
// the description so that a user knows what to pass to --target.
nlohmann::json replay_scenario(const std::vector<Exchange>& exchanges,
                               const ReplayOptions& options);

}  // namespace scenarios
