#pragma once

#include <string_view>

// Character-level checks for the identifier formats of the sso-admin and identitystore models
// (botocore data sso-admin/2020-07-20 and identitystore/2020-06-15, service-2.json "pattern").
// Written by hand instead of std::regex: they run on every call.
namespace mock_scim::sso_admin {

// arn:aws:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16} (the other partitions are accepted too).
bool is_instance_arn(std::string_view s);
// arn:aws:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}
bool is_permission_set_arn(std::string_view s);
// \d{12}
bool is_account_id(std::string_view s);
// Lower-case RFC 4122 form, 36 characters (request ids).
bool is_request_id(std::string_view s);
// ([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}:
// PrincipalId, UserId, GroupId, MembershipId.
bool is_resource_id(std::string_view s);
// d-[0-9a-f]{10} or a lower-case UUID.
bool is_identity_store_id(std::string_view s);
// [\w+=,.@-]+ (permission set names).
bool is_permission_set_name(std::string_view s);
// arn:aws:iam::aws:policy/<printable>
bool is_managed_policy_arn(std::string_view s);
// ^[-a-zA-Z0-9+=/_]*  (sso-admin NextToken; identitystore also allows ':').
bool is_next_token(std::string_view s, bool allow_colon);
// Decodes UTF-8 and checks every code point is TAB, LF, CR or in [lo, hi] or [lo2, hi2].
// False on malformed UTF-8.
bool code_points_within(std::string_view s, char32_t lo, char32_t hi, char32_t lo2, char32_t hi2);
// The RelayState character class of the model.
bool is_relay_state(std::string_view s);
// Tag keys and values: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$ (non-ASCII letters accepted as such).
bool is_tag_text(std::string_view s);
// Number of Unicode code points (the unit of the model's min/max); bytes if malformed.
std::size_t code_point_count(std::string_view s);

}  // namespace mock_scim::sso_admin
