#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mock-scim/sso_admin/sso_admin_service.hpp"

namespace mock_scim::sp {

// AWS's generic sign-in failure page ("An unexpected error has occurred", UG-TROUBLE). It never
// says why: the reason goes to the log and the request journal only.
std::string error_page();

// The access portal: the accounts and permission sets the user may use. Links lead to the
// portal API's credentials document for each role.
std::string portal_page(std::string_view user_name, std::string_view portal_url,
                        const std::vector<sso_admin::Entitlement>& entitlements);

// A page for a browser with no identity source configured yet.
std::string not_configured_page();

std::string html_escape(std::string_view text);

}  // namespace mock_scim::sp
