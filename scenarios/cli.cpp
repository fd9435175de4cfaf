#include "scenarios/cli.hpp"

#include <charconv>
#include <cstdlib>
#include <regex>

#include "scenarios/http_types.hpp"

namespace scenarios {

std::string usage() {
  return R"(usage: scenario-runner COMMAND [options] FILE...

commands:
  run FILE...        run scenarios (exit 0 only if every step passed, 1 if one failed,
                     2 for a usage or scenario error)
  validate FILE...   check scenario files against the format; print every problem
  replay FILE.har    replay a HAR recording as a scenario against --target(s)
  journal            fetch a server's journal (--from URL) and write it as HAR (--har FILE)
  list [FILE...]     titles and tags of scenario files
  help               this text

targets (run, replay):
  --target NAME=URL          an external server, e.g. --target scim=https://host/scim/v2
  --target NAME=exec:PATH    a server binary started with --listen 127.0.0.1:0
  --target NAME=embedded     mock-scim ("scim") or mock-idp ("idp") in this process (default
                             for those names when the build includes them)
  --target-arg NAME=ARG      an extra argument for an exec: target (repeatable)
  --token [NAME=]TOKEN       bearer token for NAME (default: the last --target)
  --verify-tls               check TLS certificates of https targets (default: off, lab
                             certificates are self-signed)

run options:
  --var NAME=VALUE           set a variable (wins over the scenario's own)
  --tag TAG                  run only scenarios with this tag (repeatable)
  --junit FILE               write a JUnit XML report
  --har FILE                 write every exchange of the run as HAR 1.2
  --demo                     narrate: each step's narration and the documents exchanged,
                             pausing for Enter after each step
  --pace SECONDS             in --demo, pause this long instead of waiting for Enter
  --verbose                  list every exchange under its step
  --keep-going               run the remaining steps after a failure
  --seed N                   reproducible ${$uuid} values

replay options:
  --title TEXT               title of the replayed scenario
  --as NAME                  target name for the recording's first origin (default "target")
  --save FILE                also write the generated scenario to FILE
  --strict-ids               compare ids exactly (default: by type, captured and reused)
  --strict-timestamps        compare timestamps exactly (default: by type)
  --strict-request-ids       compare request ids exactly (default: by type)
  --status-only              check only the status codes, not the bodies
  --keep-paths               keep full paths (default: relative to the common prefix)

journal options:
  --from URL                 the server (its /_harness/requests is read)
  --since SEQ                only entries after this sequence number
)";
}

namespace {

bool split_pair(const std::string& text, std::string& name, std::string& value) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  name = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

bool valid_target_name(const std::string& name) {
  static const std::regex kName("^[a-z][a-z0-9-]{0,31}$");
  return std::regex_match(name, kName);
}

}  // namespace

std::optional<std::string> parse_cli(const std::vector<std::string>& args, CliOptions& out) {
  if (args.empty()) return "a command is required (run, validate, replay, journal, list, help)";
  out.command = args[0];
  if (out.command == "--help" || out.command == "-h") out.command = "help";
  static const char* const kCommands[] = {"run", "validate", "replay", "journal", "list", "help"};
  bool known = false;
  for (const char* c : kCommands) known = known || out.command == c;
  if (!known) return "unknown command \"" + out.command + "\" (try: scenario-runner help)";
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&](std::string& dest) -> std::optional<std::string> {
      if (i + 1 >= args.size()) return a + " needs a value";
      dest = args[++i];
      return std::nullopt;
    };
    std::string v;
    if (a == "--target") {
      if (auto e = value(v)) return e;
      TargetSpec t;
      std::string spec;
      if (!split_pair(v, t.name, spec) || !valid_target_name(t.name)) {
        return "--target takes NAME=URL, NAME=exec:PATH or NAME=embedded (NAME: [a-z][a-z0-9-]*)";
      }
      if (spec == "embedded") {
        t.kind = TargetSpec::Kind::kEmbedded;
      } else if (spec.rfind("exec:", 0) == 0 && spec.size() > 5) {
        t.kind = TargetSpec::Kind::kExec;
        t.value = spec.substr(5);
      } else if (split_url(spec)) {
        t.kind = TargetSpec::Kind::kUrl;
        t.value = spec;
      } else {
        return "--target " + t.name + ": \"" + spec +
               "\" is not an http(s) URL, exec:PATH or embedded";
      }
      for (auto& existing : out.targets) {
        if (existing.name == t.name) return "--target " + t.name + " given twice";
      }
      out.targets.push_back(std::move(t));
    } else if (a == "--target-arg") {
      if (auto e = value(v)) return e;
      std::string name;
      std::string arg;
      if (!split_pair(v, name, arg)) return "--target-arg takes NAME=ARG";
      bool found = false;
      for (auto& t : out.targets) {
        if (t.name == name) {
          t.args.push_back(arg);
          found = true;
        }
      }
      if (!found) return "--target-arg " + name + ": give --target " + name + "=... first";
    } else if (a == "--token") {
      if (auto e = value(v)) return e;
      std::string name;
      std::string token;
      if (split_pair(v, name, token) && valid_target_name(name)) {
        bool found = false;
        for (auto& t : out.targets) {
          if (t.name == name) {
            t.token = token;
            found = true;
          }
        }
        if (!found) return "--token " + name + "=...: give --target " + name + "=... first";
      } else {
        if (out.targets.empty()) return "--token without NAME= must follow a --target";
        out.targets.back().token = v;
      }
    } else if (a == "--var") {
      if (auto e = value(v)) return e;
      std::string name;
      std::string val;
      if (!split_pair(v, name, val)) return "--var takes NAME=VALUE";
      out.variables.emplace_back(name, val);
    } else if (a == "--tag") {
      if (auto e = value(v)) return e;
      out.tags.push_back(v);
    } else if (a == "--junit") {
      if (auto e = value(out.junit_file)) return e;
    } else if (a == "--har") {
      if (auto e = value(out.har_file)) return e;
    } else if (a == "--demo") {
      out.demo = true;
    } else if (a == "--pace") {
      if (auto e = value(v)) return e;
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0' || d < 0 || d > 3600) {
        return "--pace takes a number of seconds (0..3600)";
      }
      out.pace_seconds = d;
      out.demo = true;
    } else if (a == "--verbose" || a == "-v") {
      out.verbose = true;
    } else if (a == "--keep-going") {
      out.keep_going = true;
    } else if (a == "--verify-tls") {
      out.verify_tls = true;
    } else if (a == "--seed") {
      if (auto e = value(v)) return e;
      const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out.seed);
      if (ec != std::errc() || ptr != v.data() + v.size()) return "--seed takes an integer";
    } else if (a == "--title") {
      if (auto e = value(out.title)) return e;
    } else if (a == "--as") {
      if (auto e = value(out.replay_target)) return e;
      if (!valid_target_name(out.replay_target)) return "--as takes a target name";
    } else if (a == "--save") {
      if (auto e = value(out.save_file)) return e;
    } else if (a == "--strict-ids") {
      out.strict_ids = true;
    } else if (a == "--strict-timestamps") {
      out.strict_timestamps = true;
    } else if (a == "--strict-request-ids") {
      out.strict_request_ids = true;
    } else if (a == "--status-only") {
      out.no_body_checks = true;
    } else if (a == "--keep-paths") {
      out.keep_paths = true;
    } else if (a == "--from") {
      if (auto e = value(out.from_url)) return e;
      if (!split_url(out.from_url)) return "--from takes an http(s) URL";
    } else if (a == "--since") {
      if (auto e = value(out.since)) return e;
    } else if (a == "--help" || a == "-h") {
      out.command = "help";
    } else if (!a.empty() && a.front() == '-') {
      return "unknown option " + a + " (try: scenario-runner help)";
    } else {
      out.files.push_back(a);
    }
  }
  if ((out.command == "run" || out.command == "validate") && out.files.empty()) {
    return out.command + " needs at least one scenario file";
  }
  if (out.command == "replay" && out.files.size() != 1) return "replay takes one HAR file";
  if (out.command == "journal" && (out.from_url.empty() || out.har_file.empty())) {
    return "journal needs --from URL and --har FILE";
  }
  return std::nullopt;
}

}  // namespace scenarios
