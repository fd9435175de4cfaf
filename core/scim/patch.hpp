#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/scim/filter.hpp"

namespace core::scim {

// A PATCH "path" (RFC 7644 §3.5.2): `[schemaURN:]attribute[.sub]` or
// `attribute[valueFilter][.sub]`, e.g. `name.givenName`, `emails[type eq "work"].value`,
// `members[value eq "…"]`, `urn:…:enterprise:2.0:User:manager`.
struct PatchPath {
  std::string text;       // as the client sent it
  std::string schema;     // the URN prefix without the trailing ':', or ""
  std::string attribute;  // client's spelling; compare case-insensitively
  std::optional<Filter> value_filter;
  std::string sub_attribute;  // "" if none
};

inline constexpr std::size_t kMaxPatchPathLength = 1024;
inline constexpr std::size_t kMaxPatchOperations = 1000;

// Throws Error::invalid_path with the reason.
PatchPath parse_patch_path(std::string_view text);

enum class PatchOpKind { kAdd, kReplace, kRemove };
std::string_view to_string(PatchOpKind op);

struct PatchOperation {
  PatchOpKind op = PatchOpKind::kAdd;
  std::optional<PatchPath> path;
  std::optional<nlohmann::json> value;  // absent for remove without value; never JSON null
};

// Parses a PatchOp body (RFC 7644 §3.5.2) with what real clients send: op names in any case
// (Azure AD sends "Replace"), "schemas" optional but if present it must name PatchOp,
// "Operations" a non-empty array. A remove needs a path; add and replace need a value, and
// without a path the value must be an object. Throws Error (400) on the first violation.
std::vector<PatchOperation> parse_patch_request(const nlohmann::json& body);

// A path-less add/replace's value object as (path, value) pairs: each key is parsed as a path
// (dotted keys such as "name.givenName" and URN-qualified keys as aadOptscim062020 sends
// them); a key equal to one of `extension_schemas` whose value is an object is opened into its
// members. Throws Error::invalid_path for a key that is not a path.
std::vector<std::pair<PatchPath, nlohmann::json>> expand_pathless_value(
    const nlohmann::json& object, const std::vector<std::string_view>& extension_schemas);

// A boolean as SCIM clients send it: true/false, or a string "true"/"false" in any case
// (Azure AD's legacy "False"). nullopt for anything else.
std::optional<bool> parse_bool_value(const nlohmann::json& value);

}  // namespace core::scim
