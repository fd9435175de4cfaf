#include "scenarios/cli.hpp"

#include <catch2/catch.hpp>

using scenarios::CliOptions;
using scenarios::parse_cli;
using scenarios::TargetSpec;

namespace {
std::string reject(std::vector<std::string> args) {
  CliOptions o;
  return parse_cli(args, o).value_or("");
}
}  // namespace

TEST_CASE("cli: run with targets, tokens, variables and reports", "[scenarios][cli]") {
  CliOptions o;
  REQUIRE_FALSE(parse_cli({"run",
                           "--target",
                           "scim=https://x.test/scim/v2",
                           "--token",
                           "T1",
                           "--target",
                           "idp=exec:/bin/mock-idp",
                           "--target-arg",
                           "idp=--seed",
                           "--token",
                           "idp=T2",
                           "--target",
                           "echo=embedded",
                           "--var",
                           "a=b=c",
                           "--junit",
                           "j.xml",
                           "--har",
                           "h.har",
                           "--pace",
                           "0.5",
                           "--keep-going",
                           "--seed",
                           "5",
                           "--tag",
                           "smoke",
                           "a.json",
                           "b.json"},
                          o));
  CHECK(o.command == "run");
  CHECK(o.files == std::vector<std::string>{"a.json", "b.json"});
  REQUIRE(o.targets.size() == 3);
  CHECK(o.targets[0].kind == TargetSpec::Kind::kUrl);
  CHECK(o.targets[0].token.value() == "T1");
  CHECK(o.targets[1].kind == TargetSpec::Kind::kExec);
  CHECK(o.targets[1].value == "/bin/mock-idp");
  CHECK(o.targets[1].args == std::vector<std::string>{"--seed"});
  CHECK(o.targets[1].token.value() == "T2");
  CHECK(o.targets[2].kind == TargetSpec::Kind::kEmbedded);
  CHECK(o.variables[0] == std::make_pair(std::string("a"), std::string("b=c")));
  CHECK(o.demo);
  CHECK(o.pace_seconds == 0.5);
  CHECK(o.keep_going);
  CHECK(o.seed == 5);
  CHECK(o.tags == std::vector<std::string>{"smoke"});
}

TEST_CASE("cli: bad command lines are rejected with a reason", "[scenarios][cli]") {
  CHECK(reject({}) == "a command is required (run, validate, replay, journal, list, help)");
  CHECK(reject({"fly"}) == "unknown command \"fly\" (try: scenario-runner help)");
  CHECK(reject({"run"}) == "run needs at least one scenario file");
  CHECK(reject({"run", "a.json", "--bogus"}) ==
        "unknown option --bogus (try: scenario-runner help)");
  CHECK(reject({"run", "a.json", "--target"}) == "--target needs a value");
  CHECK(reject({"run", "a.json", "--target", "scim"}) ==
        "--target takes NAME=URL, NAME=exec:PATH or NAME=embedded (NAME: [a-z][a-z0-9-]*)");
  CHECK(reject({"run", "a.json", "--target", "scim=ftp://x"}) ==
        "--target scim: \"ftp://x\" is not an http(s) URL, exec:PATH or embedded");
  CHECK(reject({"run", "a.json", "--target", "a=http://x", "--target", "a=http://y"}) ==
        "--target a given twice");
  CHECK(reject({"run", "a.json", "--token", "t"}) ==
        "--token without NAME= must follow a --target");
  CHECK(reject({"run", "a.json", "--token", "idp=t"}) ==
        "--token idp=...: give --target idp=... first");
  CHECK(reject({"run", "a.json", "--target-arg", "idp=x"}) ==
        "--target-arg idp: give --target idp=... first");
  CHECK(reject({"run", "a.json", "--var", "novalue"}) == "--var takes NAME=VALUE");
  CHECK(reject({"run", "a.json", "--pace", "soon"}) ==
        "--pace takes a number of seconds (0..3600)");
  CHECK(reject({"run", "a.json", "--seed", "x"}) == "--seed takes an integer");
  CHECK(reject({"replay"}) == "replay takes one HAR file");
  CHECK(reject({"journal", "--har", "x"}) == "journal needs --from URL and --har FILE");
  CHECK(reject({"journal", "--from", "nope"}) == "--from takes an http(s) URL");
}
