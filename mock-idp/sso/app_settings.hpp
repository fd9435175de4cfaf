#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "mock-idp/directory/directory.hpp"

namespace mock_idp::sso {

// The "Set up single sign-on with SAML" blade of one enterprise application as JSON
// (GET /_harness/apps/{appId}/saml): Basic SAML Configuration, Attributes & Claims, signing
// option and algorithm, and the read-only "Set up" box (login URL, identifier, metadata URL).
nlohmann::json saml_settings_json(const directory::Directory& directory, const std::string& app_id,
                                  const std::string& base_url);

// PUT /_harness/apps/{appId}/saml: applies the keys present in `body` (every key of the GET
// shape except the read-only ones). Throws GraphError(400) on unknown keys, wrong types, bad
// URLs or unknown claim sources, and changes nothing then.
void apply_saml_settings(directory::Directory& directory, const std::string& app_id,
                         const nlohmann::json& body);

}  // namespace mock_idp::sso
