#pragma once

#include <httplib.h>

#include <string_view>

namespace mock_scim {
class App;
}

namespace mock_scim::http {

// Admits a SCIM request: provisioning enabled, the path's tenant id is this instance's, and
// "Authorization: Bearer <token>" names a token that has not expired. Otherwise throws
// core::scim::Error 401 with one text for every cause, as AWS does ([DG-getuser]); the cause
// goes to the log.
void authorize(App& app, const httplib::Request& req, std::string_view tenant_id);

// The bearer credential of an Authorization header ("" if absent or another scheme).
std::string_view bearer_token(std::string_view authorization);

}  // namespace mock_scim::http
