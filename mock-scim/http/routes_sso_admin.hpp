#pragma once

#include <memory>
#include <mutex>

#include "core/util/logger.hpp"
#include "core/xmlsig/library.hpp"
#include "mock-scim/sp/identity_center.hpp"
#include "mock-scim/sso_admin/directory_adapter.hpp"
#include "mock-scim/sso_admin/organization.hpp"

namespace mock_scim {
class App;
}

namespace mock_scim::http {

// The IAM Identity Center instance the routes serve. PUT /_harness/organization replaces it
// (as if the instance were re-created); requests already running finish on the old one, which
// lives until they drop it. Thread-safe.
class IdentityCenterHost {
 public:
  IdentityCenterHost(App& app, sso_admin::Organization initial);

  std::shared_ptr<sp::IdentityCenter> get() const;
  // Replaces the instance with a fresh one in `org` (keeping the async delay).
  void replace(sso_admin::Organization org);
  // POST /_harness/reset: the organization from start-up, nothing else.
  void reset();

 private:
  std::shared_ptr<sp::IdentityCenter> make(sso_admin::Organization org) const;

  // xmlsec and libxml2 stay initialised while the SP may verify signatures.
  core::xmlsig::Library xmlsec_;
  App& app_;
  sso_admin::IdentityStoreDirectory directory_;
  const sso_admin::Organization initial_;
  mutable std::mutex mutex_;
  std::shared_ptr<sp::IdentityCenter> current_;
  bool replaced_ = false;
};

// Installs IAM Identity Center's control plane over app.identity_store(): the AWS JSON 1.1
// endpoint (POST / with X-Amz-Target SWBExternalService.* and AWSIdentityStore.*), the SAML
// SP and the access portal (routes_sp), and the console routes under /_harness/:
//   GET|PUT /_harness/organization   the emulated organization and instance
//   GET     /_harness/roles          the AWSReservedSSO_* roles in the member accounts
//   GET|PUT /_harness/sso-admin      {"asyncDelay":"PT2S"}: virtual time until async calls end
// and a reset hook. The one call app.cpp makes.
void install_identity_center_routes(App& app);

}  // namespace mock_scim::http
