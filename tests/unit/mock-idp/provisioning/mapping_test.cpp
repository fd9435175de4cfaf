#include "mock-idp/provisioning/mapping.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace mock_idp::provisioning;
using nlohmann::json;

namespace {

AttributeResolver resolver(std::map<std::string, std::string> attrs) {
  return [attrs](std::string_view name) -> Value {
    auto it = attrs.find(std::string(name));
    if (it == attrs.end()) return std::nullopt;
    return it->second;
  };
}

std::map<std::string, std::string> alice() {
  return {{"userPrincipalName", "alice@contoso.com"},
          {"mail", "alice@contoso.com"},
          {"givenName", "Alice"},
          {"surname", "Smith"},
          {"displayName", "Alice Smith"},
          {"objectId", "oid-1"},
          {"IsSoftDeleted", "False"}};
}

}  // namespace

TEST_CASE("mapping: AWS defaults build Azure's POST body", "[provisioning][mapping]") {
  auto set = default_aws_mappings();
  auto values = evaluate(set.users, resolver(alice()), true);
  json body = build_user_resource(values);
  CHECK(body["schemas"] == json::array({kScimUserSchema}));
  CHECK(body["userName"] == "alice@contoso.com");
  CHECK(body["active"] == true);  // a JSON boolean in POST
  CHECK(body["displayName"] == "Alice Smith");
  CHECK(body["emails"] ==
        json::array({{{"primary", true}, {"type", "work"}, {"value", "alice@contoso.com"}}}));
  CHECK(body["name"]["givenName"] == "Alice");
  CHECK(body["name"]["familyName"] == "Smith");
  CHECK(body["name"]["formatted"] == "Alice Smith");
  CHECK(body["externalId"] == "oid-1");
  CHECK(body["meta"]["resourceType"] == "User");
  CHECK(body["roles"] == json::array());
  CHECK_FALSE(body.contains("title"));  // null values are never sent
  REQUIRE(matching_attribute(set.users) != nullptr);
  CHECK(matching_attribute(set.users)->target == "userName");
  CHECK(matching_attribute(set.groups)->target == "displayName");
}

TEST_CASE("mapping: group body has Azure's schemas and no members", "[provisioning][mapping]") {
  auto set = default_aws_mappings();
  auto values = evaluate(set.groups, resolver({{"displayName", "Eng"}, {"objectId", "g1"}}), true);
  json body = build_group_resource(values);
  CHECK(body["schemas"][0] == kScimGroupSchema);
  CHECK(body["schemas"][1] ==
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group");
  CHECK(body["displayName"] == "Eng");
  CHECK(body["externalId"] == "g1");
  CHECK_FALSE(body.contains("members"));
}

TEST_CASE("mapping: default if null and apply on create only", "[provisioning][mapping]") {
  ObjectMapping m;
  m.name = "users";
  m.attributes.push_back({MappingType::kDirect, "userPrincipalName", "userName", std::nullopt,
                          ApplyWhen::kAlways, 1, nullptr});
  m.attributes.push_back({MappingType::kDirect, "jobTitle", "title", std::string("Staff"),
                          ApplyWhen::kAlways, 0, nullptr});
  m.attributes.push_back({MappingType::kConstant, "en-US", "preferredLanguage", std::nullopt,
                          ApplyWhen::kOnCreateOnly, 0, nullptr});
  m.attributes.push_back(
      {MappingType::kNone, "", "locale", std::string("en"), ApplyWhen::kAlways, 0, nullptr});
  validate(m, true);
  auto create = evaluate(m, resolver({{"userPrincipalName", "a@b"}}), true);
  REQUIRE(create.size() == 4);
  CHECK(create[1].second == Value("Staff"));
  CHECK(create[2].second == Value("en-US"));
  CHECK(create[3].second == Value("en"));
  auto update = evaluate(m, resolver({{"userPrincipalName", "a@b"}}), false);
  REQUIRE(update.size() == 3);                // preferredLanguage only on create
  CHECK_FALSE(update[1].second.has_value());  // default applies only on create
  CHECK_FALSE(update[2].second.has_value());
}

TEST_CASE("mapping: email from userPrincipalName when mail is null", "[provisioning][mapping]") {
  auto set = default_aws_mappings();
  for (auto& a : set.users.attributes) {
    if (a.target == "emails[type eq \"work\"].value") {
      a.type = MappingType::kExpression;
      a.source = "Coalesce([mail], [userPrincipalName])";
    }
  }
  validate(set.users, true);
  auto attrs = alice();
  attrs.erase("mail");
  json body = build_user_resource(evaluate(set.users, resolver(attrs), true));
  CHECK(body["emails"][0]["value"] == "alice@contoso.com");
}

TEST_CASE("mapping: validation rejects bad configurations", "[provisioning][mapping]") {
  auto set = default_aws_mappings();
  SECTION("unknown target") {
    set.users.attributes.push_back(
        {MappingType::kDirect, "mail", "nickname", std::nullopt, ApplyWhen::kAlways, 0, nullptr});
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("SchemaAttributeNotFound"));
  }
  SECTION("target mapped twice") {
    set.users.attributes.push_back({MappingType::kDirect, "mail", "displayName", std::nullopt,
                                    ApplyWhen::kAlways, 0, nullptr});
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("mapped twice"));
  }
  SECTION("bad expression") {
    set.users.attributes[2].type = MappingType::kExpression;
    set.users.attributes[2].source = "Join(";
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("expression error"));
  }
  SECTION("direct without source") {
    set.users.attributes[2].source = "";
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("no source attribute"));
  }
  SECTION("no matching attribute") {
    set.users.attributes[0].matching_precedence = 0;
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("no matching attribute"));
  }
  SECTION("matching attribute not filterable") {
    set.users.attributes[3].matching_precedence = 2;
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("cannot be a matching"));
  }
  SECTION("group target unknown") {
    set.groups.attributes.push_back(
        {MappingType::kDirect, "mail", "title", std::nullopt, ApplyWhen::kAlways, 0, nullptr});
    CHECK_THROWS_WITH(validate(set.groups, false), Catch::Contains("group schema"));
  }
  SECTION("scoping operator") {
    set.users.scoping.push_back({{{"department", "LIKE", "x"}}});
    CHECK_THROWS_WITH(validate(set.users, true),
                      Catch::Contains("unknown scoping filter operator"));
  }
  SECTION("scoping regex") {
    set.users.scoping.push_back({{{"department", "REGEX MATCH", "("}}});
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("invalid regular expression"));
  }
  SECTION("scoping regex too long") {
    set.users.scoping.push_back({{{"department", "REGEX_MATCH", std::string(300, 'a')}}});
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("longer than 256"));
  }
  SECTION("empty scoping filter") {
    set.users.scoping.push_back({});
    CHECK_THROWS_WITH(validate(set.users, true), Catch::Contains("no clause"));
  }
}

TEST_CASE("mapping: scoping filters AND clauses and OR filters", "[provisioning][scope]") {
  auto r = resolver(
      {{"department", "Sales"}, {"upn", "a@contoso.com"}, {"level", "7"}, {"flag", "True"}});
  auto one = [&](std::string attr, std::string op, std::string value) {
    return in_scoping_filters({{{{std::move(attr), std::move(op), std::move(value)}}}}, r);
  };
  CHECK(in_scoping_filters({}, r));
  CHECK(one("department", "EQUALS", "Sales"));
  CHECK_FALSE(one("department", "EQUALS", "sales"));  // case-sensitive
  CHECK(one("department", "NOT EQUALS", "HR"));
  CHECK(one("upn", "ENDS_WITH", "@contoso.com"));
  CHECK(one("upn", "REGEX MATCH", "^a@"));
  CHECK(one("upn", "NOT_REGEX_MATCH", "^b@"));
  CHECK(one("level", "Greater_Than", "5"));
  CHECK_FALSE(one("level", "Greater_Than", "7"));
  CHECK(one("level", "Greater_Than_OR_EQUALS", "7"));
  CHECK(one("flag", "IS TRUE", ""));
  CHECK_FALSE(one("flag", "IS FALSE", ""));
  CHECK(one("missing", "IS NULL", ""));
  CHECK_FALSE(one("missing", "IS NOT NULL", ""));
  CHECK_FALSE(one("missing", "NOT EQUALS", "x"));  // null: every other operator is false
  CHECK(one("department", "Includes", "HR,Sales"));
  CHECK(one("upn", "&", "contoso"));
  CHECK(one("upn", "!&", "fabrikam"));
  ScopingFilter both{{{"department", "EQUALS", "Sales"}, {"level", "EQUALS", "8"}}};
  ScopingFilter other{{{"level", "EQUALS", "7"}}};
  CHECK_FALSE(in_scoping_filters({both}, r));
  CHECK(in_scoping_filters({both, other}, r));
}

TEST_CASE("mapping: diff produces one operation per changed attribute", "[provisioning][diff]") {
  json current = {
      {"id", "u1"},
      {"userName", "alice@contoso.com"},
      {"active", true},
      {"displayName", "Alice"},
      {"name", {{"givenName", "Alice"}}},
      {"emails", {{{"type", "work"}, {"value", "old@contoso.com"}, {"primary", true}}}}};
  TargetValues desired = {{"userName", "alice@contoso.com"},
                          {"active", "True"},
                          {"displayName", "Alice Smith"},
                          {"name.givenName", "Alice"},
                          {"name.familyName", "Smith"},
                          {"emails[type eq \"work\"].value", "alice@contoso.com"},
                          {"title", std::nullopt}};
  auto ops = diff(desired, current);
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].op == PatchOp::Op::kReplace);
  CHECK(ops[0].path == "displayName");
  CHECK(ops[0].old_value == Value("Alice"));
  CHECK(ops[1].op == PatchOp::Op::kAdd);  // previously empty
  CHECK(ops[1].path == "name.familyName");
  CHECK(ops[2].path == "emails[type eq \"work\"].value");

  SECTION("legacy dialect") {
    json body = render_patch(ops, Dialect::kLegacy);
    CHECK(body["schemas"][0] == kPatchOpSchema);
    CHECK(body["Operations"].size() == 3);
    CHECK(body["Operations"][0] ==
          json({{"op", "Replace"}, {"path", "displayName"}, {"value", "Alice Smith"}}));
    CHECK(body["Operations"][1]["op"] == "Add");
  }
  SECTION("aadOptscim062020 collapses plain replaces") {
    std::vector<PatchOp> more = ops;
    more.push_back({PatchOp::Op::kReplace, "name.givenName", "Al", "Alice"});
    json body = render_patch(more, Dialect::kAadOptScim062020);
    auto& o = body["Operations"];
    REQUIRE(o.size() == 3);
    CHECK(o[0] == json({{"op", "add"}, {"path", "name.familyName"}, {"value", "Smith"}}));
    CHECK(o[1]["op"] == "replace");
    CHECK(o[1]["path"] == "emails[type eq \"work\"].value");
    CHECK(o[2] == json({{"op", "replace"},
                        {"value", {{"displayName", "Alice Smith"}, {"name.givenName", "Al"}}}}));
  }
}

TEST_CASE("mapping: active in both dialects", "[provisioning][dialect]") {
  std::vector<PatchOp> ops = {{PatchOp::Op::kReplace, "active", "False", "True"}};
  CHECK(render_patch(ops, Dialect::kLegacy)["Operations"][0] ==
        json({{"op", "Replace"}, {"path", "active"}, {"value", "False"}}));
  CHECK(render_patch(ops, Dialect::kAadOptScim062020)["Operations"][0] ==
        json({{"op", "replace"}, {"path", "active"}, {"value", false}}));
  CHECK(dialect_for_tenant_url("https://x/scim/v2") == Dialect::kLegacy);
  CHECK(dialect_for_tenant_url("https://x/scim/v2?aadOptscim062020") == Dialect::kAadOptScim062020);
  CHECK(dialect_for_tenant_url("https://x/scim/v2?a=1&AADOPTSCIM062020=") ==
        Dialect::kAadOptScim062020);
  CHECK(dialect_for_tenant_url("https://x/scim/v2?aadOptscim0620201") == Dialect::kLegacy);
}

TEST_CASE("mapping: member patches batch at 100 in both dialects", "[provisioning][dialect]") {
  std::vector<std::string> add;
  for (int i = 0; i < 250; ++i) add.push_back("u" + std::to_string(i));
  std::vector<std::string> remove = {"x1", "x2"};
  auto legacy = render_member_patches(add, remove, Dialect::kLegacy);
  REQUIRE(legacy.size() == 4);
  CHECK(legacy[0]["Operations"][0]["op"] == "Add");
  CHECK(legacy[0]["Operations"][0]["value"].size() == 100);
  CHECK(legacy[2]["Operations"][0]["value"].size() == 50);
  CHECK(legacy[3]["Operations"][0] == json({{"op", "Remove"},
                                            {"path", "members"},
                                            {"value", {{{"value", "x1"}}, {{"value", "x2"}}}}}));
  auto modern = render_member_patches({}, remove, Dialect::kAadOptScim062020);
  REQUIRE(modern.size() == 1);
  CHECK(modern[0]["Operations"][0] ==
        json({{"op", "remove"}, {"path", "members[value eq \"x1\"]"}}));
  CHECK_FALSE(modern[0]["Operations"][0].contains("value"));
}

TEST_CASE("mapping: read_path and parse_scim_path", "[provisioning][mapping]") {
  json res = {
      {"active", false},
      {kEnterpriseSchema, {{"employeeNumber", "42"}}},
      {"phoneNumbers", {{{"type", "mobile"}, {"value", "1"}}, {{"type", "work"}, {"value", "2"}}}}};
  CHECK(read_path(res, "active") == Value("False"));
  CHECK(read_path(res, std::string(kEnterpriseSchema) + ":employeeNumber") == Value("42"));
  CHECK(read_path(res, "phoneNumbers[type eq \"work\"].value") == Value("2"));
  CHECK_FALSE(read_path(res, "title").has_value());
  CHECK_FALSE(parse_scim_path("emails[type eq work].value").has_value());
  CHECK_FALSE(parse_scim_path("emails[type eq \"work\"").has_value());
  CHECK_FALSE(parse_scim_path("").has_value());
}

TEST_CASE("mapping: two phone numbers produce two entries", "[provisioning][mapping]") {
  TargetValues v = {{"userName", "a"},
                    {"phoneNumbers[type eq \"work\"].value", "1"},
                    {"phoneNumbers[type eq \"mobile\"].value", "2"}};
  json body = build_user_resource(v);
  REQUIRE(body["phoneNumbers"].size() == 2);
  CHECK(body["phoneNumbers"][0]["primary"] == true);
  CHECK(body["phoneNumbers"][1]["type"] == "mobile");
}
