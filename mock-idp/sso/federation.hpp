#pragma once

#include <string>
#include <string_view>

#include "core/util/id_generator.hpp"
#include "mock-idp/directory/directory.hpp"
#include "mock-idp/directory/graph_error.hpp"
#include "mock-idp/sso/certificate_store.hpp"

namespace mock_idp::sso {

// The per-app federation metadata (…/federationmetadata/2007-06/federationmetadata.xml?appid=)
// in Azure's layout: entityID https://sts.windows.net/{tenant}/, every signing certificate of
// the app (active first), SSO and SLO at `base_url`/{tenant}/saml2, signed with the app's
// signing certificate (rsa-sha256), with a UTF-8 BOM. Throws GraphError::not_found for an
// unknown appId and GraphError(500) if the app has no certificate.
std::string app_federation_metadata(const directory::Directory& directory,
                                    const CertificateStore& certificates, const std::string& app_id,
                                    const std::string& base_url, core::util::TimePoint now,
                                    core::util::IdGenerator& ids);

// The tenant-level document (the same path without ?appid=): the same layout and endpoints,
// but the tenant's token-signing certificate instead of any app's SAML certificate, and no BOM.
// A classic metadata-exchange mistake: an SP that trusts it refuses the app's Responses.
std::string tenant_federation_metadata(const directory::Directory& directory,
                                       CertificateStore& certificates, const std::string& base_url,
                                       core::util::IdGenerator& ids);

// The portal's "Upload metadata file": reads an SP metadata document and puts its entityID
// first among the identifierUris and its ACS locations (the default one first) first among the
// reply URLs; nothing else changes (the Sign-on URL is never filled). Throws GraphError(400,
// "InvalidMetadata") for anything that is not usable SP metadata, and changes nothing then.
directory::Application upload_sp_metadata(directory::Directory& directory,
                                          const std::string& app_id, std::string_view xml);

}  // namespace mock_idp::sso
