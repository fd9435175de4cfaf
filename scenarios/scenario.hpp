#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "core/util/clock.hpp"

namespace scenarios {

// One problem found while loading a scenario: which file, which step (1-based; 0 = the
// scenario itself), which field (dotted path inside the step or the scenario), and why.
struct Diagnostic {
  std::string file;
  int step = 0;
  std::string step_name;
  std::string field;
  std::string message;
  // "lib/a.json: step 3 (create alice): field \"expect.status\": must be an integer 100..599"
  std::string to_string() const;
};

// Thrown by the loader with every problem it found (at least one).
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Limits on scenario files (they may come from anyone: a HAR import, a shared library).
constexpr std::size_t kMaxScenarioBytes = 8 * 1024 * 1024;
constexpr std::size_t kMaxSteps = 10000;
constexpr int kMaxIncludeDepth = 8;
constexpr int kMaxScenarioJsonDepth = 64;

// Where a request goes and what it carries. Strings may hold ${variables}.
struct RequestSpec {
  std::string target;  // a target name, or "" when `url` is absolute
  std::string url;     // absolute URL (template), instead of target + path
  std::string method = "GET";
  std::string path = "/";              // appended to the target's base URL
  nlohmann::json query = nullptr;      // object: name -> string, added to the URL
  nlohmann::json headers = nullptr;    // object: name -> string
  std::optional<nlohmann::json> body;  // JSON body (application/json unless a header says)
  std::optional<std::string> text;     // raw body
  std::optional<nlohmann::json> form;  // object: url-encoded body
  bool auth = true;                    // add the target's bearer token when it has one
};

struct Expect {
  std::vector<int> status;                                      // any of these; empty: no check
  std::vector<std::pair<std::string, nlohmann::json>> headers;  // name -> text matcher
  std::optional<nlohmann::json> body;                           // JSON subset (matcher.hpp)
  std::optional<nlohmann::json> text;                           // text matcher on the raw body
};

struct Capture {
  enum class Source { kBodyPointer, kHeader, kRegex, kStatus, kUrl, kBody };
  std::string variable;
  Source source = Source::kBodyPointer;
  std::string pointer;  // kBodyPointer
  std::string header;   // kHeader; for kRegex the header to search ("" = the body)
  std::string regex;    // kRegex
  int group = 0;        // kRegex
};

struct HttpStep {
  RequestSpec request;
  Expect expect;
  std::vector<Capture> captures;
};

// A browser sign-in: starts at `start`, follows redirects, posts auto-submitting forms (SAML
// HTTP-POST binding), fills the login form with username/password, and stops on the first
// page that is neither. `expect` and `captures` apply to that final page; the variable
// "saml.response" holds the last SAMLResponse the browser carried.
struct SamlLoginStep {
  RequestSpec start;
  std::string username;
  std::string password;
  int max_hops = 20;
  Expect expect;
  std::vector<Capture> captures;
};

// Moves every target's virtual clock (or only `targets`).
struct ClockStep {
  std::optional<core::util::Millis> advance;
  std::string set;  // ISO-8601 instant
  std::vector<std::string> targets;
};

// Sends `request` until `expect` holds; between attempts advances every target's clock by
// `every`; fails once `timeout` of virtual time has passed.
struct WaitUntilStep {
  RequestSpec request;
  Expect expect;
  std::vector<Capture> captures;
  core::util::Millis every{60000};
  core::util::Millis timeout{0};
};

struct NarrateStep {
  std::string text;
};

struct Scenario;

// Where an included scenario's target points instead (templates).
struct TargetOverride {
  std::string url;
  std::optional<std::string> token;
};

struct IncludeStep {
  std::string file;                    // as written, relative to the including file
  nlohmann::json variables = nullptr;  // object: set before the included steps run
  std::map<std::string, TargetOverride> targets;
  std::shared_ptr<const Scenario> scenario;  // loaded with the including file
};

using StepBody =
    std::variant<HttpStep, SamlLoginStep, ClockStep, WaitUntilStep, NarrateStep, IncludeStep>;

struct Step {
  int number = 0;         // 1-based within its file
  std::string kind;       // "http", "saml-login", "clock", "wait-until", "narrate", "include"
  std::string name;       // as written, or derived from the request
  std::string narration;  // shown in --demo before the step runs
  StepBody body;
};

struct Scenario {
  std::string file;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<std::string> targets;  // names every step may use
  nlohmann::json variables = nlohmann::json::object();
  std::vector<Step> steps;
};

// Reads a file's text; nullopt if it cannot be read. Injected so that tests need no files.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;
FileReader disk_reader();

// Validates and converts one parsed document. `file` names it in diagnostics and anchors
// includes; `reader` loads included files. Throws ScenarioError with every problem found.
Scenario parse_scenario(const nlohmann::json& doc, const std::string& file,
                        const FileReader& reader, int include_depth = 0);

// Reads, size- and depth-checks, parses and validates `path` and what it includes.
Scenario load_scenario(const std::string& path, const FileReader& reader);
// The same for text already in memory (HAR imports, the fuzzer).
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const FileReader& reader, int include_depth = 0);

// Every target name the scenario and its includes use (targets of include overrides are
// resolved by the include, so they are left out).
std::vector<std::string> required_targets(const Scenario& scenario);

}  // namespace scenarios
