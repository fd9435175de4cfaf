// Writes SAML documents signed by core/saml for the xmlsec1 interop test (xmlsec1_interop.sh):
// metadata.xml (IdP federation metadata), response-<option>-<alg>.xml for every signing option
// and algorithm, and response-altered.xml (NameID changed after signing).
// Usage: saml_interop_fixtures <output-dir>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/saml/metadata.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_builder.hpp"
#include "core/util/iso8601.hpp"
#include "core/xmlsig/library.hpp"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: saml_interop_fixtures <output-dir>\n";
    return 2;
  }
  const std::string dir = argv[1];
  try {
    const core::xmlsig::Library library;
    const std::string data = std::string(HARNESS_TEST_DATA_DIR) + "/saml/";
    const core::crypto::SigningCredential idp{
        core::crypto::SigningKey::from_pem(read_file(data + "test-only-idp-key.pem")),
        core::crypto::Certificate::from_pem(read_file(data + "test-only-idp-cert.pem"))};
    core::util::IdGenerator ids(2026);
    const std::string tenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
    const std::string entity = "https://sts.windows.net/" + tenant + "/";

    core::saml::IdpMetadataSpec md;
    md.entity_id = entity;
    md.tenant_id = tenant;
    md.sso_url = "http://127.0.0.1:8080/" + tenant + "/saml2";
    md.wsfed_url = "http://127.0.0.1:8080/" + tenant + "/wsfed";
    md.signing_certificates = {idp.certificate};
    write_file(dir + "/metadata.xml", core::saml::build_idp_metadata(md, idp, ids));

    core::saml::ResponseSpec spec;
    spec.issuer = entity;
    spec.destination = "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/85f2a8f3";
    spec.audience = "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f";
    spec.in_response_to = "_request-1";
    spec.name_id = "alice@contoso.onmicrosoft.com";
    spec.issue_instant = *core::util::parse_datetime("2026-11-27T12:00:00Z");
    spec.authn_instant = spec.issue_instant;
    spec.claims = {{std::string(core::saml::names::kClaimName), {spec.name_id}}};
    const struct {
      const char* name;
      core::saml::SigningMode mode;
    } modes[] = {{"assertion", core::saml::SigningMode::kAssertion},
                 {"response", core::saml::SigningMode::kResponse},
                 {"both", core::saml::SigningMode::kBoth}};
    for (const auto& m : modes) {
      for (const auto alg :
           {core::crypto::HashAlgorithm::kSha256, core::crypto::HashAlgorithm::kSha1}) {
        const std::string name = std::string("response-") + m.name + "-" +
                                 (alg == core::crypto::HashAlgorithm::kSha1 ? "sha1" : "sha256");
        write_file(dir + "/" + name + ".xml",
                   core::saml::build_response(spec, idp, {m.mode, alg}, ids).xml);
      }
    }
    std::string altered = core::saml::build_response(spec, idp, {}, ids).xml;
    const std::string from = ">alice@contoso.onmicrosoft.com</NameID>";
    const auto at = altered.find(from);
    if (at == std::string::npos) throw std::runtime_error("NameID not found");
    altered.replace(at, from.size(), ">mallory@contoso.onmicrosoft.com</NameID>");
    write_file(dir + "/response-altered.xml", altered);
  } catch (const std::exception& e) {
    std::cerr << "saml_interop_fixtures: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
