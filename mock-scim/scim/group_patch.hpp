#pragma once

#include <vector>

#include "core/scim/patch.hpp"
#include "mock-scim/identity_store/identity_store.hpp"

namespace mock_scim::scim {

struct GroupPatchOptions {
  bool replace_members_observed_2024 = false;  // quirk replaceMembersObserved2024
  bool pathless_single_attribute = false;      // quirk pathlessSingleAttribute
};

struct GroupPatchPlan {
  identity_store::GroupChange change;
  // Quirk replaceMembersObserved2024, [{"value":""}]: apply the change, then answer 400.
  bool fail_after_apply = false;
};

// Turns PatchGroup operations ([DG-PATCHGROUP]) into one store change: only displayName,
// externalId and members; at most 100 membership changes; replace-all or remove-all of
// members refused (400) unless the 2024 quirk is on. Throws core::scim::Error (400).
GroupPatchPlan plan_group_patch(const std::vector<core::scim::PatchOperation>& operations,
                                const GroupPatchOptions& options);

}  // namespace mock_scim::scim
