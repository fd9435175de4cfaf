#pragma once

#include <optional>
#include <string>
#include <vector>

namespace scenarios {

// How one target of a run is provided (--target NAME=SPEC).
struct TargetSpec {
  enum class Kind { kUrl, kExec, kEmbedded };
  std::string name;
  Kind kind = Kind::kUrl;
  std::string value;              // the URL, or the binary path for kExec
  std::vector<std::string> args;  // extra arguments for kExec (--target-arg NAME=ARG)
  std::optional<std::string> token;
};

// The command line of scenario-runner (see usage()).
struct CliOptions {
  std::string command;  // run | validate | replay | journal | list | help
  std::vector<std::string> files;
  std::vector<TargetSpec> targets;
  std::vector<std::pair<std::string, std::string>> variables;  // --var NAME=VALUE
  std::string junit_file;
  std::string har_file;
  bool demo = false;
  double pace_seconds = -1;  // < 0: wait for Enter in demo mode
  bool verbose = false;
  bool keep_going = false;
  bool verify_tls = false;
  std::uint64_t seed = 0;
  std::vector<std::string> tags;  // run only scenarios with one of these tags
  // replay
  std::string title;
  std::string save_file;  // write the generated scenario here
  bool strict_ids = false;
  bool strict_timestamps = false;
  bool strict_request_ids = false;
  bool no_body_checks = false;
  bool keep_paths = false;
  std::string replay_target = "target";
  // journal
  std::string from_url;
  std::string since = "0";
};

std::string usage();

// nullopt and `out` filled, or a one-line reason (exit status 2).
std::optional<std::string> parse_cli(const std::vector<std::string>& args, CliOptions& out);

}  // namespace scenarios
