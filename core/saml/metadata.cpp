#include "core/saml/metadata.hpp"

#include <algorithm>

#include "core/saml/detail/xml_read.hpp"
#include "core/saml/message_id.hpp"
#include "core/saml/names.hpp"
#include "core/xmlsig/signer.hpp"

namespace core::saml {
namespace {

using detail::xml_attr;

// The claim types Azure offers in its WS-Fed RoleDescriptor (facts/azure-ad.md §1.2).
struct OfferedClaim {
  std::string_view uri;
  std::string_view display_name;
};
constexpr OfferedClaim kOfferedClaims[] = {
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "Name"},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "Subject"},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "Given Name"},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "Surname"},
    {"http://schemas.microsoft.com/identity/claims/displayname", "Display Name"},
    {"http://schemas.microsoft.com/identity/claims/nickname", "Nick Name"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/authenticationinstant",
     "Authentication Instant"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/authenticationmethod",
     "Authentication Method"},
    {"http://schemas.microsoft.com/identity/claims/objectidentifier", "ObjectIdentifier"},
    {"http://schemas.microsoft.com/identity/claims/tenantid", "TenantId"},
    {"http://schemas.microsoft.com/identity/claims/identityprovider", "IdentityProvider"},
    {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "Email"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", "Groups"},
    {"http://schemas.microsoft.com/identity/claims/accesstoken", "External Access Token"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/expiration",
     "External Access Token Expiration"},
    {"http://schemas.microsoft.com/identity/claims/openid2_id", "External OpenID 2.0 Identifier"},
    {"http://schemas.microsoft.com/claims/groups.link", "GroupsOverageClaim"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "Role"},
    {"http://schemas.microsoft.com/ws/2008/06/identity/claims/wids", "RoleTemplate"},
};

std::string key_descriptor(const std::vector<crypto::Certificate>& certs) {
  std::string x;
  for (const crypto::Certificate& cert : certs) {
    x += "<KeyDescriptor use=\"signing\"><KeyInfo xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"
         "<X509Data><X509Certificate>" +
         cert.base64_der() + "</X509Certificate></X509Data></KeyInfo></KeyDescriptor>";
  }
  return x;
}

std::string endpoint_reference(std::string_view element, std::string_view url) {
  return "<fed:" + std::string(element) +
         "><wsa:EndpointReference "
         "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><wsa:Address>" +
         xml::escape(url) + "</wsa:Address></wsa:EndpointReference></fed:" + std::string(element) +
         ">";
}

// The single EntityDescriptor of a metadata document (root, or the only child of
// EntitiesDescriptor that has the wanted role).
Verdict find_entity(pugi::xml_node root, std::string_view role, pugi::xml_node* out) {
  if (xml::is(root, names::kMetadataNs, "EntityDescriptor")) {
    *out = root;
    return Verdict::pass();
  }
  if (!xml::is(root, names::kMetadataNs, "EntitiesDescriptor")) {
    return Verdict::fail(Reason::kWrongMessage, "not SAML metadata: root is {" +
                                                    std::string(xml::namespace_uri(root)) + "}" +
                                                    std::string(xml::local_name(root)));
  }
  std::vector<pugi::xml_node> matches;
  for (const pugi::xml_node e : xml::children(root, names::kMetadataNs, "EntityDescriptor")) {
    if (xml::child(e, names::kMetadataNs, role)) matches.push_back(e);
  }
  if (matches.size() != 1) {
    return Verdict::fail(Reason::kMalformed, "EntitiesDescriptor holds " +
                                                 std::to_string(matches.size()) +
                                                 " entities with " + std::string(role));
  }
  *out = matches.front();
  return Verdict::pass();
}

Verdict check_size(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::size_t chars = detail::utf8_chars(text);
  if (chars > kMaxMetadataChars) {
    return Verdict::fail(Reason::kOversized, "metadata of " + std::to_string(chars) +
                                                 " characters exceeds " +
                                                 std::to_string(kMaxMetadataChars));
  }
  return Verdict::pass();
}

Verdict read_entity_id(pugi::xml_node entity, std::string* out) {
  auto id = xml::attribute(entity, "entityID");
  if (!id || id->empty())
    return Verdict::fail(Reason::kMalformed, "EntityDescriptor has no entityID");
  *out = *id;
  return Verdict::pass();
}

Verdict read_endpoints(pugi::xml_node role, std::string_view name, std::vector<Endpoint>* out) {
  for (const pugi::xml_node e : xml::children(role, names::kMetadataNs, name)) {
    auto binding = xml::attribute(e, "Binding");
    auto location = xml::attribute(e, "Location");
    if (!binding || !location || location->empty()) {
      return Verdict::fail(Reason::kMalformed, std::string(name) + " without Binding or Location");
    }
    out->push_back(Endpoint{*binding, *location});
  }
  return Verdict::pass();
}

}  // namespace

std::string build_idp_metadata(const IdpMetadataSpec& spec, const crypto::SigningCredential& signer,
                               util::IdGenerator& ids, crypto::HashAlgorithm algorithm) {
  const std::string doc_id = spec.document_id.empty() ? new_message_id(ids) : spec.document_id;
  const std::string keys = key_descriptor(spec.signing_certificates);
  std::string x = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"" +
                  xml_attr("ID", doc_id) + xml_attr("entityID", spec.entity_id) + ">";
  // WS-Federation security token service.
  x += "<RoleDescriptor xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xmlns:fed=\"http://docs.oasis-open.org/wsfed/federation/200706\" "
       "xsi:type=\"fed:SecurityTokenServiceType\" "
       "protocolSupportEnumeration=\"http://docs.oasis-open.org/wsfed/federation/200706\">";
  x += keys;
  x += "<fed:ClaimTypesOffered>";
  for (const OfferedClaim& c : kOfferedClaims) {
    x += "<auth:ClaimType xmlns:auth=\"http://docs.oasis-open.org/wsfed/authorization/200706\"" +
         xml_attr("Uri", c.uri) + "><auth:DisplayName>" + std::string(c.display_name) +
         "</auth:DisplayName></auth:ClaimType>";
  }
  x += "</fed:ClaimTypesOffered>";
  x += endpoint_reference("SecurityTokenServiceEndpoint", spec.wsfed_url);
  x += endpoint_reference("PassiveRequestorEndpoint", spec.wsfed_url);
  x += "</RoleDescriptor>";
  // WS-Federation application service.
  x += "<RoleDescriptor xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xmlns:fed=\"http://docs.oasis-open.org/wsfed/federation/200706\" "
       "xsi:type=\"fed:ApplicationServiceType\" "
       "protocolSupportEnumeration=\"http://docs.oasis-open.org/wsfed/federation/200706\">";
  x += keys;
  x += endpoint_reference("TargetScopes", spec.entity_id);
  x += endpoint_reference("ApplicationServiceEndpoint", spec.wsfed_url);
  x += endpoint_reference("PassiveRequestorEndpoint", spec.wsfed_url);
  x += "</RoleDescriptor>";
  // SAML 2.0 identity provider.
  x += "<IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
  x += keys;
  x += "<SingleLogoutService" + xml_attr("Binding", names::kBindingRedirect) +
       xml_attr("Location", spec.sso_url) + "/>";
  x += "<SingleSignOnService" + xml_attr("Binding", names::kBindingRedirect) +
       xml_attr("Location", spec.sso_url) + "/>";
  x += "<SingleSignOnService" + xml_attr("Binding", names::kBindingPost) +
       xml_attr("Location", spec.sso_url) + "/>";
  x += "</IDPSSODescriptor></EntityDescriptor>";

  xmlsig::SignOptions options;
  options.algorithm = algorithm;
  options.prefixed_key_info = true;
  std::string signed_xml =
      xmlsig::sign_enveloped(x, {doc_id}, signer.key, signer.certificate, options);
  return spec.utf8_bom ? "\xEF\xBB\xBF" + signed_xml : signed_xml;
}

std::optional<std::string> IdpMetadata::sso_location(std::string_view binding) const {
  for (const Endpoint& e : single_sign_on) {
    if (e.binding == binding) return e.location;
  }
  return std::nullopt;
}

std::optional<std::string> IdpMetadata::slo_location(std::string_view binding) const {
  for (const Endpoint& e : single_logout) {
    if (e.binding == binding) return e.location;
  }
  return std::nullopt;
}

Result<IdpMetadata> parse_idp_metadata(std::string_view text) {
  if (Verdict v = check_size(text); !v.ok()) return v;
  xml::LoadResult doc;
  // The character limit is checked above; bytes can be up to 4 per character.
  if (Verdict v = detail::load(text, kMaxMetadataChars * 4, &doc); !v.ok()) return v;
  pugi::xml_node entity;
  if (Verdict v = find_entity(doc.root(), "IDPSSODescriptor", &entity); !v.ok()) return v;
  IdpMetadata md;
  if (Verdict v = read_entity_id(entity, &md.entity_id); !v.ok()) return v;
  md.signed_document = static_cast<bool>(xml::child(entity, names::kDsigNs, "Signature"));
  const pugi::xml_node idp = xml::child(entity, names::kMetadataNs, "IDPSSODescriptor");
  if (!idp) return Result<IdpMetadata>::fail(Reason::kMalformed, "no IDPSSODescriptor");
  const std::string protocols = xml::attribute(idp, "protocolSupportEnumeration").value_or("");
  if (protocols.find(names::kProtocolNs) == std::string::npos) {
    return Result<IdpMetadata>::fail(Reason::kMalformed,
                                     "IDPSSODescriptor does not support SAML 2.0");
  }
  for (const pugi::xml_node kd : xml::children(idp, names::kMetadataNs, "KeyDescriptor")) {
    const std::string use = xml::attribute(kd, "use").value_or("");
    if (use == "encryption") {
      return Result<IdpMetadata>::fail(Reason::kUnsupported, "an encryption key is not supported");
    }
    if (!use.empty() && use != "signing") {
      return Result<IdpMetadata>::fail(Reason::kMalformed, "KeyDescriptor use '" + use + "'");
    }
    const pugi::xml_node key_info = xml::child(kd, names::kDsigNs, "KeyInfo");
    for (const pugi::xml_node data : xml::children(key_info, names::kDsigNs, "X509Data")) {
      for (const pugi::xml_node c : xml::children(data, names::kDsigNs, "X509Certificate")) {
        std::string b64;
        if (Verdict v = detail::read_text(c, "X509Certificate", &b64); !v.ok()) return v;
        try {
          crypto::Certificate cert = crypto::Certificate::from_base64_der(b64);
          if (std::find(md.signing_certificates.begin(), md.signing_certificates.end(), cert) ==
              md.signing_certificates.end()) {
            md.signing_certificates.push_back(std::move(cert));
          }
        } catch (const crypto::CryptoError&) {
          return Result<IdpMetadata>::fail(Reason::kMalformed,
                                           "X509Certificate is not a certificate");
        }
      }
    }
  }
  if (md.signing_certificates.empty()) {
    return Result<IdpMetadata>::fail(Reason::kMalformed, "no signing certificate");
  }
  if (Verdict v = read_endpoints(idp, "SingleSignOnService", &md.single_sign_on); !v.ok()) return v;
  if (Verdict v = read_endpoints(idp, "SingleLogoutService", &md.single_logout); !v.ok()) return v;
  if (md.single_sign_on.empty()) {
    return Result<IdpMetadata>::fail(Reason::kMalformed, "no SingleSignOnService");
  }
  return md;
}

std::string build_sp_metadata(const SpMetadataSpec& spec) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"" +
      xml_attr("entityID", spec.entity_id);
  if (spec.valid_until) x += xml_attr("validUntil", *spec.valid_until);
  x += "><md:SPSSODescriptor";
  x += xml_attr("AuthnRequestsSigned", spec.authn_requests_signed ? "true" : "false");
  x += xml_attr("WantAssertionsSigned", spec.want_assertions_signed ? "true" : "false");
  x += " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
  if (spec.single_logout_url) {
    x += "<md:SingleLogoutService" + xml_attr("Binding", names::kBindingRedirect) +
         xml_attr("Location", *spec.single_logout_url) + "/>";
  }
  if (!spec.name_id_format.empty()) {
    x += "<md:NameIDFormat>" + xml::escape(spec.name_id_format) + "</md:NameIDFormat>";
  }
  for (const AcsEndpoint& acs : spec.assertion_consumer_services) {
    x += "<md:AssertionConsumerService" + xml_attr("Binding", acs.binding) +
         xml_attr("Location", acs.location) + xml_attr("index", std::to_string(acs.index));
    if (acs.is_default) x += " isDefault=\"true\"";
    x += "/>";
  }
  x += "</md:SPSSODescriptor></md:EntityDescriptor>";
  return x;
}

const AcsEndpoint& SpMetadata::default_acs() const {
  if (assertion_consumer_services.empty()) throw std::logic_error("SpMetadata: no ACS");
  for (const AcsEndpoint& acs : assertion_consumer_services) {
    if (acs.is_default) return acs;
  }
  return *std::min_element(
      assertion_consumer_services.begin(), assertion_consumer_services.end(),
      [](const AcsEndpoint& a, const AcsEndpoint& b) { return a.index < b.index; });
}

Result<SpMetadata> parse_sp_metadata(std::string_view text) {
  if (Verdict v = check_size(text); !v.ok()) return v;
  xml::LoadResult doc;
  if (Verdict v = detail::load(text, kMaxMetadataChars * 4, &doc); !v.ok()) return v;
  pugi::xml_node entity;
  if (Verdict v = find_entity(doc.root(), "SPSSODescriptor", &entity); !v.ok()) return v;
  SpMetadata md;
  if (Verdict v = read_entity_id(entity, &md.entity_id); !v.ok()) return v;
  const pugi::xml_node sp = xml::child(entity, names::kMetadataNs, "SPSSODescriptor");
  if (!sp) return Result<SpMetadata>::fail(Reason::kMalformed, "no SPSSODescriptor");
  std::optional<bool> flag;
  if (Verdict v = detail::read_bool(sp, "AuthnRequestsSigned", &flag); !v.ok()) return v;
  md.authn_requests_signed = flag.value_or(false);
  if (Verdict v = detail::read_bool(sp, "WantAssertionsSigned", &flag); !v.ok()) return v;
  md.want_assertions_signed = flag.value_or(false);
  for (const pugi::xml_node acs :
       xml::children(sp, names::kMetadataNs, "AssertionConsumerService")) {
    AcsEndpoint e;
    auto location = xml::attribute(acs, "Location");
    if (!location || location->empty()) {
      return Result<SpMetadata>::fail(Reason::kMalformed,
                                      "AssertionConsumerService has no Location");
    }
    e.location = *location;
    e.binding = xml::attribute(acs, "Binding").value_or("");
    const std::string index = xml::attribute(acs, "index").value_or("0");
    if (index.empty() || index.size() > 5 ||
        index.find_first_not_of("0123456789") != std::string::npos) {
      return Result<SpMetadata>::fail(Reason::kMalformed, "ACS index is not a number");
    }
    e.index = std::stoi(index);
    if (Verdict v = detail::read_bool(acs, "isDefault", &flag); !v.ok()) return v;
    e.is_default = flag.value_or(false);
    md.assertion_consumer_services.push_back(std::move(e));
  }
  if (md.assertion_consumer_services.empty()) {
    return Result<SpMetadata>::fail(Reason::kMalformed, "no AssertionConsumerService");
  }
  if (Verdict v = read_endpoints(sp, "SingleLogoutService", &md.single_logout); !v.ok()) return v;
  for (const pugi::xml_node f : xml::children(sp, names::kMetadataNs, "NameIDFormat")) {
    std::string value;
    if (Verdict v = detail::read_text(f, "NameIDFormat", &value); !v.ok()) return v;
    md.name_id_formats.push_back(std::move(value));
  }
  return md;
}

}  // namespace core::saml
