#pragma once

#include <string>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-scim/sp/service_provider.hpp"
#include "mock-scim/sso_admin/directory_view.hpp"
#include "mock-scim/sso_admin/dispatcher.hpp"
#include "mock-scim/sso_admin/identity_store_api.hpp"
#include "mock-scim/sso_admin/organization.hpp"
#include "mock-scim/sso_admin/sso_admin_api.hpp"
#include "mock-scim/sso_admin/sso_admin_service.hpp"

namespace mock_scim::sp {

struct IdentityCenterOptions {
  sso_admin::SsoAdminOptions sso_admin;
  SpOptions sp;
};

// One IAM Identity Center instance in its organization: sso-admin, identitystore, the SAML SP
// and the access portal, over the identity store that SCIM writes. Owns the organization; the
// directory, clock and id generator must outlive it. Thread-safe (each part is).
class IdentityCenter {
 public:
  IdentityCenter(sso_admin::Organization org, const sso_admin::DirectoryView& directory,
                 const core::util::Clock& clock, core::util::IdGenerator& ids,
                 IdentityCenterOptions options);
  IdentityCenter(const IdentityCenter&) = delete;
  IdentityCenter& operator=(const IdentityCenter&) = delete;

  const sso_admin::Organization& organization() const { return org_; }
  sso_admin::SsoAdminService& sso_admin() { return sso_admin_; }
  const sso_admin::AwsJsonDispatcher& aws_json() const { return dispatcher_; }
  ServiceProvider& sp() { return sp_; }

  // Back to start-up: no permission sets, assignments, roles, sessions or identity source.
  void reset();

 private:
  const sso_admin::Organization org_;
  sso_admin::SsoAdminService sso_admin_;
  sso_admin::SsoAdminApi sso_admin_api_;
  sso_admin::IdentityStoreApi identity_store_api_;
  sso_admin::AwsJsonDispatcher dispatcher_;
  ServiceProvider sp_;
};

}  // namespace mock_scim::sp
