#include "core/saml/response_validator.hpp"

#include "core/saml/detail/xml_read.hpp"
#include "core/saml/names.hpp"
#include "core/xml/document.hpp"
#include "core/xmlsig/verifier.hpp"

namespace core::saml {
namespace {

ValidationResult refuse(Reason reason, std::string detail) {
  return ValidationResult{Verdict::fail(reason, std::move(detail)), std::nullopt};
}

ValidationResult refuse(Verdict verdict) {
  return ValidationResult{std::move(verdict), std::nullopt};
}

Reason reason_of(xmlsig::VerifyStatus status) {
  switch (status) {
    case xmlsig::VerifyStatus::kOk:
      return Reason::kOk;
    case xmlsig::VerifyStatus::kMalformed:
      return Reason::kMalformed;
    case xmlsig::VerifyStatus::kOversized:
      return Reason::kOversized;
    case xmlsig::VerifyStatus::kNoSignature:
      return Reason::kNoSignature;
    case xmlsig::VerifyStatus::kProfileViolation:
      return Reason::kWrapped;
    case xmlsig::VerifyStatus::kDisallowedAlgorithm:
      return Reason::kDisallowedAlgorithm;
    case xmlsig::VerifyStatus::kUntrustedKey:
      return Reason::kUntrustedKey;
    case xmlsig::VerifyStatus::kBadSignature:
      return Reason::kBadSignature;
  }
  return Reason::kBadSignature;
}

bool looks_like_addr_spec(std::string_view v) {
  const auto at = v.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < v.size() &&
         v.find('@', at + 1) == std::string_view::npos &&
         v.find_first_of(" \t\r\n<>") == std::string_view::npos;
}

}  // namespace

ResponseValidator::ResponseValidator(ValidatorConfig config, const util::Clock& clock,
                                     ReplayCache* replay)
    : config_(std::move(config)), clock_(clock), replay_(replay) {}

ValidationResult ResponseValidator::validate(std::string_view xml_text,
                                             const OutstandingRequest& outstanding) const {
  const util::TimePoint now = clock_.now();
  if (xml_text.size() > config_.max_response_bytes) {
    return refuse(Reason::kOversized, "Response of " + std::to_string(xml_text.size()) +
                                          " bytes exceeds " +
                                          std::to_string(config_.max_response_bytes));
  }
  xml::LoadResult envelope;
  if (Verdict v = detail::load(xml_text, config_.max_response_bytes, &envelope); !v.ok()) {
    return refuse(std::move(v));
  }
  const pugi::xml_node root = envelope.root();
  if (!xml::is(root, names::kProtocolNs, "Response")) {
    return refuse(Reason::kWrongMessage, "expected samlp:Response, got {" +
                                             std::string(xml::namespace_uri(root)) + "}" +
                                             std::string(xml::local_name(root)));
  }
  // Status (read from the envelope: a refusal needs no signature to be believed).
  const pugi::xml_node status_code =
      xml::child(xml::child(root, names::kProtocolNs, "Status"), names::kProtocolNs, "StatusCode");
  const auto status_value = xml::attribute(status_code, "Value");
  if (!status_value) return refuse(Reason::kMalformed, "Response has no Status/StatusCode");
  if (*status_value != names::kStatusSuccess) {
    return refuse(Reason::kStatusNotSuccess, "status " + *status_value);
  }
  if (xml::count_descendants(root, names::kAssertionNs, "EncryptedAssertion") > 0) {
    return refuse(Reason::kEncryptedAssertion, "encrypted assertions are not supported");
  }
  const std::vector<pugi::xml_node> direct = xml::children(root, names::kAssertionNs, "Assertion");
  const std::size_t anywhere = xml::count_descendants(root, names::kAssertionNs, "Assertion");
  if (direct.size() != 1) {
    if (direct.empty() && anywhere > 0) {
      return refuse(Reason::kWrapped, "the Assertion is not a child of the Response");
    }
    return refuse(Reason::kAssertionCount,
                  "expected exactly one Assertion, found " + std::to_string(direct.size()));
  }
  if (anywhere != 1) {
    return refuse(Reason::kWrapped, "an additional Assertion is hidden elsewhere in the Response");
  }
  const bool response_signed = static_cast<bool>(xml::child(root, names::kDsigNs, "Signature"));
  const bool assertion_signed =
      static_cast<bool>(xml::child(direct.front(), names::kDsigNs, "Signature"));
  if (!response_signed && !assertion_signed) {
    return refuse(Reason::kNoSignature, "neither the Response nor the Assertion is signed");
  }

  // Signatures. From here on, only verified elements are read.
  xmlsig::VerifyPolicy policy;
  policy.allow_sha1 = config_.allow_sha1;
  policy.max_bytes = config_.max_response_bytes;
  const xmlsig::QName response_name{std::string(names::kProtocolNs), "Response"};
  const xmlsig::QName assertion_name{std::string(names::kAssertionNs), "Assertion"};
  xml::LoadResult verified_response;
  xml::LoadResult verified_assertion;
  std::size_t assertion_chars = 0;
  if (response_signed) {
    const xmlsig::VerifyResult r =
        xmlsig::verify_enveloped(xml_text, {response_name}, config_.trusted_certificates, policy);
    if (!r.ok()) return refuse(reason_of(r.status), "Response signature: " + r.detail);
    if (Verdict v = detail::load(r.element_xml, config_.max_response_bytes, &verified_response);
        !v.ok()) {
      return refuse(std::move(v));
    }
  }
  if (assertion_signed) {
    const xmlsig::VerifyResult r = xmlsig::verify_enveloped(
        xml_text, {response_name, assertion_name}, config_.trusted_certificates, policy);
    if (!r.ok()) return refuse(reason_of(r.status), "Assertion signature: " + r.detail);
    if (Verdict v = detail::load(r.element_xml, config_.max_response_bytes, &verified_assertion);
        !v.ok()) {
      return refuse(std::move(v));
    }
    assertion_chars = detail::utf8_chars(r.element_xml);
  }
  // The Response element whose attributes count: the verified one if signed, else the envelope
  // (then only Destination and InResponseTo are read from it, and both are cross-checked against
  // the signed SubjectConfirmationData).
  const pugi::xml_node response = response_signed ? verified_response.root() : root;
  const pugi::xml_node assertion =
      assertion_signed ? verified_assertion.root()
                       : xml::child(verified_response.root(), names::kAssertionNs, "Assertion");
  if (!xml::is(response, names::kProtocolNs, "Response") ||
      !xml::is(assertion, names::kAssertionNs, "Assertion")) {
    return refuse(Reason::kWrapped, "verified element is not the expected one");
  }
  if (!assertion_signed) {
    // Size of the assertion as sent (serialised from the verified Response).
    struct Counter : pugi::xml_writer {
      std::size_t chars = 0;
      void write(const void* data, std::size_t size) override {
        chars += detail::utf8_chars(std::string_view(static_cast<const char*>(data), size));
      }
    } counter;
    assertion.print(counter, "", pugi::format_raw);
    assertion_chars = counter.chars;
  }

  ValidatedAssertion out;
  out.response_signed = response_signed;
  out.assertion_signed = assertion_signed;
  out.response_id = xml::attribute(response, "ID").value_or("");
  out.assertion_id = xml::attribute(assertion, "ID").value_or("");
  if (out.assertion_id.empty()) return refuse(Reason::kMalformed, "Assertion has no ID");

  // Issuer.
  const pugi::xml_node issuer = xml::child(assertion, names::kAssertionNs, "Issuer");
  if (!issuer) return refuse(Reason::kMalformed, "Assertion has no Issuer");
  if (Verdict v = detail::read_text(issuer, "Issuer", &out.issuer); !v.ok()) return refuse(v);
  if (!config_.idp_entity_id.empty()) {
    if (out.issuer != config_.idp_entity_id) {
      return refuse(Reason::kWrongIssuer, "Assertion Issuer '" + out.issuer + "'");
    }
    if (const pugi::xml_node ri = xml::child(response, names::kAssertionNs, "Issuer")) {
      std::string value;
      if (Verdict v = detail::read_text(ri, "Issuer", &value); !v.ok()) return refuse(v);
      if (value != config_.idp_entity_id) {
        return refuse(Reason::kWrongIssuer, "Response Issuer '" + value + "'");
      }
    }
  }
  // Destination (saml-bindings §3.5.5.2: required on a signed Response).
  const auto destination = xml::attribute(response, "Destination");
  if (destination ? *destination != config_.acs_url : response_signed) {
    return refuse(Reason::kWrongDestination, destination ? "Destination '" + *destination + "'"
                                                         : "signed Response without Destination");
  }
  if (assertion_chars > config_.max_assertion_chars) {
    return refuse(Reason::kOversized, "assertion of " + std::to_string(assertion_chars) +
                                          " characters exceeds " +
                                          std::to_string(config_.max_assertion_chars));
  }
  // Subject and bearer confirmation (saml-profiles §4.1.4.2).
  const pugi::xml_node subject = xml::child(assertion, names::kAssertionNs, "Subject");
  const pugi::xml_node name_id = xml::child(subject, names::kAssertionNs, "NameID");
  if (!name_id) return refuse(Reason::kMalformed, "Assertion has no Subject/NameID");
  pugi::xml_node scd;
  for (const pugi::xml_node sc :
       xml::children(subject, names::kAssertionNs, "SubjectConfirmation")) {
    if (xml::attribute(sc, "Method").value_or("") == names::kCmBearer) {
      scd = xml::child(sc, names::kAssertionNs, "SubjectConfirmationData");
      break;
    }
  }
  if (!scd) return refuse(Reason::kMalformed, "no bearer SubjectConfirmationData");
  const auto recipient = xml::attribute(scd, "Recipient");
  if (!recipient || *recipient != config_.acs_url) {
    return refuse(Reason::kWrongRecipient,
                  recipient ? "Recipient '" + *recipient + "'" : "no Recipient");
  }
  std::optional<util::TimePoint> scd_not_on_or_after;
  if (Verdict v = detail::read_instant(scd, "NotOnOrAfter", true, &scd_not_on_or_after); !v.ok()) {
    return refuse(v);
  }
  if (now >= *scd_not_on_or_after + config_.clock_skew) {
    return refuse(Reason::kExpired, "SubjectConfirmationData NotOnOrAfter " +
                                        detail::instant(*scd_not_on_or_after) + " has passed");
  }
  out.not_on_or_after = *scd_not_on_or_after;
  // Conditions.
  const pugi::xml_node conditions = xml::child(assertion, names::kAssertionNs, "Conditions");
  if (!conditions) return refuse(Reason::kMalformed, "Assertion has no Conditions");
  std::optional<util::TimePoint> not_before;
  std::optional<util::TimePoint> not_on_or_after;
  if (Verdict v = detail::read_instant(conditions, "NotBefore", false, &not_before); !v.ok()) {
    return refuse(v);
  }
  if (Verdict v = detail::read_instant(conditions, "NotOnOrAfter", false, &not_on_or_after);
      !v.ok()) {
    return refuse(v);
  }
  if (not_before && now + config_.clock_skew < *not_before) {
    return refuse(Reason::kNotYetValid,
                  "Conditions NotBefore " + detail::instant(*not_before) + " is in the future");
  }
  if (not_on_or_after) {
    if (now >= *not_on_or_after + config_.clock_skew) {
      return refuse(Reason::kExpired,
                    "Conditions NotOnOrAfter " + detail::instant(*not_on_or_after) + " has passed");
    }
    if (*not_on_or_after < out.not_on_or_after) out.not_on_or_after = *not_on_or_after;
  }
  const std::vector<pugi::xml_node> restrictions =
      xml::children(conditions, names::kAssertionNs, "AudienceRestriction");
  if (restrictions.empty()) return refuse(Reason::kWrongAudience, "no AudienceRestriction");
  for (const pugi::xml_node restriction : restrictions) {
    bool match = false;
    std::string seen;
    for (const pugi::xml_node a : xml::children(restriction, names::kAssertionNs, "Audience")) {
      std::string value;
      if (Verdict v = detail::read_text(a, "Audience", &value); !v.ok()) return refuse(v);
      if (value == config_.sp_entity_id) match = true;
      seen = value;
    }
    if (!match) return refuse(Reason::kWrongAudience, "Audience '" + seen + "'");
  }
  // InResponseTo: the Response's and the confirmation's must agree and name a pending request.
  const auto response_irt = xml::attribute(response, "InResponseTo");
  const auto scd_irt = xml::attribute(scd, "InResponseTo");
  if (response_irt || scd_irt) {
    if (response_irt && scd_irt && *response_irt != *scd_irt) {
      return refuse(Reason::kInResponseToMismatch, "Response InResponseTo '" + *response_irt +
                                                       "' differs from SubjectConfirmationData '" +
                                                       *scd_irt + "'");
    }
    const std::string& irt = scd_irt ? *scd_irt : *response_irt;
    if (!outstanding || !outstanding(irt)) {
      return refuse(Reason::kInResponseToMismatch,
                    "InResponseTo '" + irt + "' names no outstanding AuthnRequest");
    }
    out.in_response_to = irt;
  } else if (!config_.allow_unsolicited) {
    return refuse(Reason::kUnsolicited, "unsolicited Response (no InResponseTo)");
  }
  // NameID (AWS: emailAddress format, an RFC 2822 addr-spec).
  if (Verdict v = detail::read_text(name_id, "NameID", &out.name_id); !v.ok()) return refuse(v);
  out.name_id_format = xml::attribute(name_id, "Format").value_or("");
  if (out.name_id_format != names::kNameIdEmail) {
    return refuse(Reason::kNameIdFormat, "NameID Format '" + out.name_id_format + "'");
  }
  if (!looks_like_addr_spec(out.name_id)) {
    return refuse(Reason::kNameIdFormat, "NameID '" + out.name_id + "' is not an email address");
  }
  // Attributes and session.
  for (const pugi::xml_node statement :
       xml::children(assertion, names::kAssertionNs, "AttributeStatement")) {
    for (const pugi::xml_node a : xml::children(statement, names::kAssertionNs, "Attribute")) {
      Claim claim;
      claim.name = xml::attribute(a, "Name").value_or("");
      for (const pugi::xml_node v : xml::children(a, names::kAssertionNs, "AttributeValue")) {
        std::string value;
        if (Verdict verdict = detail::read_text(v, "AttributeValue", &value); !verdict.ok()) {
          return refuse(verdict);
        }
        claim.values.push_back(std::move(value));
      }
      out.attributes.push_back(std::move(claim));
    }
  }
  if (const pugi::xml_node authn = xml::child(assertion, names::kAssertionNs, "AuthnStatement")) {
    out.session_index = xml::attribute(authn, "SessionIndex").value_or("");
  }
  // Replay: recorded last, so a refused Response leaves the cache untouched.
  if (replay_ != nullptr &&
      !replay_->insert(out.assertion_id, out.not_on_or_after + config_.clock_skew, now)) {
    return refuse(Reason::kReplay, "assertion '" + out.assertion_id + "' was already used");
  }
  return ValidationResult{Verdict::pass(), std::move(out)};
}

}  // namespace core::saml
