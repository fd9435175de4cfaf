#include "mock-scim/config.hpp"

#include <catch2/catch.hpp>

#include "mock-scim/http/faults.hpp"

using mock_scim::Config;

namespace {
std::optional<std::string> parse(std::vector<const char*> args, Config& c) {
  args.insert(args.begin(), "mock-scim");
  bool help = false;
  return mock_scim::parse_config(static_cast<int>(args.size()), args.data(), c, help);
}
}  // namespace

TEST_CASE("config: flags", "[mock-scim][config]") {
  Config c;
  CHECK_FALSE(parse({"--tenant-id", "abc-123", "--quirk", "replaceMembersObserved2024",
                     "--quirk=errorSchemaOnly2022", "--no-access-log", "--seed", "5"},
                    c));
  CHECK(c.tenant_id == "abc-123");
  CHECK(c.quirks.size() == 2);
  CHECK(c.seed == 5);
  CHECK_FALSE(c.server.access_log);
  Config d;
  CHECK(parse({"--quirk", "nope"}, d));
  CHECK(parse({"--tenant-id", "a/b"}, d));
  CHECK(parse({"--frobnicate"}, d));
  CHECK(parse({"--quirk"}, d));
}

TEST_CASE("config: JSON document", "[mock-scim][config]") {
  Config c;
  CHECK_FALSE(mock_scim::apply_config_json(
      R"({"tenantId":"t-1","quirks":["pathlessSingleAttribute"]})", c));
  CHECK(c.tenant_id == "t-1");
  CHECK(c.quirks.size() == 1);
  CHECK(mock_scim::apply_config_json("[]", c));
  CHECK(mock_scim::apply_config_json(R"({"tenantId":""})", c));
  CHECK(mock_scim::apply_config_json(R"({"quirks":["x"]})", c));
  CHECK(mock_scim::apply_config_json(R"({"other":1})", c));
}

TEST_CASE("faults: counts run down; bad bodies change nothing", "[mock-scim][faults]") {
  mock_scim::http::Faults f;
  CHECK(f.next().status == 0);
  CHECK_FALSE(f.apply({{"throttle", {{"count", 1}, {"retryAfter", 3}}},
                       {"failNext", {{"count", 1}, {"status", 502}}}}));
  CHECK(f.next().status == 502);
  const auto t = f.next();
  CHECK(t.status == 429);
  CHECK(t.retry_after_seconds == 3);
  CHECK(f.next().status == 0);
  CHECK(f.apply({{"latencyMs", 5}, {"failNext", {{"status", 99}}}}));
  CHECK(f.next().latency.count() == 0);
  CHECK(f.apply({{"latencyMs", -1}}));
  CHECK(f.apply({{"throttle", 3}}));
  CHECK(f.apply({{"unknown", 3}}));
  CHECK_FALSE(f.apply({{"latencyMs", 20}}));
  CHECK(f.next().latency.count() == 20);
  f.clear();
  CHECK(f.to_json()["latencyMs"] == 0);
}
