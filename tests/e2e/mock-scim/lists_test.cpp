// Filters and paging ([DG-users], [DG-LISTGROUPS]).
#include <catch2/catch.hpp>
#include <set>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::check_envelope;
using scim_e2e::Scim;
using scim_e2e::url_encode;

namespace {
std::string filter(const std::string& text) { return "filter=" + url_encode(text); }
}  // namespace

TEST_CASE("mock-scim: user filters AWS allows", "[e2e][mock-scim]") {
  Scim s;
  const auto alice = s.create_user("Alice@Contoso.com");
  s.create_user("bob@contoso.com");
  SECTION("userName eq, value compared case-insensitively") {
    const auto r = s.list("Users", filter("userName eq \"alice@contoso.com\""));
    CHECK(r["totalResults"] == 1);
    CHECK(r["itemsPerPage"] == 1);
    CHECK(r["startIndex"] == 1);
    CHECK(r["Resources"][0]["id"] == alice["id"]);
  }
  SECTION("attribute and operator names in any case") {
    CHECK(s.list("Users", filter("USERNAME EQ \"Alice@Contoso.com\""))["totalResults"] == 1);
  }
  SECTION("Test Connection: a random userName gives an empty ListResponse, not 404") {
    const auto r = s.list("Users", filter("userName eq \"0b1c0c11-7d3b-4f4a-9a43-1a6f1e0f4f0d\""));
    CHECK(r["totalResults"] == 0);
    CHECK(r["Resources"].empty());
  }
  SECTION("externalId eq") {
    CHECK(s.list("Users", filter("externalId eq \"ext-Alice@Contoso.com\""))["totalResults"] == 1);
    // externalId is case-exact.
    CHECK(s.list("Users", filter("externalId eq \"EXT-ALICE@CONTOSO.COM\""))["totalResults"] == 0);
  }
  SECTION("groups.value eq") {
    const auto g = s.create_group("G")["id"].get<std::string>();
    CHECK(s.list("Users", filter("groups.value eq \"" + g + "\""))["totalResults"] == 0);
  }
  SECTION("startIndex, attributes and excludedAttributes are accepted and ignored") {
    const auto r = s.list("Users", "startIndex=5&attributes=userName&excludedAttributes=emails");
    CHECK(r["totalResults"] == 2);
    CHECK(r["Resources"][0].contains("emails"));
  }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: filters AWS refuses", "[e2e][mock-scim]") {
  Scim s;
  auto refused = [&](const std::string& resource, const std::string& text) {
    return check_envelope(s.get(s.base + "/" + resource + "?" + filter(text)), 400)["detail"]
        .get<std::string>();
  };
  SECTION("co") { CHECK_THAT(refused("Users", "userName co \"a\""), Catch::Contains("eq")); }
  SECTION("sw") { refused("Users", "userName sw \"a\""); }
  SECTION("pr") { refused("Users", "userName pr"); }
  SECTION("or") { refused("Users", "userName eq \"a\" or userName eq \"b\""); }
  SECTION("three clauses") {
    CHECK_THAT(refused("Users", "id eq \"a\" and manager eq \"b\" and userName eq \"c\""),
               Catch::Contains("two clauses"));
  }
  SECTION("displayName is not filterable on users") {
    CHECK_THAT(refused("Users", "displayName eq \"a\""), Catch::Contains("not supported"));
  }
  SECTION("id alone is not a user filter AWS lists") { refused("Users", "id eq \"a\""); }
  SECTION("userName and externalId together") {
    refused("Users", "userName eq \"a\" and externalId eq \"b\"");
  }
  SECTION("a non-string value") { refused("Users", "userName eq true"); }
  SECTION("grouping") { refused("Users", "(userName eq \"a\")"); }
  SECTION("malformed") { refused("Users", "userName eq"); }
  SECTION("groups: userName") { refused("Groups", "userName eq \"a\""); }
  SECTION("groups: id alone") { refused("Groups", "id eq \"a\""); }
  SECTION("groups: displayName co") { refused("Groups", "displayName co \"a\""); }
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: group filters AWS allows", "[e2e][mock-scim]") {
  Scim s;
  const auto g = s.create_group("Engineering");
  const std::string gid = g["id"].get<std::string>();
  CHECK(s.list("Groups", filter("displayName eq \"engineering\""))["totalResults"] == 1);
  const auto u = s.create_user("m")["id"].get<std::string>();
  CHECK(s.list("Groups",
               filter("id eq \"" + gid + "\" and members eq \"" + u + "\""))["totalResults"] == 0);
  // The documentation's spelling "member", and either order.
  CHECK(s.list("Groups",
               filter("member eq \"" + u + "\" and id eq \"" + gid + "\""))["totalResults"] == 0);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: count and cursor paging", "[e2e][mock-scim]") {
  Scim s;
  for (int i = 0; i < 5; ++i) s.create_user("page" + std::to_string(i));
  SECTION("count limits the classic page; totalResults counts all") {
    const auto r = s.list("Users", "count=2");
    CHECK(r["totalResults"] == 5);
    CHECK(r["itemsPerPage"] == 2);
    CHECK(r["Resources"].size() == 2);
    CHECK_FALSE(r.contains("nextCursor"));
  }
  SECTION("cursor mode walks every user once, in creation order") {
    std::set<std::string> seen;
    std::vector<std::string> order;
    std::string cursor;
    int pages = 0;
    for (;;) {
      const auto r = s.list("Users", "count=2&cursor=" + url_encode(cursor));
      CHECK_FALSE(r.contains("totalResults"));
      CHECK_FALSE(r.contains("startIndex"));
      for (const auto& u : r["Resources"]) {
        seen.insert(u["id"].get<std::string>());
        order.push_back(u["userName"].get<std::string>());
      }
      ++pages;
      if (!r.contains("nextCursor")) break;
      cursor = r["nextCursor"].get<std::string>();
      REQUIRE(pages < 10);
    }
    CHECK(pages == 3);
    CHECK(seen.size() == 5);
    CHECK(order.front() == "page0");
    CHECK(order.back() == "page4");
  }
  SECTION("changing the filter between pages is a 400") {
    const auto r = s.list("Users", "count=2&cursor=");
    const std::string next = r["nextCursor"].get<std::string>();
    check_envelope(s.get(s.base + "/Users?count=2&cursor=" + url_encode(next) + "&" +
                         filter("userName eq \"page1\"")),
                   400);
  }
  SECTION("a cursor this server did not make is a 400") {
    check_envelope(s.get(s.base + "/Users?cursor=VGVzdFVzZXJDdXJzb3I"), 400);
  }
  SECTION("a cursor outside AWS's alphabet is a 400") {
    check_envelope(s.get(s.base + "/Users?cursor=" + url_encode("a b")), 400);
  }
  SECTION("count 0 and 101 are refused") {
    check_envelope(s.get(s.base + "/Users?count=0"), 400);
    check_envelope(s.get(s.base + "/Users?count=101"), 400);
    check_envelope(s.get(s.base + "/Users?count=many"), 400);
  }
  SECTION("groups page too") {
    for (int i = 0; i < 3; ++i) s.create_group("G" + std::to_string(i));
    const auto r = s.list("Groups", "count=2&cursor=");
    CHECK(r["Resources"].size() == 2);
    CHECK(r.contains("nextCursor"));
  }
  CHECK(s.server->stop() == 0);
}
