#include "mock-scim/identity_store/identity_store.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <regex>
#include <thread>

#include "core/scim/error.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

using mock_scim::identity_store::Group;
using mock_scim::identity_store::GroupChange;
using mock_scim::identity_store::GroupQuery;
using mock_scim::identity_store::IdentityStore;
using mock_scim::identity_store::User;
using mock_scim::identity_store::UserField;
using mock_scim::identity_store::UserQuery;

namespace {

struct Fixture {
  core::util::ManualClock clock{core::util::TimePoint(core::util::Millis(1'700'000'000'000))};
  core::util::IdGenerator ids{42};
  IdentityStore store{clock, ids};

  User add_user(const std::string& name, const std::string& email = "") {
    User u;
    u.set(UserField::kUserName, name);
    u.set(UserField::kEmailValue, email.empty() ? name + "@x.test" : email);
    u.set(UserField::kExternalId, "ext-" + name);
    return store.create_user(u);
  }
  Group add_group(const std::string& name, const std::vector<std::string>& members = {}) {
    Group g;
    g.display_name = name;
    return store.create_group(g, members);
  }
  std::vector<std::string> users(const UserQuery& q) {
    std::vector<std::string> out;
    store.query_users(q, 0, 100, [&](const User& u) { out.push_back(u.id); });
    return out;
  }
};

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::scim::Error& e) {
    return e.status();
  }
  return 0;
}

}  // namespace

TEST_CASE("store: ids in AWS's legacy format, creation times from the clock",
          "[mock-scim][store]") {
  Fixture f;
  const auto u = f.add_user("a");
  CHECK(std::regex_match(u.id, std::regex(R"([0-9a-f]{10}-[0-9a-f-]{36})")));
  CHECK(u.created == f.clock.now());
  f.clock.advance(core::util::Millis(5000));
  const auto v = f.store.update_user(u.id, [](User& x) { x.set(UserField::kTitle, "t"); });
  CHECK(v.created == u.created);
  CHECK(v.last_modified == f.clock.now());
}

TEST_CASE("store: userName and email unique case-insensitively", "[mock-scim][store]") {
  Fixture f;
  const auto a = f.add_user("Alice");
  CHECK(status_of([&] { f.add_user("alice", "other@x.test"); }) == 409);
  CHECK(status_of([&] { f.add_user("bob", "ALICE@x.test"); }) == 409);
  const auto b = f.add_user("bob");
  CHECK(status_of([&] {
          f.store.update_user(b.id, [](User& u) { u.set(UserField::kUserName, "ALICE"); });
        }) == 409);
  // The failed update changed nothing, and indexes still find bob.
  CHECK(f.users({UserQuery::Kind::kUserName, "BOB", ""}) == std::vector<std::string>{b.id});
  // Renaming frees the old name.
  f.store.update_user(a.id, [](User& u) { u.set(UserField::kUserName, "alicia"); });
  CHECK(f.users({UserQuery::Kind::kUserName, "alice", ""}).empty());
  CHECK(f.users({UserQuery::Kind::kUserName, "ALICIA", ""}) == std::vector<std::string>{a.id});
}

TEST_CASE("store: a throwing mutation stores nothing", "[mock-scim][store]") {
  Fixture f;
  const auto a = f.add_user("a");
  CHECK(status_of([&] {
          f.store.update_user(a.id, [](User& u) {
            u.set(UserField::kTitle, "half");
            throw core::scim::Error::invalid_value("no");
          });
        }) == 400);
  f.store.read_user(a.id, [](const User& u) { CHECK_FALSE(u.get(UserField::kTitle)); });
}

TEST_CASE("store: memberships, nested groups, deletes", "[mock-scim][store]") {
  Fixture f;
  const auto a = f.add_user("a");
  const auto b = f.add_user("b");
  const auto g = f.add_group("G", {a.id});
  const auto h = f.add_group("H");
  CHECK(f.store.member_ids(g.id) == std::vector<std::string>{a.id});
  SECTION("a group as member is refused, nothing changes") {
    GroupChange change;
    change.add_members = {b.id, h.id};
    CHECK(status_of([&] { f.store.update_group(g.id, change); }) == 400);
    CHECK(f.store.member_ids(g.id) == std::vector<std::string>{a.id});
    CHECK(status_of([&] { f.add_group("N", {h.id}); }) == 400);
    CHECK(f.store.group_count() == 2);
  }
  SECTION("unknown member refused") {
    GroupChange change;
    change.add_members = {"nobody"};
    CHECK(status_of([&] { f.store.update_group(g.id, change); }) == 400);
  }
  SECTION("filters by membership") {
    CHECK(f.users({UserQuery::Kind::kGroupMembers, g.id, ""}) == std::vector<std::string>{a.id});
    std::vector<std::string> groups;
    f.store.query_groups({GroupQuery::Kind::kIdAndMember, g.id, a.id}, 0, 100,
                         [&](const Group& x) { groups.push_back(x.id); });
    CHECK(groups == std::vector<std::string>{g.id});
    groups.clear();
    f.store.query_groups({GroupQuery::Kind::kIdAndMember, g.id, b.id}, 0, 100,
                         [&](const Group& x) { groups.push_back(x.id); });
    CHECK(groups.empty());
  }
  SECTION("deleting a user removes its memberships") {
    f.store.delete_user(a.id);
    CHECK(f.store.member_ids(g.id).empty());
    CHECK(status_of([&] { f.store.delete_user(a.id); }) == 404);
  }
  SECTION("deleting a group removes memberships") {
    f.store.delete_group(g.id);
    CHECK(f.store.group_ids_of(a.id).empty());
    CHECK_FALSE(f.store.group_exists(g.id));
  }
  SECTION("duplicate display name, any case") {
    CHECK(status_of([&] { f.add_group("g"); }) == 409);
    GroupChange change;
    change.display_name = "g";
    CHECK(status_of([&] { f.store.update_group(h.id, change); }) == 409);
  }
  SECTION("replace and clear") {
    GroupChange change;
    change.replace = std::vector<std::string>{b.id};
    f.store.update_group(g.id, change);
    CHECK(f.store.member_ids(g.id) == std::vector<std::string>{b.id});
  }
}

TEST_CASE("store: paging in creation order", "[mock-scim][store]") {
  Fixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(f.add_user("u" + std::to_string(i)).id);
  std::vector<std::string> seen;
  auto page = f.store.query_users({}, 0, 2, [&](const User& u) { seen.push_back(u.id); });
  CHECK(page.total == 5);
  REQUIRE(page.next_after);
  page = f.store.query_users({}, *page.next_after, 2, [&](const User& u) { seen.push_back(u.id); });
  page = f.store.query_users({}, *page.next_after, 2, [&](const User& u) { seen.push_back(u.id); });
  CHECK_FALSE(page.next_after);
  CHECK(seen == ids);
  f.store.clear();
  CHECK(f.store.user_count() == 0);
}

TEST_CASE("store: 5,000 users stay findable by every index as the indexes grow",
          "[mock-scim][store]") {
  Fixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(f.add_user("user" + std::to_string(i)).id);
  CHECK(f.store.user_count() == 5000);
  for (std::size_t i = 0; i < 5000; i += 7) {
    const std::string name = "user" + std::to_string(i);
    CHECK(f.users({UserQuery::Kind::kUserName, "USER" + std::to_string(i), ""}) ==
          std::vector<std::string>{ids[i]});
    CHECK(f.users({UserQuery::Kind::kExternalId, "ext-" + name, ""}) ==
          std::vector<std::string>{ids[i]});
    CHECK(status_of([&] { f.add_user("x" + name, name + "@X.test"); }) == 409);
  }
  // Deleting frees the name, the email and the externalId for a new user.
  f.store.delete_user(ids[42]);
  CHECK(f.users({UserQuery::Kind::kUserName, "user42", ""}).empty());
  CHECK(f.users({UserQuery::Kind::kExternalId, "ext-user42", ""}).empty());
  const auto again = f.add_user("user42");
  CHECK(f.users({UserQuery::Kind::kExternalId, "ext-user42", ""}) ==
        std::vector<std::string>{again.id});
  CHECK(f.store.user_count() == 5000);
  f.store.clear();
  CHECK(f.store.user_count() == 0);
  CHECK(f.users({UserQuery::Kind::kUserName, "user7", ""}).empty());
  f.add_user("user7");
  CHECK(f.store.user_count() == 1);
}

TEST_CASE("store: a PUT or PATCH moves the index entries to the new keys", "[mock-scim][store]") {
  Fixture f;
  const auto a = f.add_user("a");
  const auto b = f.add_user("b");
  f.store.update_user(a.id, [](User& u) {
    u.set(UserField::kEmailValue, "New@X.test");
    u.set(UserField::kExternalId, "ext-b");  // externalId need not be unique
  });
  CHECK(status_of([&] { f.add_user("c", "new@x.test"); }) == 409);
  f.add_user("d", "a@x.test");  // a's old email is free again
  CHECK(f.users({UserQuery::Kind::kExternalId, "ext-a", ""}).empty());
  auto both = f.users({UserQuery::Kind::kExternalId, "ext-b", ""});
  CHECK(both == std::vector<std::string>{a.id, b.id});
  // Removing the externalId takes the entry out; a PUT without an email frees it.
  f.store.update_user(a.id, [](User& u) { u.clear(UserField::kExternalId); });
  CHECK(f.users({UserQuery::Kind::kExternalId, "ext-b", ""}) == std::vector<std::string>{b.id});
  User replacement;
  replacement.set(UserField::kUserName, "A2");
  f.store.replace_user(a.id, replacement);
  f.add_user("e", "new@x.test");
  CHECK(f.users({UserQuery::Kind::kUserName, "a", ""}).empty());
  CHECK(f.users({UserQuery::Kind::kUserName, "a2", ""}) == std::vector<std::string>{a.id});
}

TEST_CASE("store: group renames and deletes keep the group indexes right", "[mock-scim][store]") {
  Fixture f;
  const auto g = f.add_group("Admins");
  f.store.update_group(g.id, GroupChange{"Owners", "ext-g", {}, {}, false, std::nullopt});
  CHECK(status_of([&] { f.add_group("OWNERS"); }) == 409);
  const auto h = f.add_group("admins");  // the old name is free
  std::vector<std::string> found;
  f.store.query_groups({GroupQuery::Kind::kExternalId, "ext-g", ""}, 0, 10,
                       [&](const Group& x) { found.push_back(x.id); });
  CHECK(found == std::vector<std::string>{g.id});
  f.store.delete_group(g.id);
  found.clear();
  f.store.query_groups({GroupQuery::Kind::kExternalId, "ext-g", ""}, 0, 10,
                       [&](const Group& x) { found.push_back(x.id); });
  CHECK(found.empty());
  f.add_group("Owners");
  CHECK(f.store.group_count() == 2);
  CHECK(f.store.group_exists(h.id));
}

TEST_CASE("store: creates from many threads lose nothing and keep names unique",
          "[mock-scim][store]") {
  Fixture f;
  constexpr int kThreads = 8;
  constexpr int kEach = 500;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every thread also tries a name that all threads share: exactly one wins each.
        f.add_user("t" + std::to_string(t) + "-" + std::to_string(i));
        if (status_of([&] { f.add_user("shared-" + std::to_string(i)); }) == 409) ++conflicts;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(f.store.user_count() == kThreads * kEach + kEach);
  CHECK(conflicts == (kThreads - 1) * kEach);
  std::vector<std::uint64_t> seqs;
  f.store.query_users({}, 0, 100, [&](const User& u) { seqs.push_back(u.seq); });
  CHECK(std::is_sorted(seqs.begin(), seqs.end()));
}
