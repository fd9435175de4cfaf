#include "core/saml/response_builder.hpp"

#include "core/saml/detail/xml_read.hpp"
#include "core/saml/message_id.hpp"
#include "core/saml/names.hpp"
#include "core/xmlsig/signer.hpp"

namespace core::saml {
namespace {

using detail::instant;
using detail::xml_attr;

}  // namespace

BuiltResponse build_response(const ResponseSpec& spec, const crypto::SigningCredential& signer,
                             const SigningOptions& options, util::IdGenerator& ids,
                             const ResponseFaults& faults) {
  BuiltResponse out;
  out.response_id = spec.response_id.empty() ? new_message_id(ids) : spec.response_id;
  const bool success = spec.status_code == names::kStatusSuccess;
  if (success)
    out.assertion_id = spec.assertion_id.empty() ? new_message_id(ids) : spec.assertion_id;

  const util::TimePoint t = spec.issue_instant + faults.time_shift;
  // Azure stamps the Assertion a few milliseconds before the Response (facts/azure-ad.md §3.2).
  const util::TimePoint assertion_instant = t - std::chrono::milliseconds(10);
  const util::TimePoint not_before = t - spec.not_before_offset;
  out.not_on_or_after = t + spec.lifetime;
  const std::string& destination = faults.destination ? *faults.destination : spec.destination;
  const std::string& audience = faults.audience ? *faults.audience : spec.audience;
  const std::string issuer = xml::escape(spec.issuer);

  std::string x;
  x.reserve(4096);
  x += "<samlp:Response" + xml_attr("ID", out.response_id) + " Version=\"2.0\"" +
       xml_attr("IssueInstant", instant(t));
  if (!destination.empty()) x += xml_attr("Destination", destination);
  if (!spec.in_response_to.empty()) x += xml_attr("InResponseTo", spec.in_response_to);
  x += " xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">";
  x += "<Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">" + issuer + "</Issuer>";
  x += "<samlp:Status><samlp:StatusCode" + xml_attr("Value", spec.status_code) + "/>";
  if (spec.status_message) {
    x += "<samlp:StatusMessage>" + xml::escape(*spec.status_message) + "</samlp:StatusMessage>";
  }
  x += "</samlp:Status>";
  if (success) {
    x += "<Assertion" + xml_attr("ID", out.assertion_id) +
         xml_attr("IssueInstant", instant(assertion_instant)) +
         " Version=\"2.0\" xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">";
    x += "<Issuer>" + issuer + "</Issuer>";
    x += "<Subject><NameID" + xml_attr("Format", spec.name_id_format) + ">" +
         xml::escape(spec.name_id) + "</NameID>";
    x += "<SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
         "<SubjectConfirmationData";
    if (!spec.in_response_to.empty()) x += xml_attr("InResponseTo", spec.in_response_to);
    x += xml_attr("NotOnOrAfter", instant(out.not_on_or_after)) +
         xml_attr("Recipient", destination) + "/></SubjectConfirmation></Subject>";
    x += "<Conditions" + xml_attr("NotBefore", instant(not_before)) +
         xml_attr("NotOnOrAfter", instant(out.not_on_or_after)) +
         "><AudienceRestriction><Audience>" + xml::escape(audience) +
         "</Audience></AudienceRestriction></Conditions>";
    bool any_claim = false;
    for (const Claim& c : spec.claims) {
      if (c.values.empty()) continue;
      if (!any_claim) x += "<AttributeStatement>";
      any_claim = true;
      x += "<Attribute" + xml_attr("Name", c.name) + ">";
      for (const std::string& v : c.values) {
        x += "<AttributeValue>" + xml::escape(v) + "</AttributeValue>";
      }
      x += "</Attribute>";
    }
    if (any_claim) x += "</AttributeStatement>";
    x += "<AuthnStatement" +
         xml_attr("AuthnInstant", instant(spec.authn_instant + faults.time_shift)) +
         xml_attr("SessionIndex", out.assertion_id) + "><AuthnContext><AuthnContextClassRef>" +
         xml::escape(spec.authn_context_class_ref) +
         "</AuthnContextClassRef></AuthnContext></AuthnStatement>";
    x += "</Assertion>";
  }
  x += "</samlp:Response>";

  if (faults.unsigned_response) {
    out.xml = std::move(x);
    return out;
  }
  std::vector<std::string> to_sign;
  if (success && options.mode != SigningMode::kResponse) to_sign.push_back(out.assertion_id);
  if (options.mode != SigningMode::kAssertion || !success) to_sign.push_back(out.response_id);
  const crypto::SigningCredential& credential =
      faults.foreign_signer ? *faults.foreign_signer : signer;
  xmlsig::SignOptions sign_options;
  sign_options.algorithm = options.algorithm;
  out.xml =
      xmlsig::sign_enveloped(x, to_sign, credential.key, credential.certificate, sign_options);
  return out;
}

}  // namespace core::saml
