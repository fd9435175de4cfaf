#pragma once

#include <string_view>

namespace core::scim {

// Schema and message URNs of RFC 7643 §8.7 and RFC 7644 §3.
inline constexpr std::string_view kUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr std::string_view kGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr std::string_view kEnterpriseUserSchema =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr std::string_view kErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";
inline constexpr std::string_view kListResponseSchema =
    "urn:ietf:params:scim:api:messages:2.0:ListResponse";
inline constexpr std::string_view kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
inline constexpr std::string_view kServiceProviderConfigSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
inline constexpr std::string_view kResourceTypeSchema =
    "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
inline constexpr std::string_view kSchemaSchema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

}  // namespace core::scim
