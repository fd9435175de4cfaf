#pragma once

#include <memory>

namespace mock_scim {
class App;
}

namespace mock_scim::http {

class IdentityCenterHost;

// The SAML service provider and the access portal:
//   PUT  /_harness/identity-source               IdP metadata XML (external identity provider)
//   GET  /_harness/identity-source
//   POST /_harness/identity-source/certificates  one more trusted IdP certificate (PEM)
//   DELETE /_harness/identity-source/certificates/{sha1 thumbprint}
//   GET  /_harness/sp-metadata                   the SP metadata XML
//   GET|PUT /_harness/access-portal              the portal URL; {"subdomain"} once
//   POST /platform/saml/acs/{uuid}               the ACS (HTTP-POST, read with a ContentReader)
//   GET  /start                                  the portal, or SP-initiated sign-in
//   POST /logout
//   GET  /assignment/accounts, /assignment/roles, /federation/credentials   the portal API
//        (x-amz-sso_bearer_token header or the session cookie)
void install_sp_routes(App& app, std::shared_ptr<IdentityCenterHost> host);

}  // namespace mock_scim::http
