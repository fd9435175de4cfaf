#include "mock-idp/provisioning/log_store.hpp"

#include <catch2/catch.hpp>

using mock_idp::provisioning::LogFilterError;
using mock_idp::provisioning::LogStore;
using mock_idp::provisioning::Outbox;
using nlohmann::json;

namespace {

json entry(const std::string& action, const std::string& status, const std::string& source) {
  return {{"provisioningAction", action},
          {"activityDateTime", "2026-11-27T10:00:00Z"},
          {"sourceIdentity", {{"id", source}}},
          {"provisioningStatusInfo", {{"status", status}}}};
}

}  // namespace

TEST_CASE("log store: OData filters", "[provisioning][logs]") {
  LogStore logs;
  logs.append(entry("create", "success", "a"));
  logs.append(entry("update", "failure", "b"));
  logs.append(entry("create", "failure", "c"));
  CHECK(logs.query("", 100).size() == 3);
  CHECK(logs.query("", 100)[0]["sourceIdentity"]["id"] == "c");  // newest first
  CHECK(logs.query("provisioningAction eq 'create'", 100).size() == 2);
  CHECK(logs.query("provisioningAction eq 'Create' and provisioningStatusInfo/status eq 'failure'",
                   100)
            .size() == 1);
  CHECK(logs.query("sourceIdentity/id ne 'a'", 100).size() == 2);
  CHECK(logs.query("activityDateTime ge 2026-11-27T00:00:00Z", 100).size() == 3);
  CHECK(logs.query("activityDateTime gt 2026-11-28T00:00:00Z", 100).empty());
  CHECK(logs.query("", 1).size() == 1);
}

TEST_CASE("log store: malformed filters are rejected", "[provisioning][logs]") {
  LogStore logs;
  CHECK_THROWS_AS(logs.query("provisioningAction like 'x'", 10), LogFilterError);
  CHECK_THROWS_WITH(logs.query("provisioningAction eq 'x", 10), Catch::Contains("unterminated"));
  CHECK_THROWS_WITH(logs.query("a eq 'x' or b eq 'y'", 10), Catch::Contains("only 'and'"));
  CHECK_THROWS_WITH(logs.query("a$ eq 'x'", 10), Catch::Contains("not a property path"));
  CHECK_THROWS_WITH(logs.query("a eq", 10), Catch::Contains("value expected"));
  CHECK_THROWS_WITH(logs.query(std::string(3000, 'a'), 10), Catch::Contains("too long"));
}

TEST_CASE("outbox: keeps messages in order", "[provisioning][outbox]") {
  Outbox outbox;
  outbox.send({{"subject", "one"}});
  outbox.send({{"subject", "two"}});
  auto m = outbox.messages();
  REQUIRE(m.size() == 2);
  CHECK(m[1]["subject"] == "two");
  outbox.clear();
  CHECK(outbox.messages().empty());
}
