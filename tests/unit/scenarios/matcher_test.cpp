#include "scenarios/matcher.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;
using scenarios::check_expectation;
using scenarios::match_json;
using scenarios::match_text;

TEST_CASE("matcher: objects and arrays match as subsets", "[scenarios][matcher]") {
  const json actual = json::parse(R"({"id":"u1","userName":"alice","active":true,"n":2,
    "emails":[{"value":"a@x","primary":true},{"value":"b@x"}],"meta":{"resourceType":"User"}})");
  CHECK_FALSE(match_json(json::parse(R"({"userName":"alice"})"), actual));
  CHECK_FALSE(match_json(json::parse(R"({"meta":{"resourceType":"User"}})"), actual));
  CHECK_FALSE(match_json(json::parse(R"({"emails":[{"value":"b@x"}]})"), actual));
  CHECK_FALSE(match_json(json::parse(R"({"n":2.0})"), actual));
  CHECK(match_json(json::parse(R"({"userName":"bob"})"), actual).value() ==
        "/userName: expected \"bob\", got \"alice\"");
  CHECK(match_json(json::parse(R"({"missing":1})"), actual).value() ==
        "/missing: missing (expected 1)");
  CHECK(match_json(json::parse(R"({"emails":[{"value":"c@x"}]})"), actual).value() ==
        "/emails: no element matches expected element 0 {\"value\":\"c@x\"}");
  CHECK(match_json(json::parse(R"({"meta":[]})"), actual).value() ==
        "/meta: expected an array, got {\"resourceType\":\"User\"}");
  CHECK(match_json(json::parse(R"({"id":{"a":1}})"), actual).value() ==
        "/id: expected an object, got \"u1\"");
}

TEST_CASE("matcher: operators", "[scenarios][matcher]") {
  const json actual = json::parse(R"({"id":"u-123","n":7,"list":[1,2,3],"s":"Hello","z":null})");
  SECTION("$regex") {
    CHECK_FALSE(match_json(json::parse(R"({"id":{"$regex":"^u-[0-9]+$"}})"), actual));
    CHECK_FALSE(match_json(json::parse(R"({"n":{"$regex":"^7$"}})"), actual));
    CHECK(match_json(json::parse(R"({"id":{"$regex":"^x"}})"), actual).value() ==
          "/id: expected text matching /^x/, got \"u-123\"");
    CHECK(match_json(json::parse(R"({"list":{"$regex":"1"}})"), actual).has_value());
  }
  SECTION("$type") {
    CHECK_FALSE(match_json(json::parse(R"({"id":{"$type":"string"},"n":{"$type":"integer"},
      "list":{"$type":"array"},"z":{"$type":"null"}})"),
                           actual));
    CHECK(match_json(json::parse(R"({"n":{"$type":"string"}})"), actual).value() ==
          "/n: expected a value of type string, got 7");
  }
  SECTION("$absent and $exists") {
    CHECK_FALSE(match_json(json::parse(R"({"password":{"$absent":true}})"), actual));
    CHECK(match_json(json::parse(R"({"id":{"$absent":true}})"), actual).value() ==
          "/id: expected no value, got \"u-123\"");
    CHECK_FALSE(match_json(json::parse(R"({"z":{"$exists":true}})"), actual));
    CHECK(match_json(json::parse(R"({"q":{"$exists":true}})"), actual).value() == "/q: missing");
  }
  SECTION("$eq, $ne, $ieq") {
    CHECK_FALSE(match_json(json::parse(R"({"list":{"$eq":[1,2,3]}})"), actual));
    CHECK(match_json(json::parse(R"({"list":{"$eq":[1,2]}})"), actual).has_value());
    CHECK_FALSE(match_json(json::parse(R"({"n":{"$ne":8}})"), actual));
    CHECK(match_json(json::parse(R"({"n":{"$ne":7}})"), actual).value() ==
          "/n: expected anything but 7");
    CHECK_FALSE(match_json(json::parse(R"({"s":{"$ieq":"hello"}})"), actual));
    CHECK(match_json(json::parse(R"({"s":{"$ieq":"bye"}})"), actual).has_value());
  }
  SECTION("$contains and $len") {
    CHECK_FALSE(
        match_json(json::parse(R"({"s":{"$contains":"ell"},"list":{"$contains":2}})"), actual));
    CHECK(match_json(json::parse(R"({"list":{"$contains":9}})"), actual).value() ==
          "/list: no element matches 9");
    CHECK_FALSE(match_json(json::parse(R"({"list":{"$len":3},"s":{"$len":5}})"), actual));
    CHECK(match_json(json::parse(R"({"list":{"$len":0}})"), actual).value() ==
          "/list: expected length 0, got 3");
  }
  SECTION("several operators must all hold") {
    CHECK_FALSE(match_json(json::parse(R"({"id":{"$type":"string","$regex":"^u-"}})"), actual));
    CHECK(
        match_json(json::parse(R"({"id":{"$type":"string","$regex":"^v-"}})"), actual).has_value());
  }
}

TEST_CASE("matcher: text matching for headers and raw bodies", "[scenarios][matcher]") {
  const std::string value = "application/scim+json; charset=utf-8";
  CHECK_FALSE(match_text(json("application/scim+json; charset=utf-8"), &value));
  CHECK(match_text(json("application/json"), &value).has_value());
  CHECK_FALSE(match_text(json::parse(R"({"$regex":"json"})"), &value));
  CHECK_FALSE(match_text(json::parse(R"({"$contains":"scim"})"), &value));
  CHECK(match_text(json("x"), nullptr).value() == "missing (expected \"x\")");
  CHECK_FALSE(match_text(json::parse(R"({"$absent":true})"), nullptr));
}

TEST_CASE("matcher: load-time checks reject bad expectations", "[scenarios][matcher]") {
  CHECK_FALSE(check_expectation(json::parse(R"({"a":{"$regex":"^x$"},"b":[{"$type":"null"}]})")));
  CHECK(check_expectation(json::parse(R"({"a":{"$regex":"["}})"))
            .value()
            .rfind("/a: bad $regex \"[\"", 0) == 0);
  CHECK(check_expectation(json::parse(R"({"a":{"$regex":1}})")).value() ==
        "/a: $regex needs a string");
  CHECK(check_expectation(json::parse(R"({"a":{"$type":"text"}})")).value() ==
        "/a: $type must be one of string, number, integer, boolean, object, array, null");
  CHECK(check_expectation(json::parse(R"({"a":{"$absent":"yes"}})")).value() ==
        "/a: $absent needs true or false");
  CHECK(check_expectation(json::parse(R"({"a":{"$len":-1}})")).value() ==
        "/a: $len needs a non-negative integer");
  CHECK(check_expectation(json::parse(R"({"a":{"$ieq":1}})")).value() == "/a: $ieq needs a string");
  CHECK(check_expectation(json::parse(R"({"a":{"$nope":1}})"))
            .value()
            .rfind("/a: unknown matcher $nope", 0) == 0);
  CHECK(check_expectation(json::parse(R"({"a":{"$type":"string","x":1}})")).value() ==
        "/a: a matcher object may not mix $operators and members ($type)");
  CHECK(check_expectation(json::parse(R"([{"a":{"$contains":{"$regex":"("}}}])")).has_value());
}

TEST_CASE("matcher: deep documents do not overflow", "[scenarios][matcher]") {
  json deep = 1;
  for (int i = 0; i < 200; ++i) deep = json{{"a", deep}};
  CHECK(match_json(deep, deep).value().find("nested too deeply") != std::string::npos);
  CHECK(check_expectation(deep).value().find("nested too deeply") != std::string::npos);
}
