#pragma once

#include <vector>

#include "core/scim/patch.hpp"
#include "mock-scim/identity_store/user.hpp"

namespace mock_scim::scim {

struct UserPatchOptions {
  // Quirk pathlessSingleAttribute: a path-less operation may change one attribute only.
  bool pathless_single_attribute = false;
};

// Applies PatchUser operations ([DG-PATCHUSER]) to `user` in order, then validates the result
// (validate_user). Modifiable: userName, active, externalId, displayName, nickName,
// profileUrl, title, userType, preferredLanguage, locale, timezone, name, the enterprise
// extension, emails, addresses, phoneNumbers. Remove on userName or active, or more than one
// operation on either, is refused. Throws core::scim::Error (400); on a throw `user` is
// partly changed, so callers pass a copy.
void apply_user_patch(identity_store::User& user,
                      const std::vector<core::scim::PatchOperation>& operations,
                      const UserPatchOptions& options);

}  // namespace mock_scim::scim
