#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mock_scim::scim {

// The read-only discovery documents ([DG-spc], [DG-HIST]). `base` is the SCIM endpoint
// (".../scim/v2") used in meta.location.
std::string service_provider_config_json();
std::string schemas_json(std::string_view base);
// One schema by URN (case-insensitive); nullopt if unknown.
std::optional<std::string> schema_json(std::string_view urn, std::string_view base);
std::string resource_types_json(std::string_view base);

}  // namespace mock_scim::scim
