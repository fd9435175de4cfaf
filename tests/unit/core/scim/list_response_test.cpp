#include "core/scim/list_response.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/scim/error.hpp"

using core::scim::parse_list_query;

TEST_CASE("list: count defaults to 100 and accepts 1..100", "[scim][list]") {
  CHECK(parse_list_query(std::nullopt, std::nullopt, std::nullopt).count == 100);
  CHECK(parse_list_query(std::nullopt, "1", std::nullopt).count == 1);
  CHECK(parse_list_query(std::nullopt, "100", std::nullopt).count == 100);
  CHECK_FALSE(parse_list_query(std::nullopt, std::nullopt, std::nullopt).cursor);
  CHECK(parse_list_query(std::nullopt, std::nullopt, "").cursor == "");
  CHECK(parse_list_query("x", std::nullopt, "ab-+=/:_9").filter == "x");
}

TEST_CASE("list: rejections", "[scim][list]") {
  using core::scim::Error;
  SECTION("count 0") { CHECK_THROWS_AS(parse_list_query({}, "0", {}), Error); }
  SECTION("count 101") { CHECK_THROWS_AS(parse_list_query({}, "101", {}), Error); }
  SECTION("count not a number") { CHECK_THROWS_AS(parse_list_query({}, "ten", {}), Error); }
  SECTION("count with garbage") { CHECK_THROWS_AS(parse_list_query({}, "10x", {}), Error); }
  SECTION("negative count") { CHECK_THROWS_AS(parse_list_query({}, "-1", {}), Error); }
  SECTION("cursor outside the alphabet") {
    CHECK_THROWS_AS(parse_list_query({}, {}, "a b"), Error);
  }
  SECTION("cursor too long") {
    CHECK_THROWS_AS(parse_list_query({}, {}, std::string(core::scim::kMaxCursorLength + 1, 'a')),
                    Error);
  }
}

TEST_CASE("list: classic and cursor responses", "[scim][list]") {
  const std::vector<std::string> resources{R"({"id":"1"})", R"({"id":"2"})"};
  SECTION("classic") {
    const auto j =
        nlohmann::json::parse(core::scim::render_list_response(resources, 7, false, "ignored"));
    CHECK(j["totalResults"] == 7);
    CHECK(j["itemsPerPage"] == 2);
    CHECK(j["startIndex"] == 1);
    CHECK(j["Resources"].size() == 2);
    CHECK(j["schemas"][0] == "urn:ietf:params:scim:api:messages:2.0:ListResponse");
    CHECK_FALSE(j.contains("nextCursor"));
  }
  SECTION("cursor with a next page") {
    const auto j =
        nlohmann::json::parse(core::scim::render_list_response(resources, 7, true, "c1"));
    CHECK_FALSE(j.contains("totalResults"));
    CHECK_FALSE(j.contains("startIndex"));
    CHECK(j["itemsPerPage"] == 2);
    CHECK(j["nextCursor"] == "c1");
  }
  SECTION("cursor, last page") {
    const auto j = nlohmann::json::parse(core::scim::render_list_response({}, 0, true, {}));
    CHECK_FALSE(j.contains("nextCursor"));
    CHECK(j["Resources"].empty());
  }
}
