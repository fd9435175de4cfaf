#include "mock-scim/scim/user_patch.hpp"

#include <catch2/catch.hpp>

#include "core/scim/error.hpp"
#include "core/scim/patch.hpp"
#include "mock-scim/scim/user_schema.hpp"

using mock_scim::identity_store::MultiValued;
using mock_scim::identity_store::User;
using mock_scim::identity_store::UserField;
using nlohmann::json;

namespace {

User base_user() {
  return mock_scim::scim::user_from_json(
      {{"userName", "bob"},
       {"displayName", "Bob"},
       {"name", {{"givenName", "Bob"}, {"familyName", "Builder"}}},
       {"emails", {{{"value", "bob@x.test"}, {"type", "work"}, {"primary", true}}}}});
}

User patched(const json& ops, bool single = false) {
  User u = base_user();
  mock_scim::scim::apply_user_patch(u, core::scim::parse_patch_request({{"Operations", ops}}),
                                    {single});
  return u;
}

std::string rejection(const json& ops, bool single = false) {
  try {
    patched(ops, single);
  } catch (const core::scim::Error& e) {
    CHECK(e.status() == 400);
    return e.detail();
  }
  FAIL("accepted: " << ops.dump());
  return "";
}

}  // namespace

TEST_CASE("user patch: simple attributes, add and replace", "[mock-scim][patch]") {
  const auto u = patched({{{"op", "Add"}, {"path", "title"}, {"value", "Chief"}},
                          {{"op", "Replace"}, {"path", "displayName"}, {"value", "Robert"}},
                          {{"op", "replace"}, {"path", "userName"}, {"value", "robert"}}});
  CHECK(u.view(UserField::kTitle) == "Chief");
  CHECK(u.view(UserField::kDisplayName) == "Robert");
  CHECK(u.view(UserField::kUserName) == "robert");
}

TEST_CASE("user patch: remove an optional attribute", "[mock-scim][patch]") {
  const auto u = patched({{{"op", "add"}, {"path", "nickName"}, {"value", "B"}},
                          {{"op", "remove"}, {"path", "nickName"}}});
  CHECK_FALSE(u.get(UserField::kNickName));
}

TEST_CASE("user patch: string and JSON booleans for active", "[mock-scim][patch]") {
  CHECK(patched({{{"op", "Replace"}, {"path", "active"}, {"value", "False"}}}).active == false);
  CHECK(patched({{{"op", "replace"}, {"path", "active"}, {"value", true}}}).active == true);
}

TEST_CASE("user patch: value-filter paths on emails and addresses", "[mock-scim][patch]") {
  SECTION("matching email") {
    const auto u = patched(
        {{{"op", "Replace"}, {"path", R"(emails[type eq "work"].value)"}, {"value", "n@x.test"}}});
    CHECK(u.view(UserField::kEmailValue) == "n@x.test");
    CHECK(u.primary_of(MultiValued::kEmails) == true);
  }
  SECTION("filter values compare case-insensitively") {
    const auto u = patched(
        {{{"op", "Replace"}, {"path", R"(emails[type eq "WORK"].value)"}, {"value", "n@x.test"}}});
    CHECK(u.view(UserField::kEmailValue) == "n@x.test");
  }
  SECTION("new address takes the filter's type") {
    const auto u = patched(
        {{{"op", "Add"}, {"path", R"(addresses[type eq "work"].locality)"}, {"value", "Redmond"}}});
    CHECK(u.view(UserField::kAddressLocality) == "Redmond");
    CHECK(u.view(UserField::kAddressType) == "work");
  }
  SECTION("remove a sub-attribute through a non-matching filter changes nothing") {
    const auto u = patched({{{"op", "remove"}, {"path", R"(emails[type eq "home"].value)"}}});
    CHECK(u.view(UserField::kEmailValue) == "bob@x.test");
  }
  SECTION("whole emails list replaced") {
    const auto u = patched({{{"op", "replace"},
                             {"path", "emails"},
                             {"value", {{{"value", "z@x.test"}, {"primary", true}}}}}});
    CHECK(u.view(UserField::kEmailValue) == "z@x.test");
    CHECK_FALSE(u.get(UserField::kEmailType));
  }
}

TEST_CASE("user patch: path-less replace with dotted and URN keys", "[mock-scim][patch]") {
  const auto u = patched(
      {{{"op", "replace"},
        {"value",
         {{"displayName", "Bjfe"},
          {"name.givenName", "Kkom"},
          {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "Aklq"},
          {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
           {{"department", "Ops"}}}}}}});
  CHECK(u.view(UserField::kDisplayName) == "Bjfe");
  CHECK(u.view(UserField::kNameGivenName) == "Kkom");
  CHECK(u.view(UserField::kEmployeeNumber) == "Aklq");
  CHECK(u.view(UserField::kDepartment) == "Ops");
}

TEST_CASE("user patch: name as a whole and manager shapes", "[mock-scim][patch]") {
  SECTION("add name merges") {
    const auto u = patched({{{"op", "add"}, {"path", "name"}, {"value", {{"middleName", "T"}}}}});
    CHECK(u.view(UserField::kNameMiddleName) == "T");
    CHECK(u.view(UserField::kNameGivenName) == "Bob");
  }
  SECTION("manager as Azure's legacy array") {
    const auto u = patched(
        {{{"op", "Add"}, {"path", "manager"}, {"value", {{{"$ref", "r"}, {"value", "m"}}}}}});
    CHECK(u.view(UserField::kManagerValue) == "m");
    CHECK(u.view(UserField::kManagerRef) == "r");
  }
  SECTION("manager.value by URN path") {
    const auto u = patched(
        {{{"op", "replace"},
          {"path", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"},
          {"value", "m2"}}});
    CHECK(u.view(UserField::kManagerValue) == "m2");
  }
  SECTION("remove manager") {
    const auto u = patched({{{"op", "add"}, {"path", "manager"}, {"value", "m"}},
                            {{"op", "remove"}, {"path", "manager"}}});
    CHECK_FALSE(u.get(UserField::kManagerValue));
  }
}

TEST_CASE("user patch: each rejection", "[mock-scim][patch]") {
  SECTION("remove userName") { rejection({{{"op", "remove"}, {"path", "userName"}}}); }
  SECTION("remove active") { rejection({{{"op", "remove"}, {"path", "active"}}}); }
  SECTION("two ops on active") {
    rejection({{{"op", "replace"}, {"path", "active"}, {"value", true}},
               {{"op", "replace"}, {"path", "active"}, {"value", false}}});
  }
  SECTION("two ops on userName, one path-less") {
    rejection({{{"op", "replace"}, {"path", "userName"}, {"value", "a"}},
               {{"op", "replace"}, {"value", {{"userName", "b"}}}}});
  }
  SECTION("roles are not modifiable") {
    rejection({{{"op", "add"}, {"path", "roles"}, {"value", {{{"value", "r"}}}}}});
  }
  SECTION("groups are not modifiable") {
    rejection({{{"op", "add"}, {"path", "groups"}, {"value", {{{"value", "g"}}}}}});
  }
  SECTION("id is read-only") { rejection({{{"op", "replace"}, {"path", "id"}, {"value", "x"}}}); }
  SECTION("unknown attribute") {
    rejection({{{"op", "replace"}, {"path", "nope"}, {"value", "x"}}});
  }
  SECTION("unknown schema") {
    rejection({{{"op", "replace"}, {"path", "urn:example:ext:1.0:User:x"}, {"value", "x"}}});
  }
  SECTION("unknown sub-attribute of name") {
    rejection({{{"op", "replace"}, {"path", "name.nick"}, {"value", "x"}}});
  }
  SECTION("filter on a simple attribute") {
    rejection({{{"op", "replace"}, {"path", R"(title[value eq "x"])"}, {"value", "x"}}});
  }
  SECTION("unknown attribute inside a path filter") {
    rejection({{{"op", "replace"}, {"path", R"(emails[colour eq "x"].value)"}, {"value", "x"}}});
  }
  SECTION("second entry through a filter") {
    CHECK(rejection(
              {{{"op", "add"}, {"path", R"(emails[type eq "home"].value)"}, {"value", "h@x"}}}) ==
          core::scim::kDetailSingleItem);
  }
  SECTION("array of two for a multi-valued attribute") {
    rejection({{{"op", "replace"},
                {"path", "phoneNumbers"},
                {"value", {{{"value", "1"}}, {{"value", "2"}}}}}});
  }
  SECTION("value of the wrong type") {
    rejection({{{"op", "replace"}, {"path", "title"}, {"value", {{"a", 1}}}}});
  }
  SECTION("removing a required attribute") {
    rejection({{{"op", "remove"}, {"path", "name.familyName"}}});
  }
  SECTION("a control character") {
    rejection({{{"op", "replace"}, {"path", "title"}, {"value", "a\tb"}}});
  }
  SECTION("manager displayName") {
    rejection({{{"op", "add"}, {"path", "manager"}, {"value", {{"displayName", "Boss"}}}}});
  }
  SECTION("quirk: path-less with two attributes") {
    CHECK(rejection({{{"op", "replace"}, {"value", {{"displayName", "a"}, {"title", "b"}}}}},
                    true) == core::scim::kDetailPathless);
  }
}
