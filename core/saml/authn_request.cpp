#include "core/saml/authn_request.hpp"

#include "core/saml/detail/xml_read.hpp"
#include "core/saml/names.hpp"

namespace core::saml {
namespace {

using detail::xml_attr;

}  // namespace

std::string build_authn_request(const AuthnRequest& r) {
  std::string x =
      "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
      "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";
  x += xml_attr("ID", r.id);
  x += xml_attr("Version", r.version);
  x += xml_attr("IssueInstant", detail::instant(r.issue_instant));
  if (r.destination) x += xml_attr("Destination", *r.destination);
  if (r.assertion_consumer_service_url) {
    x += xml_attr("AssertionConsumerServiceURL", *r.assertion_consumer_service_url);
  }
  if (r.assertion_consumer_service_index) {
    x += xml_attr("AssertionConsumerServiceIndex",
                  std::to_string(*r.assertion_consumer_service_index));
  }
  if (r.protocol_binding) x += xml_attr("ProtocolBinding", *r.protocol_binding);
  if (r.provider_name) x += xml_attr("ProviderName", *r.provider_name);
  if (r.force_authn) x += " ForceAuthn=\"true\"";
  if (r.is_passive) x += " IsPassive=\"true\"";
  x += "><saml:Issuer>" + xml::escape(r.issuer) + "</saml:Issuer>";
  if (r.has_subject) {
    x += "<saml:Subject><saml:NameID>" + xml::escape(r.subject_name_id.value_or("")) +
         "</saml:NameID></saml:Subject>";
  }
  if (r.name_id_policy_present || r.name_id_format || r.allow_create || r.sp_name_qualifier) {
    x += "<samlp:NameIDPolicy";
    if (r.name_id_format) x += xml_attr("Format", *r.name_id_format);
    if (r.sp_name_qualifier) x += xml_attr("SPNameQualifier", *r.sp_name_qualifier);
    if (r.allow_create) x += xml_attr("AllowCreate", *r.allow_create ? "true" : "false");
    x += "/>";
  }
  if (r.requested_authn_context) {
    x += "<samlp:RequestedAuthnContext" +
         xml_attr("Comparison", r.requested_authn_context->comparison) + ">";
    for (const std::string& ref : r.requested_authn_context->class_refs) {
      x += "<saml:AuthnContextClassRef>" + xml::escape(ref) + "</saml:AuthnContextClassRef>";
    }
    x += "</samlp:RequestedAuthnContext>";
  }
  x += "</samlp:AuthnRequest>";
  return x;
}

Result<AuthnRequest> parse_authn_request(std::string_view text) {
  xml::LoadResult doc;
  if (Verdict v = detail::load(text, kMaxProtocolMessageBytes, &doc); !v.ok()) return v;
  const pugi::xml_node root = doc.root();
  if (!xml::is(root, names::kProtocolNs, "AuthnRequest")) {
    return Result<AuthnRequest>::fail(Reason::kWrongMessage,
                                      "expected samlp:AuthnRequest, got {" +
                                          std::string(xml::namespace_uri(root)) + "}" +
                                          std::string(xml::local_name(root)));
  }
  AuthnRequest r;
  auto id = xml::attribute(root, "ID");
  if (!id || id->empty()) return Result<AuthnRequest>::fail(Reason::kMalformed, "no ID");
  r.id = *id;
  auto version = xml::attribute(root, "Version");
  if (!version) return Result<AuthnRequest>::fail(Reason::kMalformed, "no Version");
  r.version = *version;
  std::optional<util::TimePoint> instant;
  if (Verdict v = detail::read_instant(root, "IssueInstant", true, &instant); !v.ok()) return v;
  r.issue_instant = *instant;
  r.destination = xml::attribute(root, "Destination");
  r.assertion_consumer_service_url = xml::attribute(root, "AssertionConsumerServiceURL");
  if (auto index = xml::attribute(root, "AssertionConsumerServiceIndex")) {
    if (index->empty() || index->size() > 5 ||
        index->find_first_not_of("0123456789") != std::string::npos) {
      return Result<AuthnRequest>::fail(Reason::kMalformed,
                                        "AssertionConsumerServiceIndex is not a number");
    }
    r.assertion_consumer_service_index = std::stoi(*index);
  }
  r.protocol_binding = xml::attribute(root, "ProtocolBinding");
  r.provider_name = xml::attribute(root, "ProviderName");
  std::optional<bool> flag;
  if (Verdict v = detail::read_bool(root, "ForceAuthn", &flag); !v.ok()) return v;
  r.force_authn = flag.value_or(false);
  if (Verdict v = detail::read_bool(root, "IsPassive", &flag); !v.ok()) return v;
  r.is_passive = flag.value_or(false);

  const pugi::xml_node issuer = xml::child(root, names::kAssertionNs, "Issuer");
  if (issuer) {
    if (Verdict v = detail::read_text(issuer, "Issuer", &r.issuer); !v.ok()) return v;
  }
  if (const pugi::xml_node subject = xml::child(root, names::kAssertionNs, "Subject")) {
    r.has_subject = true;
    if (const pugi::xml_node name_id = xml::child(subject, names::kAssertionNs, "NameID")) {
      std::string value;
      if (Verdict v = detail::read_text(name_id, "Subject NameID", &value); !v.ok()) return v;
      r.subject_name_id = std::move(value);
    }
  }
  if (const pugi::xml_node policy = xml::child(root, names::kProtocolNs, "NameIDPolicy")) {
    r.name_id_policy_present = true;
    r.name_id_format = xml::attribute(policy, "Format");
    r.sp_name_qualifier = xml::attribute(policy, "SPNameQualifier");
    if (Verdict v = detail::read_bool(policy, "AllowCreate", &r.allow_create); !v.ok()) return v;
  }
  if (const pugi::xml_node rac = xml::child(root, names::kProtocolNs, "RequestedAuthnContext")) {
    RequestedAuthnContext ctx;
    ctx.comparison = xml::attribute(rac, "Comparison").value_or("exact");
    for (const pugi::xml_node ref :
         xml::children(rac, names::kAssertionNs, "AuthnContextClassRef")) {
      std::string value;
      if (Verdict v = detail::read_text(ref, "AuthnContextClassRef", &value); !v.ok()) return v;
      ctx.class_refs.push_back(std::move(value));
    }
    r.requested_authn_context = std::move(ctx);
  }
  r.has_signature = static_cast<bool>(xml::child(root, names::kDsigNs, "Signature"));
  return r;
}

}  // namespace core::saml
