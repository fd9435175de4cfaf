#include "mock-idp/sso/federation.hpp"

#include <algorithm>

#include "core/saml/metadata.hpp"

namespace mock_idp::sso {

namespace {

// What the per-app and the tenant-level documents share: entity id and endpoints.
core::saml::IdpMetadataSpec tenant_spec(const directory::Directory& directory,
                                        const std::string& base_url) {
  const std::string& tenant = directory.tenant().id;
  core::saml::IdpMetadataSpec spec;
  spec.entity_id = "https://sts.windows.net/" + tenant + "/";
  spec.tenant_id = tenant;
  spec.sso_url = base_url + "/" + tenant + "/saml2";
  spec.wsfed_url = base_url + "/" + tenant + "/wsfed";
  return spec;
}

}  // namespace

std::string app_federation_metadata(const directory::Directory& directory,
                                    const CertificateStore& certificates, const std::string& app_id,
                                    const std::string& base_url, core::util::TimePoint now,
                                    core::util::IdGenerator& ids) {
  const auto sp = directory.find_service_principal(app_id);
  if (!sp || sp->app_id != app_id) throw directory::GraphError::not_found(app_id);
  const auto signer = certificates.signer(sp->id, now);
  if (!signer) {
    throw directory::GraphError(500, "NoSigningCertificate",
                                "The application has no SAML signing certificate.");
  }
  core::saml::IdpMetadataSpec spec = tenant_spec(directory, base_url);
  spec.signing_certificates = certificates.published(sp->id);
  spec.utf8_bom = true;
  return core::saml::build_idp_metadata(spec, signer->credential, ids);
}

std::string tenant_federation_metadata(const directory::Directory& directory,
                                       CertificateStore& certificates, const std::string& base_url,
                                       core::util::IdGenerator& ids) {
  const auto credential = certificates.tenant_credential();
  core::saml::IdpMetadataSpec spec = tenant_spec(directory, base_url);
  spec.signing_certificates = {credential.certificate};
  spec.utf8_bom = false;
  return core::saml::build_idp_metadata(spec, credential, ids);
}

directory::Application upload_sp_metadata(directory::Directory& directory,
                                          const std::string& app_id, std::string_view xml) {
  const auto parsed = core::saml::parse_sp_metadata(xml);
  if (!parsed) {
    throw directory::GraphError(400, "InvalidMetadata",
                                "The metadata file is not valid SAML service provider metadata: " +
                                    std::string(core::saml::to_string(parsed.verdict().reason)) +
                                    ": " + parsed.verdict().detail);
  }
  const auto& md = parsed.value();
  // ACS locations, the default one first, duplicates dropped.
  std::vector<std::string> acs{md.default_acs().location};
  for (const auto& endpoint : md.assertion_consumer_services) {
    if (std::find(acs.begin(), acs.end(), endpoint.location) == acs.end()) {
      acs.push_back(endpoint.location);
    }
  }
  return directory.update_application(app_id, [&](directory::Application& app) {
    auto put_first = [](std::vector<std::string>& list, const std::vector<std::string>& values) {
      std::vector<std::string> out = values;
      for (const auto& v : list) {
        if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
      }
      list = std::move(out);
    };
    put_first(app.identifier_uris, {md.entity_id});
    put_first(app.redirect_uris, acs);
  });
}

}  // namespace mock_idp::sso
