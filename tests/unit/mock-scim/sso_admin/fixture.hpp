#pragma once

#include <chrono>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-scim/sso_admin/identity_store_api.hpp"
#include "mock-scim/sso_admin/organization.hpp"
#include "mock-scim/sso_admin/sso_admin_api.hpp"
#include "mock-scim/sso_admin/sso_admin_service.hpp"
#include "tests/unit/mock-scim/sso_admin/fake_directory.hpp"

namespace sso_admin_test {

constexpr const char* kAlice = "9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074";
constexpr const char* kBob = "9067729b3d-a1b2c3d4-1111-2222-3333-444455556666";
constexpr const char* kDevelopers = "9067729b3d-0d1e2f3a-aaaa-bbbb-cccc-ddddeeeeffff";
constexpr const char* kMember = "222233334444";
constexpr const char* kOtherMember = "333344445555";

// An organization, a directory with two users and a group, and the service on a manual clock.
struct Fixture {
  core::util::ManualClock clock{core::util::TimePoint(std::chrono::milliseconds(1795000000000))};
  core::util::IdGenerator ids{42};
  mock_scim::sso_admin::Organization org;
  FakeDirectory dir;
  mock_scim::sso_admin::SsoAdminService service;
  mock_scim::sso_admin::SsoAdminApi api{service};
  mock_scim::sso_admin::IdentityStoreApi ids_api{org, dir};

  Fixture() : org(make_org(ids)), service(org, dir, clock, ids) {
    dir.add_user(kAlice, "alice@example.com");
    dir.add_user(kBob, "bob@example.com", false);
    dir.add_group(kDevelopers, "Developers");
    dir.members.emplace(kDevelopers, kAlice);
  }

  static mock_scim::sso_admin::Organization make_org(core::util::IdGenerator& ids) {
    mock_scim::sso_admin::Organization o;
    const nlohmann::json in = {
        {"region", "eu-central-1"},
        {"instance", {{"id", "ssoins-69871a2b3c4d5e6f"}, {"identityStoreId", "d-9067729b3d"}}},
        {"managementAccount", {{"id", "111122223333"}, {"name", "Management"}}},
        {"accounts",
         {{{"id", kMember}, {"name", "Production"}}, {{"id", kOtherMember}, {"name", "Staging"}}}}};
    parse_organization(in, ids, o);
    return o;
  }

  std::string instance_arn() const { return org.instance_arn(); }
  void advance_past_delay() { clock.advance(service.options().async_delay); }
};

}  // namespace sso_admin_test
