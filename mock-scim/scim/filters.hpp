#pragma once

#include <optional>
#include <string>

#include "mock-scim/identity_store/identity_store.hpp"

namespace mock_scim::scim {

// AWS's filter subset ([DG-users], [DG-LISTGROUPS]): `eq` only, at most two clauses joined by
// `and`, string values, and only these attribute combinations (names case-insensitive):
//   users:  userName | externalId | groups.value | id and manager (either order)
//   groups: displayName | externalId | id and members (either order; "member" accepted too,
//           as the documentation spells it)
// Anything else throws core::scim::Error 400. No filter = every resource.
identity_store::UserQuery user_query_from_filter(const std::optional<std::string>& filter);
identity_store::GroupQuery group_query_from_filter(const std::optional<std::string>& filter);

}  // namespace mock_scim::scim
