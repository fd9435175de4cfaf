#include "scenarios/variables.hpp"

#include <catch2/catch.hpp>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

using scenarios::Scope;
using scenarios::substitute;
using scenarios::substitute_json;
using scenarios::SubstitutionError;
using scenarios::Variables;

TEST_CASE("variables: substitutes names into text", "[scenarios][variables]") {
  Variables vars;
  vars.set("user", "alice");
  vars.set("n", 3);
  vars.set("target.scim.url", "http://127.0.0.1:1/scim/v2");
  const Scope scope{vars};
  CHECK(substitute("hello ${user}", scope) == "hello alice");
  CHECK(substitute("${target.scim.url}/Users", scope) == "http://127.0.0.1:1/scim/v2/Users");
  CHECK(substitute("count=${n}", scope) == "count=3");
  CHECK(substitute("no refs, $5 and $x", scope) == "no refs, $5 and $x");
  CHECK(substitute("literal $${user}", scope) == "literal ${user}");
}

TEST_CASE("variables: a whole-string reference keeps the JSON type", "[scenarios][variables]") {
  Variables vars;
  vars.set("n", 3);
  vars.set("obj", nlohmann::json{{"a", 1}});
  const Scope scope{vars};
  const auto out = substitute_json(
      nlohmann::json{{"count", "${n}"}, {"text", "n=${n}"}, {"o", "${obj}"}, {"${n}", true}},
      scope);
  CHECK(out["count"] == 3);
  CHECK(out["text"] == "n=3");
  CHECK(out["o"] == nlohmann::json{{"a", 1}});
  CHECK(out["3"] == true);
}

TEST_CASE("variables: rejects undefined and malformed references", "[scenarios][variables]") {
  Variables vars;
  const Scope scope{vars};
  SECTION("undefined") {
    CHECK_THROWS_WITH(substitute("${missing}", scope), "undefined variable ${missing}");
  }
  SECTION("unterminated") {
    CHECK_THROWS_WITH(substitute("a ${user", scope), "unterminated ${ at offset 2");
  }
  SECTION("bad name") {
    CHECK_THROWS_WITH(substitute("${a b}", scope), Catch::Contains("bad variable name \"a b\""));
  }
  SECTION("generated values need their source") {
    CHECK_THROWS_WITH(substitute("${$uuid}", scope), Catch::Contains("not available"));
    CHECK_THROWS_WITH(substitute("${$now}", scope), Catch::Contains("not available"));
  }
  SECTION("check_template reports without resolving") {
    CHECK_FALSE(scenarios::check_template("${fine} and ${also.fine-1}"));
    CHECK(scenarios::check_template("${").value() == "unterminated ${ at offset 0");
    CHECK(scenarios::check_json_template(nlohmann::json{{"a", {"${1x}"}}}).has_value());
  }
}

TEST_CASE("variables: generated values come from the injected sources", "[scenarios][variables]") {
  Variables vars;
  core::util::IdGenerator ids(42);
  core::util::ManualClock clock(core::util::TimePoint(core::util::Millis(1'800'000'000'000)));
  const Scope scope{vars, &ids, &clock};
  const auto uuid = substitute("${$uuid}", scope);
  CHECK(uuid.size() == 36);
  CHECK(substitute("${$hex8}", scope).size() == 8);
  CHECK(substitute("${$now}", scope) == "2027-01-15T08:00:00Z");
}
