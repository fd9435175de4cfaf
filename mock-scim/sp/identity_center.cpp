#include "mock-scim/sp/identity_center.hpp"

namespace mock_scim::sp {

IdentityCenter::IdentityCenter(sso_admin::Organization org,
                               const sso_admin::DirectoryView& directory,
                               const core::util::Clock& clock, core::util::IdGenerator& ids,
                               IdentityCenterOptions options)
    : org_(std::move(org)),
      sso_admin_(org_, directory, clock, ids, options.sso_admin),
      sso_admin_api_(sso_admin_),
      identity_store_api_(org_, directory),
      dispatcher_(sso_admin_api_, identity_store_api_),
      sp_(org_, directory, sso_admin_, clock, ids, std::move(options.sp)) {}

void IdentityCenter::reset() {
  sso_admin_.reset();
  sp_.reset();
}

}  // namespace mock_scim::sp
