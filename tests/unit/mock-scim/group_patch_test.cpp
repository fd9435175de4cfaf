#include "mock-scim/scim/group_patch.hpp"

#include <catch2/catch.hpp>

#include "core/scim/error.hpp"
#include "core/scim/patch.hpp"
#include "mock-scim/scim/group_schema.hpp"

using mock_scim::scim::GroupPatchOptions;
using mock_scim::scim::plan_group_patch;
using nlohmann::json;

namespace {

mock_scim::scim::GroupPatchPlan plan(const json& ops, GroupPatchOptions options = {}) {
  return plan_group_patch(core::scim::parse_patch_request({{"Operations", ops}}), options);
}

void rejected(const json& ops, GroupPatchOptions options = {}) {
  CHECK_THROWS_AS(plan(ops, options), core::scim::Error);
}

json members(int n) {
  json out = json::array();
  for (int i = 0; i < n; ++i) out.push_back({{"value", "u" + std::to_string(i)}});
  return out;
}

}  // namespace

TEST_CASE("group patch: add, remove (legacy and filtered), rename, externalId",
          "[mock-scim][group]") {
  const auto p = plan({{{"op", "Add"}, {"path", "members"}, {"value", members(2)}},
                       {{"op", "Remove"}, {"path", "members"}, {"value", {{{"value", "u9"}}}}},
                       {{"op", "remove"}, {"path", R"(members[value eq "u8"])"}},
                       {{"op", "Replace"}, {"path", "displayName"}, {"value", "New"}},
                       {{"op", "add"}, {"path", "externalId"}, {"value", "e"}}});
  CHECK(p.change.add_members == std::vector<std::string>{"u0", "u1"});
  CHECK(p.change.remove_members == std::vector<std::string>{"u9", "u8"});
  CHECK(p.change.display_name == "New");
  CHECK(p.change.external_id == "e");
  CHECK_FALSE(p.fail_after_apply);
}

TEST_CASE("group patch: the documentation's path-less rename with the id", "[mock-scim][group]") {
  const auto p = plan({{{"op", "replace"}, {"value", {{"id", "g1"}, {"displayName", "Foo"}}}}});
  CHECK(p.change.display_name == "Foo");
  // The id does not count as a second attribute, even under the single-attribute quirk.
  CHECK(
      plan({{{"op", "replace"}, {"value", {{"id", "g1"}, {"displayName", "Foo"}}}}}, {false, true})
          .change.display_name == "Foo");
}

TEST_CASE("group patch: each rejection", "[mock-scim][group]") {
  SECTION("replace members by default") {
    rejected({{{"op", "replace"}, {"path", "members"}, {"value", members(1)}}});
  }
  SECTION("remove all members (no value)") { rejected({{{"op", "remove"}, {"path", "members"}}}); }
  SECTION("remove all members (empty list)") {
    rejected({{{"op", "remove"}, {"path", "members"}, {"value", json::array()}}});
  }
  SECTION("more than 100 changes") {
    rejected({{{"op", "add"}, {"path", "members"}, {"value", members(60)}},
              {{"op", "remove"}, {"path", "members"}, {"value", members(41)}}});
  }
  SECTION("member without value") {
    rejected({{{"op", "add"}, {"path", "members"}, {"value", {{{"display", "x"}}}}}});
  }
  SECTION("members not an array") {
    rejected({{{"op", "add"}, {"path", "members"}, {"value", "u1"}}});
  }
  SECTION("add with a filtered members path") {
    rejected({{{"op", "add"}, {"path", R"(members[value eq "u1"])"}, {"value", members(1)}}});
  }
  SECTION("filtered path other than value eq") {
    rejected({{{"op", "remove"}, {"path", R"(members[display eq "u1"])"}}});
  }
  SECTION("remove displayName") { rejected({{{"op", "remove"}, {"path", "displayName"}}}); }
  SECTION("displayName not a string") {
    rejected({{{"op", "replace"}, {"path", "displayName"}, {"value", 3}}});
  }
  SECTION("reserved displayName") {
    rejected({{{"op", "replace"}, {"path", "displayName"}, {"value", "Administrator"}}});
  }
  SECTION("externalId empty") {
    rejected({{{"op", "replace"}, {"path", "externalId"}, {"value", ""}}});
  }
  SECTION("other attribute") { rejected({{{"op", "add"}, {"path", "title"}, {"value", "x"}}}); }
  SECTION("sub-attribute of members") {
    rejected({{{"op", "add"}, {"path", "members.value"}, {"value", "x"}}});
  }
  SECTION("quirk: path-less with two attributes") {
    rejected({{{"op", "replace"}, {"value", {{"displayName", "a"}, {"externalId", "b"}}}}},
             {false, true});
  }
}

TEST_CASE("group patch: quirk replaceMembersObserved2024", "[mock-scim][group]") {
  const GroupPatchOptions quirk{true, false};
  SECTION("empty list: no change") {
    const auto p =
        plan({{{"op", "replace"}, {"path", "members"}, {"value", json::array()}}}, quirk);
    CHECK_FALSE(p.change.replace);
    CHECK_FALSE(p.fail_after_apply);
  }
  SECTION("a list replaces the members") {
    const auto p = plan({{{"op", "replace"}, {"path", "members"}, {"value", members(2)}}}, quirk);
    REQUIRE(p.change.replace);
    CHECK(p.change.replace->size() == 2);
  }
  SECTION("[{value:\"\"}] empties the group, then fails") {
    const auto p =
        plan({{{"op", "replace"}, {"path", "members"}, {"value", {{{"value", ""}}}}}}, quirk);
    REQUIRE(p.change.replace);
    CHECK(p.change.replace->empty());
    CHECK(p.fail_after_apply);
  }
}

TEST_CASE("group schema: create rules", "[mock-scim][group]") {
  const auto g = mock_scim::scim::group_from_json(
      {{"schemas",
        {"urn:ietf:params:scim:schemas:core:2.0:Group",
         "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"}},
       {"displayName", "G"},
       {"externalId", "e"},
       {"meta", {{"resourceType", "Group"}}},
       {"members", members(3)}});
  CHECK(g.group.display_name == "G");
  CHECK(g.member_ids.size() == 3);
  using mock_scim::scim::group_from_json;
  CHECK_THROWS_AS(group_from_json({{"externalId", "e"}}), core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", ""}}), core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", 1}}), core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", "G"}, {"members", members(101)}}),
                  core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", "G"}, {"schemas", {"urn:x"}}}),
                  core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", "G"}, {"x", 1}}), core::scim::Error);
  CHECK_THROWS_AS(group_from_json({{"displayName", "a\nb"}}), core::scim::Error);
  CHECK_THROWS_AS(group_from_json(json::array()), core::scim::Error);
  std::string out;
  mock_scim::scim::append_group_json(out, g.group);
  CHECK_FALSE(json::parse(out).contains("members"));
}
