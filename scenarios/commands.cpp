#include "scenarios/commands.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/net/server.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/logger.hpp"
#include "scenarios/embedded.hpp"
#include "scenarios/har.hpp"
#include "scenarios/junit.hpp"
#include "scenarios/report.hpp"
#include "scenarios/runner.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/transport.hpp"

namespace scenarios {
namespace {

constexpr const char* kVersion = "0.1.0";
constexpr std::size_t kMaxHarFileBytes = 256 * 1024 * 1024;

bool write_file(const std::string& path, const std::string& text, Environment& env) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    env.err << "scenario-runner: cannot write " << path << "\n";
    return false;
  }
  return true;
}

std::optional<nlohmann::json> read_json_file(const std::string& path, Environment& env) {
  const auto text = disk_reader()(path);
  if (!text) {
    env.err << "scenario-runner: cannot read " << path << "\n";
    return std::nullopt;
  }
  if (text->size() > kMaxHarFileBytes || core::net::nesting_exceeds(*text, 64)) {
    env.err << "scenario-runner: " << path << ": too large or nested too deeply\n";
    return std::nullopt;
  }
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) {
    env.err << "scenario-runner: " << path << ": not valid JSON\n";
    return std::nullopt;
  }
  return doc;
}

// Builds the targets the scenarios need: given ones first, then embedded apps by name.
bool make_targets(const CliOptions& options, const std::vector<std::string>& needed,
                  TargetSet& targets, core::util::Logger& log, Environment& env) {
  std::vector<std::string> names = needed;
  for (const auto& t : options.targets) {
    if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
  }
  for (const auto& name : names) {
    const auto spec = std::find_if(options.targets.begin(), options.targets.end(),
                                   [&](const TargetSpec& t) { return t.name == name; });
    try {
      if (spec != options.targets.end() && spec->kind == TargetSpec::Kind::kUrl) {
        targets.add(std::make_unique<ExternalTarget>(name, spec->value, spec->token));
      } else if (spec != options.targets.end() && spec->kind == TargetSpec::Kind::kExec) {
        targets.add(ProcessTarget::spawn(name, spec->value, spec->args, spec->token));
      } else {
        std::string error;
        auto t =
            make_embedded_target(name, spec != options.targets.end() ? spec->token : std::nullopt,
                                 log, options.seed, error);
        if (!t) {
          env.err << "scenario-runner: target " << name << ": " << error << "\n";
          return false;
        }
        targets.add(std::move(t));
      }
    } catch (const std::exception& e) {
      env.err << "scenario-runner: " << e.what() << "\n";
      return false;
    }
  }
  return true;
}

bool has_tag(const Scenario& s, const std::vector<std::string>& tags) {
  if (tags.empty()) return true;
  return std::any_of(s.tags.begin(), s.tags.end(), [&](const std::string& t) {
    return std::find(tags.begin(), tags.end(), t) != tags.end();
  });
}

// Runs loaded scenarios and writes the reports. Exit status as execute().
int run_scenarios(const CliOptions& options, const std::vector<Scenario>& scenarios,
                  Environment& env) {
  std::vector<std::string> needed;
  for (const auto& s : scenarios) {
    for (const auto& t : required_targets(s)) {
      if (std::find(needed.begin(), needed.end(), t) == needed.end()) needed.push_back(t);
    }
  }
  core::util::Logger log(env.err, "scenario-runner", core::util::Logger::Level::kWarn);
  TargetSet targets;
  if (!make_targets(options, needed, targets, log, env)) return 2;
  core::net::HttpClientOptions http;
  http.verify_tls = options.verify_tls;
  NetworkTransport transport(http);
  core::util::IdGenerator ids(options.seed);
  TerminalOptions terminal;
  terminal.demo = options.demo;
  terminal.verbose = options.verbose;
  std::function<void()> pause;
  if (options.demo) {
    pause = [&env, pace = options.pace_seconds] {
      if (pace >= 0) {
        if (env.sleep) env.sleep(pace);
        return;
      }
      env.out << "    (Enter to continue)" << std::flush;
      std::string line;
      std::getline(env.in, line);
    };
  }
  TerminalReporter reporter(env.out, terminal, pause);
  RunnerOptions runner_options;
  runner_options.stop_on_failure = !options.keep_going;
  Runner runner(transport, targets, env.clock, ids, reporter, runner_options);
  Variables overrides;
  for (const auto& [name, value] : options.variables) overrides.set(name, value);
  std::vector<RunResult> results;
  for (const auto& s : scenarios) {
    // Servers this run owns start each scenario from a clean state; external ones are left as
    // they are (they may not even have /_harness/).
    for (Target* t : targets.all()) {
      if (t->kind() != TargetKind::kEmbedded && t->kind() != TargetKind::kProcess) continue;
      HttpRequest reset{"POST", t->harness_url() + "/_harness/reset", {}, ""};
      const auto res = transport.send(reset);
      if (res.status != 200) {
        env.err << "scenario-runner: target " << t->name() << ": reset failed: "
                << (res.error.empty() ? std::to_string(res.status) : res.error) << "\n";
      }
    }
    results.push_back(runner.run(s, overrides));
  }
  bool ok =
      std::all_of(results.begin(), results.end(), [](const RunResult& r) { return r.passed(); });
  if (results.size() > 1) {
    std::size_t passed = 0;
    for (const auto& r : results) passed += r.passed() ? 1 : 0;
    env.out << "== " << passed << " of " << results.size() << " scenarios passed\n";
  }
  if (!options.junit_file.empty() && !write_file(options.junit_file, junit_xml(results), env)) {
    ok = false;
  }
  if (!options.har_file.empty() &&
      !write_file(options.har_file, to_har(runner.exchanges(), kVersion).dump(2), env)) {
    ok = false;
  }
  return ok ? 0 : 1;
}

std::vector<Scenario> load_all(const CliOptions& options, Environment& env, bool& failed) {
  std::vector<Scenario> out;
  for (const auto& file : options.files) {
    try {
      out.push_back(load_scenario(file, disk_reader()));
    } catch (const ScenarioError& e) {
      for (const auto& d : e.diagnostics()) env.err << d.to_string() << "\n";
      failed = true;
    }
  }
  return out;
}

int cmd_replay(const CliOptions& options, Environment& env) {
  const auto doc = read_json_file(options.files[0], env);
  if (!doc) return 2;
  std::vector<Exchange> exchanges;
  try {
    exchanges =
        doc->contains("requests") ? from_journal(*doc, "http://recorded.invalid") : from_har(*doc);
  } catch (const HarError& e) {
    env.err << options.files[0] << ": " << e.what() << "\n";
    return 2;
  }
  ReplayOptions replay;
  replay.title = options.title.empty() ? "replay of " + options.files[0] : options.title;
  replay.target = options.replay_target;
  replay.lenient_ids = !options.strict_ids;
  replay.lenient_timestamps = !options.strict_timestamps;
  replay.lenient_request_ids = !options.strict_request_ids;
  replay.check_bodies = !options.no_body_checks;
  replay.keep_paths = options.keep_paths;
  const nlohmann::json scenario_doc = replay_scenario(exchanges, replay);
  if (!options.save_file.empty() && !write_file(options.save_file, scenario_doc.dump(2), env)) {
    return 2;
  }
  Scenario scenario;
  try {
    scenario = parse_scenario(scenario_doc, options.files[0], disk_reader());
  } catch (const ScenarioError& e) {
    for (const auto& d : e.diagnostics()) env.err << d.to_string() << "\n";
    return 2;
  }
  env.out << scenario_doc["description"].get<std::string>() << "\n";
  return run_scenarios(options, {scenario}, env);
}

int cmd_journal(const CliOptions& options, Environment& env) {
  core::net::HttpClientOptions http;
  http.verify_tls = options.verify_tls;
  NetworkTransport transport(http);
  const auto parts = split_url(options.from_url);
  HttpRequest req{
      "GET", parts->origin + "/_harness/requests?since=" + url_encode(options.since), {}, ""};
  const auto res = transport.send(req);
  if (!res.error.empty() || res.status != 200) {
    env.err << "scenario-runner: GET " << req.url << ": "
            << (res.error.empty() ? std::to_string(res.status) + " " + res.body.substr(0, 200)
                                  : res.error)
            << "\n";
    return 1;
  }
  if (core::net::nesting_exceeds(res.body, 64)) {
    env.err << "scenario-runner: the journal nests too deeply\n";
    return 1;
  }
  const auto doc = nlohmann::json::parse(res.body, nullptr, false);
  try {
    const auto exchanges = from_journal(doc, parts->origin);
    if (!write_file(options.har_file, to_har(exchanges, kVersion).dump(2), env)) return 1;
    env.out << "wrote " << exchanges.size() << " exchanges to " << options.har_file << "\n";
  } catch (const HarError& e) {
    env.err << "scenario-runner: the journal: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int execute(const CliOptions& options, Environment& env) {
  if (options.command == "help") {
    env.out << usage();
    return 0;
  }
  if (options.command == "journal") return cmd_journal(options, env);
  if (options.command == "replay") return cmd_replay(options, env);
  bool failed = false;
  std::vector<Scenario> scenarios = load_all(options, env, failed);
  if (options.command == "validate") {
    for (const auto& s : scenarios) env.out << s.file << ": ok (" << s.steps.size() << " steps)\n";
    return failed ? 2 : 0;
  }
  if (options.command == "list") {
    for (const auto& s : scenarios) {
      env.out << s.file << "\n  " << s.title;
      if (!s.tags.empty()) {
        env.out << "  [";
        for (std::size_t i = 0; i < s.tags.size(); ++i) env.out << (i ? ", " : "") << s.tags[i];
        env.out << "]";
      }
      env.out << "\n";
    }
    return failed ? 2 : 0;
  }
  if (failed) return 2;
  std::vector<Scenario> selected;
  for (auto& s : scenarios) {
    if (has_tag(s, options.tags)) selected.push_back(std::move(s));
  }
  if (selected.empty()) {
    env.err << "scenario-runner: no scenario has one of the tags given\n";
    return 2;
  }
  return run_scenarios(options, selected, env);
}

}  // namespace scenarios
