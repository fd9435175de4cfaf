#include "core/scim/patch.hpp"

#include <catch2/catch.hpp>

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"

using core::scim::Error;
using core::scim::parse_patch_path;
using core::scim::parse_patch_request;
using core::scim::PatchOpKind;
using nlohmann::json;

namespace {

json body(json ops) {
  return {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
          {"Operations", std::move(ops)}};
}

std::string rejection(const json& request) {
  try {
    parse_patch_request(request);
  } catch (const Error& e) {
    CHECK(e.status() == 400);
    return e.detail();
  }
  FAIL("accepted: " << request.dump());
  return "";
}

}  // namespace

TEST_CASE("patch path: simple, dotted, URN and value-filter paths", "[scim][patch]") {
  SECTION("simple") {
    const auto p = parse_patch_path("displayName");
    CHECK(p.attribute == "displayName");
    CHECK(p.schema.empty());
    CHECK(p.sub_attribute.empty());
    CHECK_FALSE(p.value_filter);
  }
  SECTION("dotted") {
    const auto p = parse_patch_path("name.givenName");
    CHECK(p.attribute == "name");
    CHECK(p.sub_attribute == "givenName");
  }
  SECTION("URN-qualified enterprise attribute") {
    const auto p = parse_patch_path(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");
    CHECK(p.schema == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
    CHECK(p.attribute == "employeeNumber");
  }
  SECTION("URN-qualified with sub-attribute") {
    const auto p = parse_patch_path(
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
    CHECK(p.attribute == "manager");
    CHECK(p.sub_attribute == "value");
  }
  SECTION("value filter with sub-attribute (Azure AD's emails path)") {
    const auto p = parse_patch_path(R"(emails[type eq "work"].value)");
    CHECK(p.attribute == "emails");
    REQUIRE(p.value_filter);
    CHECK(p.value_filter->clauses[0].attribute == "type");
    CHECK(p.value_filter->clauses[0].value == "work");
    CHECK(p.sub_attribute == "value");
  }
  SECTION("members value filter with a ']' inside the quoted value") {
    const auto p = parse_patch_path(R"(members[value eq "a]b"])");
    CHECK(p.attribute == "members");
    CHECK(p.value_filter->clauses[0].value == "a]b");
    CHECK(p.sub_attribute.empty());
  }
}

TEST_CASE("patch path: rejections", "[scim][patch]") {
  const auto rejects = [](const std::string& text) {
    CHECK_THROWS_AS(parse_patch_path(text), Error);
  };
  SECTION("empty") { rejects(""); }
  SECTION("bad character") { rejects("display Name"); }
  SECTION("trailing dot") { rejects("name."); }
  SECTION("missing ]") { rejects(R"(emails[type eq "work")"); }
  SECTION("nested brackets") { rejects(R"(emails[type[x] eq "work"])"); }
  SECTION("bad filter inside") { rejects(R"(emails[type xx "work"])"); }
  SECTION("garbage after ]") { rejects(R"(emails[type eq "work"]value)"); }
  SECTION("dot before the filter") { rejects(R"(emails.value[type eq "work"])"); }
  SECTION("too long") { rejects(std::string(core::scim::kMaxPatchPathLength + 1, 'a')); }
}

TEST_CASE("patch: op names in any case", "[scim][patch]") {
  const auto ops = parse_patch_request(body({{{"op", "Replace"}, {"path", "title"}, {"value", "x"}},
                                             {{"op", "ADD"}, {"path", "title"}, {"value", "y"}},
                                             {{"op", "remove"}, {"path", "title"}}}));
  REQUIRE(ops.size() == 3);
  CHECK(ops[0].op == PatchOpKind::kReplace);
  CHECK(ops[1].op == PatchOpKind::kAdd);
  CHECK(ops[2].op == PatchOpKind::kRemove);
  CHECK_FALSE(ops[2].value);
}

TEST_CASE("patch: schemas may be absent; path-less replace with an object", "[scim][patch]") {
  const auto ops = parse_patch_request(
      {{"Operations", {{{"op", "replace"}, {"value", {{"displayName", "x"}}}}}}});
  REQUIRE(ops.size() == 1);
  CHECK_FALSE(ops[0].path);
}

TEST_CASE("patch: rejections", "[scim][patch]") {
  SECTION("not an object") { rejection(json::array()); }
  SECTION("schemas not an array") {
    rejection({{"schemas", "x"}, {"Operations", {{{"op", "add"}, {"path", "a"}, {"value", 1}}}}});
  }
  SECTION("schemas without PatchOp") {
    CHECK_THAT(rejection({{"schemas", {"urn:x"}},
                          {"Operations", {{{"op", "add"}, {"path", "a"}, {"value", 1}}}}}),
               Catch::Contains("PatchOp"));
  }
  SECTION("schemas with a non-string") {
    rejection({{"schemas", {1}}, {"Operations", {{{"op", "add"}, {"path", "a"}, {"value", 1}}}}});
  }
  SECTION("Operations missing") { rejection({{"schemas", {core::scim::kPatchOpSchema}}}); }
  SECTION("Operations empty") {
    CHECK_THAT(rejection(body(json::array())), Catch::Contains("empty"));
  }
  SECTION("too many operations") {
    json ops = json::array();
    for (std::size_t i = 0; i <= core::scim::kMaxPatchOperations; ++i) {
      ops.push_back({{"op", "add"}, {"path", "a"}, {"value", "b"}});
    }
    rejection(body(ops));
  }
  SECTION("operation not an object") { rejection(body({"add"})); }
  SECTION("op missing") { rejection(body({{{"path", "a"}, {"value", 1}}})); }
  SECTION("op not a string") { rejection(body({{{"op", 1}, {"path", "a"}, {"value", 1}}})); }
  SECTION("unknown op") {
    CHECK_THAT(rejection(body({{{"op", "move"}, {"path", "a"}, {"value", 1}}})),
               Catch::Contains("Unknown PATCH op"));
  }
  SECTION("path not a string") { rejection(body({{{"op", "add"}, {"path", 3}, {"value", 1}}})); }
  SECTION("remove without path: AWS's text") {
    CHECK(rejection(body({{{"op", "remove"}}})) == core::scim::kDetailPathless);
  }
  SECTION("add without value") {
    CHECK_THAT(rejection(body({{{"op", "add"}, {"path", "a"}}})), Catch::Contains("value"));
  }
  SECTION("replace with null value") {
    rejection(body({{{"op", "replace"}, {"path", "a"}, {"value", nullptr}}}));
  }
  SECTION("path-less replace with a non-object") {
    CHECK(rejection(body({{{"op", "replace"}, {"value", "x"}}})) == core::scim::kDetailPathless);
  }
}

TEST_CASE("patch: expand a path-less value object (aadOptscim062020)", "[scim][patch]") {
  const json value = {
      {"displayName", "Bjfe"},
      {"name.givenName", "Kkom"},
      {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "Aklq"},
      {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", {{"department", "Sales"}}}};
  const auto pairs = core::scim::expand_pathless_value(value, {core::scim::kEnterpriseUserSchema});
  REQUIRE(pairs.size() == 4);
  int seen = 0;
  for (const auto& [path, v] : pairs) {
    if (path.attribute == "givenName") FAIL("dotted key not split");
    if (path.attribute == "name") {
      CHECK(path.sub_attribute == "givenName");
      ++seen;
    }
    if (path.attribute == "employeeNumber" || path.attribute == "department") {
      CHECK(path.schema == core::scim::kEnterpriseUserSchema);
      ++seen;
    }
  }
  CHECK(seen == 3);
  CHECK_THROWS_AS(core::scim::expand_pathless_value({{"bad key", 1}}, {}), Error);
  CHECK_THROWS_AS(
      core::scim::expand_pathless_value({{std::string(core::scim::kEnterpriseUserSchema), "x"}},
                                        {core::scim::kEnterpriseUserSchema}),
      Error);
}

TEST_CASE("patch: string booleans", "[scim][patch]") {
  CHECK(core::scim::parse_bool_value("False") == false);
  CHECK(core::scim::parse_bool_value("TRUE") == true);
  CHECK(core::scim::parse_bool_value(true) == true);
  CHECK_FALSE(core::scim::parse_bool_value("no"));
  CHECK_FALSE(core::scim::parse_bool_value(1));
  CHECK_FALSE(core::scim::parse_bool_value(nullptr));
}
