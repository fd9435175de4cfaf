#include "mock-idp/directory/odata.hpp"

#include <catch2/catch.hpp>

#include "mock-idp/directory/graph_error.hpp"

using mock_idp::directory::FilterClause;
using mock_idp::directory::GraphError;
using nlohmann::json;
namespace od = mock_idp::directory;

namespace {

const std::vector<std::string> kProps{
    "id", "displayName", "mail", "accountEnabled", "userPrincipalName", "businessPhones"};

std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const GraphError& e) {
    return e.code();
  }
  return "";
}

std::multimap<std::string, std::string> params(
    std::initializer_list<std::pair<const std::string, std::string>> p) {
  return std::multimap<std::string, std::string>(p);
}

}  // namespace

TEST_CASE("odata: $filter eq with strings, booleans, null and and", "[mock-idp][odata]") {
  const auto clauses = od::parse_filter(
      "displayName eq 'O''Brien' and accountEnabled eq false and mail eq null", kProps);
  REQUIRE(clauses.size() == 3);
  CHECK(clauses[0].property == "displayName");
  CHECK(clauses[0].value == "O'Brien");
  CHECK(clauses[1].value == false);
  CHECK(clauses[2].value.is_null());
  const json obrien{{"displayName", "o'brien"}, {"accountEnabled", false}, {"mail", nullptr}};
  CHECK(od::matches(obrien, clauses));  // strings compare case-insensitively
  CHECK_FALSE(od::matches(json{{"displayName", "O'Brien"}, {"accountEnabled", true}}, clauses));
  SECTION("property names are case-insensitive; startswith works") {
    const auto c = od::parse_filter("startswith(USERPRINCIPALNAME,'ali')", kProps);
    CHECK(c[0].property == "userPrincipalName");
    CHECK(od::matches(json{{"userPrincipalName", "alice@contoso.com"}}, c));
    CHECK_FALSE(od::matches(json{{"userPrincipalName", "bob@contoso.com"}}, c));
  }
  SECTION("eq on a collection matches any element") {
    const auto c = od::parse_filter("businessPhones eq '+1 555'", kProps);
    CHECK(od::matches(json{{"businessPhones", {"+1 555"}}}, c));
  }
}

TEST_CASE("odata: bad $filter expressions are refused with Graph's codes", "[mock-idp][odata]") {
  CHECK(code_of([] { od::parse_filter("", kProps); }) == "BadRequest");
  CHECK(code_of([] { od::parse_filter("displayName eq 'open", kProps); }) == "BadRequest");
  CHECK(code_of([] { od::parse_filter("displayName eq bare", kProps); }) == "BadRequest");
  CHECK(code_of([] { od::parse_filter("displayName ne 'x'", kProps); }) ==
        "Request_UnsupportedQuery");
  CHECK(code_of([] { od::parse_filter("nosuch eq 'x'", kProps); }) == "Request_UnsupportedQuery");
  CHECK(code_of([] { od::parse_filter("id eq 'a' or id eq 'b'", kProps); }) ==
        "Request_UnsupportedQuery");
  CHECK(code_of([] { od::parse_filter("endswith(mail,'x')", kProps); }) ==
        "Request_UnsupportedQuery");
  CHECK(code_of([] { od::parse_filter("startswith(mail,true)", kProps); }) == "BadRequest");
  CHECK(code_of([] { od::parse_filter(std::string(od::kMaxFilterLength + 1, 'a'), kProps); }) ==
        "BadRequest");
  std::string many = "id eq 'a'";
  for (int i = 0; i < 20; ++i) many += " and id eq 'a'";
  CHECK(code_of([&] { od::parse_filter(many, kProps); }) == "BadRequest");
}

TEST_CASE("odata: $select, $top and $skiptoken", "[mock-idp][odata]") {
  const auto q = od::parse_odata(params({{"$select", "displayName, MAIL"}, {"$top", "2"}}), kProps,
                                 "microsoft.graph.user");
  CHECK(q.select == std::vector<std::string>{"displayName", "mail"});
  CHECK(q.top == 2);
  const json projected = od::project(json{{"id", "1"}, {"displayName", "A"}}, q.select, {"id"});
  CHECK(projected == json{{"displayName", "A"}, {"mail", nullptr}});
  SECTION("refusals") {
    CHECK(code_of([] {
            od::parse_odata(params({{"$select", "nosuch"}}), kProps, "t");
          }) == "BadRequest");
    CHECK(code_of([] {
            od::parse_odata(params({{"$top", "0"}}), kProps, "t");
          }) == "Request_BadRequest");
    CHECK(code_of([] {
            od::parse_odata(params({{"$top", "1000"}}), kProps, "t");
          }) == "Request_BadRequest");
    CHECK(code_of([] {
            od::parse_odata(params({{"$top", "1x"}}), kProps, "t");
          }) == "Request_BadRequest");
    CHECK(code_of([] {
            od::parse_odata(params({{"$skiptoken", "garbage"}}), kProps, "t");
          }) == "Request_BadRequest");
    CHECK(code_of([] {
            od::parse_odata(params({{"$orderby", "displayName"}}), kProps, "t");
          }) == "Request_UnsupportedQuery");
    std::multimap<std::string, std::string> twice{{"$top", "1"}, {"$top", "2"}};
    CHECK(code_of([&] { od::parse_odata(twice, kProps, "t"); }) == "BadRequest");
  }
}

TEST_CASE("odata: pages carry @odata.nextLink until the last one", "[mock-idp][odata]") {
  std::vector<json> items;
  for (int i = 0; i < 5; ++i) items.push_back(json{{"id", std::to_string(i)}});
  auto p = params({{"$top", "2"}, {"$filter", "id eq '1'"}});
  auto q = od::parse_odata(params({{"$top", "2"}}), kProps, "t");
  const json first = od::make_page(items, q, "ctx", "http://h/v1.0/users", p);
  CHECK(first["value"].size() == 2);
  const std::string next = first["@odata.nextLink"];
  CHECK(next.rfind("http://h/v1.0/users?", 0) == 0);
  CHECK(next.find("$filter=id%20eq%20%271%27") != std::string::npos);
  CHECK(next.find("$skiptoken=") != std::string::npos);
  q.skip = 4;
  const json last = od::make_page(items, q, "ctx", "http://h/v1.0/users", p);
  CHECK(last["value"].size() == 1);
  CHECK_FALSE(last.contains("@odata.nextLink"));
  // The token in a nextLink parses back to the offset.
  const auto token = od::encode_skiptoken(4);
  CHECK(od::parse_odata(params({{"$skiptoken", token}}), kProps, "t").skip == 4);
}
