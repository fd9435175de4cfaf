#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "scenarios/http_types.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/target.hpp"
#include "scenarios/transport.hpp"
#include "scenarios/variables.hpp"

// One function per step kind. Each returns nullopt when the step passed, else the reason it
// failed; they never throw for a failure of the system under test.
namespace scenarios::steps {

struct Context {
  Transport& transport;
  const std::map<std::string, const Target*>& targets;
  Variables& vars;
  core::util::IdGenerator& ids;
  const core::util::Clock& clock;
  std::vector<Exchange>& exchanges;  // every request the step sends is appended
  std::string step_label;            // "3. create alice", stored with each exchange
  Scope scope() const { return Scope{vars, &ids, &clock}; }
};

std::optional<std::string> run_http(const HttpStep& step, Context& ctx);
std::optional<std::string> run_saml_login(const SamlLoginStep& step, Context& ctx);
std::optional<std::string> run_clock(const ClockStep& step, Context& ctx);
std::optional<std::string> run_wait_until(const WaitUntilStep& step, Context& ctx);
std::optional<std::string> run_narrate(const NarrateStep& step, Context& ctx);

// Shared by the steps (steps/request.cpp).
// Builds the request: substitutes variables, joins the target's base URL and path, adds the
// query, the body and the target's bearer token. Throws SubstitutionError or
// std::runtime_error (unknown target).
HttpRequest build_request(const RequestSpec& spec, const Context& ctx);
// Sends and records the exchange.
HttpResponse send_recorded(const HttpRequest& request, Context& ctx);
// nullopt if the response meets `expect` (no status given: any 2xx), else the first mismatch.
std::optional<std::string> check_expect(const Expect& expect, const HttpResponse& response,
                                        const Scope& scope);
// Stores the captures; nullopt, or why one could not be taken. `url` is the request URL.
std::optional<std::string> apply_captures(const std::vector<Capture>& captures,
                                          const HttpResponse& response, const std::string& url,
                                          Variables& vars);
// Moves the virtual clock of every target in ctx (or only `names`), each server once.
std::optional<std::string> advance_all(const std::vector<std::string>& names, core::util::Millis by,
                                       Context& ctx);
// "POST http://h/p -> 201" for failure messages.
std::string describe(const HttpRequest& request, const HttpResponse& response);

}  // namespace scenarios::steps
