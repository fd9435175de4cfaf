#pragma once

namespace mock_scim {
class App;
}

namespace mock_scim::http {

// The /_harness/ routes: the common contract (health, clock, reset, requests, faults) plus the
// console actions of IAM Identity Center (automatic provisioning, access tokens) and quirks.
void install_admin_routes(App& app);

}  // namespace mock_scim::http
