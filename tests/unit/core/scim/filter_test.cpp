#include "core/scim/filter.hpp"

#include <catch2/catch.hpp>

#include "core/scim/error.hpp"

using core::scim::CompareOp;
using core::scim::Error;
using core::scim::parse_filter;

namespace {

std::string rejection(const std::string& text) {
  try {
    parse_filter(text);
  } catch (const Error& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == core::scim::ScimType::kInvalidFilter);
    return e.detail();
  }
  FAIL("accepted: " << text);
  return "";
}

}  // namespace

TEST_CASE("filter: parses eq with a quoted value", "[scim][filter]") {
  const auto f = parse_filter(R"(userName eq "alice@contoso.com")");
  REQUIRE(f.clauses.size() == 1);
  CHECK(f.clauses[0].attribute == "userName");
  CHECK(f.clauses[0].op == CompareOp::kEq);
  CHECK(f.clauses[0].value == "alice@contoso.com");
}

TEST_CASE("filter: operators and 'and' are case-insensitive", "[scim][filter]") {
  const auto f = parse_filter(R"(id EQ "g1" AND members Eq "u1")");
  REQUIRE(f.clauses.size() == 2);
  CHECK(f.clauses[1].attribute == "members");
  CHECK(f.clauses[1].value == "u1");
}

TEST_CASE("filter: values", "[scim][filter]") {
  SECTION("escapes in strings") {
    CHECK(parse_filter(R"(displayName eq "a \"b\" \\ \u00e9")").clauses[0].value ==
          "a \"b\" \\ \xC3\xA9");
  }
  SECTION("booleans, null, numbers") {
    CHECK(parse_filter("active eq true").clauses[0].value == true);
    CHECK(parse_filter("active eq false").clauses[0].value == false);
    CHECK(parse_filter("x eq null").clauses[0].value.is_null());
    CHECK(parse_filter("x gt -1.5").clauses[0].value == -1.5);
  }
  SECTION("pr takes no value") {
    const auto f = parse_filter("title pr");
    CHECK(f.clauses[0].op == CompareOp::kPr);
  }
  SECTION("dotted and URN attribute paths") {
    CHECK(parse_filter(R"(groups.value eq "g")").clauses[0].attribute == "groups.value");
    CHECK(parse_filter(R"(urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a")")
              .clauses[0]
              .attribute == "urn:ietf:params:scim:schemas:core:2.0:User:userName");
  }
  SECTION("extra spaces") {
    CHECK(parse_filter(R"(  userName   eq   "a"  )").clauses[0].value == "a");
  }
}

TEST_CASE("filter: rejections", "[scim][filter]") {
  SECTION("empty") { CHECK_THAT(rejection(""), Catch::Contains("empty")); }
  SECTION("blank") { CHECK_THAT(rejection("   "), Catch::Contains("empty")); }
  SECTION("or") { CHECK_THAT(rejection(R"(a eq "1" or b eq "2")"), Catch::Contains("\"or\"")); }
  SECTION("not") { CHECK_THAT(rejection(R"(not (a eq "1"))"), Catch::Contains("\"not\"")); }
  SECTION("parentheses") { CHECK_THAT(rejection(R"((a eq "1"))"), Catch::Contains("parentheses")); }
  SECTION("brackets") {
    CHECK_THAT(rejection(R"(emails[type eq "work"])"), Catch::Contains("brackets"));
  }
  SECTION("unknown operator") {
    CHECK_THAT(rejection(R"(a like "1")"), Catch::Contains("unknown operator"));
  }
  SECTION("missing operator") { CHECK_THAT(rejection("userName"), Catch::Contains("space")); }
  SECTION("missing value") { CHECK_THAT(rejection("userName eq"), Catch::Contains("space")); }
  SECTION("unterminated string") {
    CHECK_THAT(rejection(R"(userName eq "abc)"), Catch::Contains("unterminated"));
  }
  SECTION("bad escape") {
    CHECK_THAT(rejection(R"(userName eq "a\q")"), Catch::Contains("malformed string"));
  }
  SECTION("bare word value") {
    CHECK_THAT(rejection("userName eq alice"), Catch::Contains("quoted string"));
  }
  SECTION("trailing garbage") {
    CHECK_THAT(rejection(R"(a eq "1" b)"), Catch::Contains("expected \"and\""));
  }
  SECTION("dangling and") { CHECK_THAT(rejection(R"(a eq "1" and)"), Catch::Contains("space")); }
  SECTION("bad attribute character") {
    CHECK_THAT(rejection(R"(a!b eq "1")"), Catch::Contains("attribute"));
  }
  SECTION("malformed attribute name") {
    CHECK_THAT(rejection(R"(a. eq "1")"), Catch::Contains("malformed attribute"));
  }
  SECTION("too long") {
    CHECK_THAT(rejection("a eq \"" + std::string(core::scim::kMaxFilterLength, 'x') + "\""),
               Catch::Contains("longer than"));
  }
  SECTION("too many clauses") {
    std::string text = R"(a eq "1")";
    for (std::size_t i = 0; i < core::scim::kMaxFilterClauses; ++i) text += R"( and a eq "1")";
    CHECK_THAT(rejection(text), Catch::Contains("clauses"));
  }
}
