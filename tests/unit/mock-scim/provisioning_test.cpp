#include "mock-scim/provisioning/provisioning.hpp"

#include <catch2/catch.hpp>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/iso8601.hpp"

using mock_scim::provisioning::AuthResult;
using mock_scim::provisioning::ConsoleRefusal;
using mock_scim::provisioning::Provisioning;

namespace {
struct Fixture {
  core::util::ManualClock clock{*core::util::parse_datetime("2026-02-28T12:00:00Z")};
  core::util::IdGenerator ids{1};
  Provisioning p{clock, ids};
};
}  // namespace

TEST_CASE("provisioning: enable once, tokens at most two", "[mock-scim][provisioning]") {
  Fixture f;
  CHECK(f.p.authenticate("x") == AuthResult::kNotEnabled);
  const auto first = f.p.enable();
  CHECK(f.p.enabled());
  CHECK_THROWS_AS(f.p.enable(), ConsoleRefusal);
  CHECK(f.p.authenticate(first.secret) == AuthResult::kOk);
  CHECK(f.p.authenticate("") == AuthResult::kMissing);
  CHECK(f.p.authenticate(first.secret + "x") == AuthResult::kUnknown);
  const auto second = f.p.create_token();
  CHECK(second.secret != first.secret);
  CHECK_THROWS_AS(f.p.create_token(), ConsoleRefusal);
  CHECK(f.p.tokens().size() == 2);
  CHECK_THROWS_AS(f.p.disable(), ConsoleRefusal);
  CHECK(f.p.delete_token(first.info.id));
  CHECK_FALSE(f.p.delete_token(first.info.id));
  CHECK(f.p.authenticate(first.secret) == AuthResult::kUnknown);
  CHECK(f.p.delete_token(second.info.id));
  f.p.disable();
  CHECK_FALSE(f.p.enabled());
  CHECK_THROWS_AS(f.p.disable(), ConsoleRefusal);
  CHECK_THROWS_AS(f.p.create_token(), ConsoleRefusal);
}

TEST_CASE("provisioning: a token expires one calendar year later", "[mock-scim][provisioning]") {
  Fixture f;
  const auto t = f.p.enable();
  CHECK(core::util::format_utc(t.info.expires) == "2027-02-28T12:00:00Z");
  f.clock.set(t.info.expires - core::util::Millis(1));
  CHECK(f.p.authenticate(t.secret) == AuthResult::kOk);
  f.clock.set(t.info.expires);
  CHECK(f.p.authenticate(t.secret) == AuthResult::kExpired);
  CHECK(f.p.expired(f.p.tokens()[0]));
}

TEST_CASE("provisioning: reset forgets everything", "[mock-scim][provisioning]") {
  Fixture f;
  const auto t = f.p.enable();
  f.p.reset();
  CHECK_FALSE(f.p.enabled());
  CHECK(f.p.tokens().empty());
  CHECK(f.p.authenticate(t.secret) == AuthResult::kNotEnabled);
}
