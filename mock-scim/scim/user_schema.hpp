#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mock-scim/identity_store/user.hpp"

namespace mock_scim::scim {

// AWS's limits on user attributes ([MODEL-IDS] lengths; SCIM-side limits are not documented).
inline constexpr std::size_t kMaxUserNameLength = 128;
inline constexpr std::size_t kMaxExternalIdLength = 256;
inline constexpr std::size_t kMaxAttributeLength = 1024;

// Where a UserField sits in the SCIM representation.
struct FieldSpec {
  identity_store::UserField field;
  std::string_view parent;  // "", "name", "emails", "addresses", "phoneNumbers", "roles",
                            // "enterprise", "manager"
  std::string_view name;    // SCIM attribute name within the parent
  std::size_t max_length;
};

// The spec of a field; every UserField has one.
const FieldSpec& spec_of(identity_store::UserField field);
// The field named `name` (case-insensitive) under `parent`; nullopt if none.
std::optional<identity_store::UserField> find_field(std::string_view parent, std::string_view name);
// The multi-valued attribute called `name` (case-insensitive): emails, addresses, ...
std::optional<identity_store::MultiValued> find_multi_valued(std::string_view name);
std::string_view name_of(identity_store::MultiValued mv);

// Decodes a POST/PUT /Users body with AWS's rules ([DG-create], [DG-PUT]) and validates it
// (validate_user). JSON nulls count as absent (Azure AD's legacy requests carry them).
// Throws core::scim::Error 400 naming the first violation.
identity_store::User user_from_json(const nlohmann::json& body);

// The checks every stored user passes: userName, displayName, name.givenName, name.familyName
// and a primary email present; lengths; reserved names; forbidden characters. Throws 400.
void validate_user(const identity_store::User& user);

// Appends the user as AWS returns it (key order of [DG-create]: id, externalId, meta,
// schemas, userName, ...). Never includes groups or a password.
void append_user_json(std::string& out, const identity_store::User& user);

// True for names IAM Identity Center reserves ([MODEL-IDS]): Administrator,
// AWSAdministrators (case-insensitive).
bool reserved_name(std::string_view name);
// Throws 400 if `value` holds a control character (tab, CR, LF, ...) ([MS-PROV]).
void check_no_control_characters(std::string_view attribute, std::string_view value);

}  // namespace mock_scim::scim
