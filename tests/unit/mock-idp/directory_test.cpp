#include "mock-idp/directory/directory.hpp"

#include <catch2/catch.hpp>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/iso8601.hpp"

using mock_idp::directory::Directory;
using mock_idp::directory::GraphError;
using mock_idp::directory::Group;
using mock_idp::directory::ObjectKind;
using mock_idp::directory::Tenant;
using mock_idp::directory::User;

namespace {

core::util::TimePoint start() { return *core::util::parse_datetime("2026-01-01T00:00:00Z"); }

User user(const std::string& upn) {
  User u;
  u.user_principal_name = upn;
  u.display_name = upn.substr(0, upn.find('@'));
  return u;
}

Group group(const std::string& name, std::vector<std::string> types = {}) {
  Group g;
  g.display_name = name;
  g.mail_nickname = name;
  g.group_types = std::move(types);
  return g;
}

struct Fixture {
  core::util::ManualClock clock{start()};
  core::util::IdGenerator ids{42};
  Directory dir{Tenant{"tid", "Contoso", {"contoso.onmicrosoft.com", "contoso.com"}}, clock, ids};
};

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const GraphError& e) {
    return e.status();
  }
  return 0;
}

}  // namespace

TEST_CASE("directory: users need a verified domain and a unique UPN", "[mock-idp][directory]") {
  Fixture f;
  const auto alice = f.dir.create_user(user("alice@contoso.com"));
  CHECK(alice.id.size() == 36);
  CHECK(f.dir.get_user("ALICE@contoso.com").id == alice.id);
  CHECK(f.dir.get_user(alice.id).mail_nickname == "alice");
  SECTION("unverified domain") {
    CHECK(status_of([&] { f.dir.create_user(user("eve@evil.example")); }) == 400);
  }
  SECTION("duplicate UPN, case-insensitive") {
    CHECK(status_of([&] { f.dir.create_user(user("Alice@Contoso.com")); }) == 400);
  }
  SECTION("malformed UPN") {
    CHECK(status_of([&] { f.dir.create_user(user("no-at-sign")); }) == 400);
    CHECK(status_of([&] { f.dir.create_user(user("a@b@contoso.com")); }) == 400);
    CHECK(status_of([&] { f.dir.create_user(user("@contoso.com")); }) == 400);
  }
  SECTION("a failed update changes nothing") {
    f.dir.create_user(user("bob@contoso.com"));
    CHECK(status_of([&] {
            f.dir.update_user("bob@contoso.com", [](User& u) {
              u.display_name = "changed";
              u.user_principal_name = "alice@contoso.com";
            });
          }) == 400);
    CHECK(f.dir.get_user("bob@contoso.com").display_name == "bob");
  }
  CHECK(status_of([&] { f.dir.get_user("nobody@contoso.com"); }) == 404);
}

TEST_CASE("directory: soft delete, restore, hard delete and purge after 30 days",
          "[mock-idp][directory]") {
  Fixture f;
  const auto alice = f.dir.create_user(user("alice@contoso.com"));
  const auto admins = f.dir.create_group(group("Admins"));
  f.dir.add_member(admins.id, alice.id);
  f.dir.delete_user(alice.id);
  CHECK_FALSE(f.dir.find_user(alice.id));
  CHECK(f.dir.members(admins.id).empty());
  REQUIRE(f.dir.deleted_users().size() == 1);
  CHECK(f.dir.deleted_kind(alice.id) == ObjectKind::kUser);
  // The UPN stays reserved while the user sits in deleted items.
  CHECK(status_of([&] { f.dir.create_user(user("alice@contoso.com")); }) == 400);

  SECTION("restore brings the memberships back") {
    CHECK(f.dir.restore(alice.id) == ObjectKind::kUser);
    CHECK(f.dir.members(admins.id).size() == 1);
    CHECK(f.dir.deleted_users().empty());
  }
  SECTION("hard delete drops memberships for good") {
    f.dir.purge(alice.id);
    CHECK(status_of([&] { f.dir.restore(alice.id); }) == 404);
    f.dir.create_user(user("alice@contoso.com"));
    CHECK(f.dir.members(admins.id).empty());
  }
  SECTION("purged 30 days later by the clock") {
    f.clock.advance(std::chrono::hours(24 * 30 - 1));
    f.dir.purge_expired();
    CHECK(f.dir.deleted_users().size() == 1);
    f.clock.advance(std::chrono::hours(1));
    CHECK(f.dir.deleted_users().empty());  // already invisible before the purge runs
    const auto seq = f.dir.sequence();
    f.dir.purge_expired();
    bool deleted = false;
    for (const auto& c : f.dir.changes_since(seq)) deleted |= c.kind == "user" && c.op == "deleted";
    CHECK(deleted);
  }
}

TEST_CASE(
    "directory: security groups are deleted for good, Microsoft 365 groups go to deleted "
    "items",
    "[mock-idp][directory]") {
  Fixture f;
  const auto sec = f.dir.create_group(group("Security"));
  const auto m365 = f.dir.create_group(group("Team", {"Unified"}));
  f.dir.delete_group(sec.id);
  f.dir.delete_group(m365.id);
  CHECK_FALSE(f.dir.deleted_kind(sec.id));
  CHECK(f.dir.deleted_kind(m365.id) == ObjectKind::kGroup);
  CHECK(f.dir.restore(m365.id) == ObjectKind::kGroup);
  CHECK(f.dir.find_group(m365.id));
}

TEST_CASE("directory: nesting, transitive members and their refusals", "[mock-idp][directory]") {
  Fixture f;
  const auto alice = f.dir.create_user(user("alice@contoso.com"));
  const auto dave = f.dir.create_user(user("dave@contoso.com"));
  const auto outer = f.dir.create_group(group("Outer"));
  const auto inner = f.dir.create_group(group("Inner"));
  f.dir.add_member(outer.id, alice.id);
  f.dir.add_member(outer.id, inner.id);
  f.dir.add_member(inner.id, "dave@contoso.com");
  f.dir.add_member(inner.id, outer.id);  // a cycle: Azure allows it, listings must terminate
  CHECK(f.dir.members(outer.id).size() == 2);
  const auto all = f.dir.transitive_members(outer.id);
  CHECK(all.size() == 3);  // alice, inner, dave (outer itself is cut)
  CHECK(f.dir.member_of(dave.id).size() == 1);
  SECTION("duplicate member") {
    CHECK(status_of([&] { f.dir.add_member(outer.id, alice.id); }) == 400);
  }
  SECTION("a group in itself") {
    CHECK(status_of([&] { f.dir.add_member(outer.id, outer.id); }) == 400);
  }
  SECTION("unknown member or group") {
    CHECK(status_of([&] { f.dir.add_member(outer.id, "nobody"); }) == 404);
    CHECK(status_of([&] { f.dir.add_member("nogroup", alice.id); }) == 404);
    CHECK(status_of([&] { f.dir.remove_member(outer.id, dave.id); }) == 404);
  }
  f.dir.remove_member(outer.id, alice.id);
  CHECK(f.dir.members(outer.id).size() == 1);
}

TEST_CASE("directory: assignment counts directly or through a direct group only",
          "[mock-idp][directory]") {
  Fixture f;
  const auto created = f.dir.instantiate(mock_idp::directory::kAwsTemplateId, "AWS");
  const auto& sp = created.second;
  CHECK(sp.app_role_assignment_required);
  const auto alice = f.dir.create_user(user("alice@contoso.com"));
  const auto dave = f.dir.create_user(user("dave@contoso.com"));
  const auto erin = f.dir.create_user(user("erin@contoso.com"));
  const auto outer = f.dir.create_group(group("Outer"));
  const auto inner = f.dir.create_group(group("Inner"));
  f.dir.add_member(outer.id, alice.id);
  f.dir.add_member(outer.id, inner.id);
  f.dir.add_member(inner.id, dave.id);
  f.dir.assign(sp.id, outer.id, mock_idp::directory::kUserRoleId);
  const auto direct = f.dir.assign(sp.id, erin.id, mock_idp::directory::kDefaultAccessRoleId);
  CHECK(f.dir.is_assigned(sp.id, alice.id));
  CHECK_FALSE(f.dir.is_assigned(sp.id, dave.id));  // nested membership does not count
  CHECK(f.dir.is_assigned(sp.id, erin.id));
  CHECK(f.dir.assignments_to(sp.id).size() == 2);
  SECTION("refusals") {
    CHECK(status_of([&] {
            f.dir.assign(sp.id, erin.id, mock_idp::directory::kDefaultAccessRoleId);
          }) == 400);
    CHECK(status_of([&] {
            f.dir.assign(sp.id, erin.id, "00000000-1111-2222-3333-444444444444");
          }) == 400);
    CHECK(status_of([&] { f.dir.assign(sp.id, "nobody", mock_idp::directory::kUserRoleId); }) ==
          404);
    CHECK(status_of([&] { f.dir.unassign(sp.id, "nothing"); }) == 404);
  }
  SECTION("a disabled assignment path: deleted users and unassigning") {
    f.dir.unassign(sp.id, direct.id);
    CHECK_FALSE(f.dir.is_assigned(sp.id, erin.id));
    f.dir.delete_user(alice.id);
    CHECK_FALSE(f.dir.is_assigned(sp.id, alice.id));
  }
}

TEST_CASE("directory: change log, snapshot and restore", "[mock-idp][directory]") {
  Fixture f;
  const auto before = f.dir.sequence();
  const auto alice = f.dir.create_user(user("alice@contoso.com"));
  const auto g = f.dir.create_group(group("G"));
  f.dir.add_member(g.id, alice.id);
  const auto changes = f.dir.changes_since(before);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].kind == "user");
  CHECK(changes[2].kind == "member");
  CHECK(changes[2].related_id == alice.id);
  CHECK(f.dir.changes_since(before, 1).size() == 1);
  const auto snap = f.dir.snapshot();
  f.dir.delete_user(alice.id);
  f.dir.restore(snap);
  CHECK(f.dir.find_user("alice@contoso.com"));
  CHECK(f.dir.members(g.id).size() == 1);
  CHECK(f.dir.sequence() > snap.seq);
}

TEST_CASE("directory: application identifiers are unique in the tenant", "[mock-idp][directory]") {
  Fixture f;
  const auto a = f.dir.instantiate(mock_idp::directory::kAwsTemplateId, "A").first;
  const auto b = f.dir.instantiate(mock_idp::directory::kAwsTemplateId, "B").first;
  f.dir.update_application(a.app_id, [](auto& x) { x.identifier_uris = {"urn:one"}; });
  CHECK(status_of([&] {
          f.dir.update_application(b.app_id, [](auto& x) { x.identifier_uris = {"urn:one"}; });
        }) == 400);
  CHECK(f.dir.find_application_by_identifier("urn:one")->app_id == a.app_id);
  CHECK(status_of([&] { f.dir.instantiate("not-a-template", "X"); }) == 404);
  f.dir.delete_application(a.app_id);
  CHECK_FALSE(f.dir.find_service_principal(a.app_id));
}
