#include "mock-scim/scim/filters.hpp"

#include <catch2/catch.hpp>

#include "core/scim/error.hpp"
#include "mock-scim/scim/paging.hpp"

using mock_scim::identity_store::GroupQuery;
using mock_scim::identity_store::UserQuery;
using mock_scim::scim::group_query_from_filter;
using mock_scim::scim::user_query_from_filter;

TEST_CASE("filters: the user combinations AWS allows", "[mock-scim][filter]") {
  CHECK(user_query_from_filter(std::nullopt).kind == UserQuery::Kind::kAll);
  const auto q = user_query_from_filter(std::string(R"(userName eq "a")"));
  CHECK(q.kind == UserQuery::Kind::kUserName);
  CHECK(q.first == "a");
  CHECK(user_query_from_filter(std::string(R"(EXTERNALID eq "e")")).kind ==
        UserQuery::Kind::kExternalId);
  CHECK(user_query_from_filter(std::string(R"(groups.value eq "g")")).kind ==
        UserQuery::Kind::kGroupMembers);
  const auto im = user_query_from_filter(std::string(R"(manager eq "m" and id eq "i")"));
  CHECK(im.kind == UserQuery::Kind::kIdAndManager);
  CHECK(im.first == "i");
  CHECK(im.second == "m");
}

TEST_CASE("filters: the group combinations AWS allows", "[mock-scim][filter]") {
  CHECK(group_query_from_filter(std::string(R"(displayName eq "d")")).kind ==
        GroupQuery::Kind::kDisplayName);
  CHECK(group_query_from_filter(std::string(R"(externalId eq "e")")).kind ==
        GroupQuery::Kind::kExternalId);
  const auto q = group_query_from_filter(std::string(R"(id eq "g" and members eq "u")"));
  CHECK(q.kind == GroupQuery::Kind::kIdAndMember);
  CHECK(q.first == "g");
  CHECK(q.second == "u");
  CHECK(group_query_from_filter(std::string(R"(member eq "u" and id eq "g")")).second == "u");
}

TEST_CASE("filters: each refusal", "[mock-scim][filter]") {
  const auto user_refused = [](const char* text) {
    CHECK_THROWS_AS(user_query_from_filter(std::string(text)), core::scim::Error);
  };
  const auto group_refused = [](const char* text) {
    CHECK_THROWS_AS(group_query_from_filter(std::string(text)), core::scim::Error);
  };
  SECTION("ne") { user_refused(R"(userName ne "a")"); }
  SECTION("three clauses") { user_refused(R"(id eq "a" and manager eq "b" and id eq "c")"); }
  SECTION("number value") { user_refused("userName eq 1"); }
  SECTION("user displayName") { user_refused(R"(displayName eq "a")"); }
  SECTION("user id alone") { user_refused(R"(id eq "a")"); }
  SECTION("user id and userName") { user_refused(R"(id eq "a" and userName eq "b")"); }
  SECTION("syntax error") { user_refused("userName eq"); }
  SECTION("group id alone") { group_refused(R"(id eq "a")"); }
  SECTION("group members alone") { group_refused(R"(members eq "a")"); }
  SECTION("group userName") { group_refused(R"(userName eq "a")"); }
  SECTION("group id and displayName") { group_refused(R"(id eq "a" and displayName eq "b")"); }
}

TEST_CASE("paging: cursors round-trip and are bound to the filter", "[mock-scim][paging]") {
  using mock_scim::scim::make_cursor;
  using mock_scim::scim::read_cursor;
  const std::optional<std::string> f = std::string(R"(userName eq "a")");
  CHECK(read_cursor("", f) == 0);
  CHECK(read_cursor(make_cursor(42, f), f) == 42);
  CHECK(read_cursor(make_cursor(7, std::nullopt), std::nullopt) == 7);
  CHECK_THROWS_AS(read_cursor(make_cursor(42, f), std::nullopt), core::scim::Error);
  CHECK_THROWS_AS(read_cursor(make_cursor(42, std::nullopt), f), core::scim::Error);
  CHECK_THROWS_AS(read_cursor("VGVzdFVzZXJDdXJzb3I", f), core::scim::Error);
  CHECK_THROWS_AS(read_cursor("v1:zz:1", f), core::scim::Error);
  CHECK_THROWS_AS(read_cursor("v1:12", f), core::scim::Error);
  for (char c : make_cursor(123456789, f)) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' ||
                    c == '_' || c == '+' || c == '=' || c == '/';
    CHECK(ok);
  }
}
