#include "core/saml/logout.hpp"

#include "core/saml/authn_request.hpp"
#include "core/saml/detail/xml_read.hpp"
#include "core/saml/names.hpp"

namespace core::saml {
namespace {

using detail::xml_attr;

constexpr std::string_view kOpen =
    " xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "
    "xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"";

template <typename T>
Verdict read_common(pugi::xml_node root, std::string_view name, T* out) {
  if (!xml::is(root, names::kProtocolNs, name)) {
    return Verdict::fail(Reason::kWrongMessage, "expected samlp:" + std::string(name) + ", got {" +
                                                    std::string(xml::namespace_uri(root)) + "}" +
                                                    std::string(xml::local_name(root)));
  }
  auto id = xml::attribute(root, "ID");
  if (!id || id->empty()) return Verdict::fail(Reason::kMalformed, "no ID");
  out->id = *id;
  std::optional<util::TimePoint> instant;
  if (Verdict v = detail::read_instant(root, "IssueInstant", true, &instant); !v.ok()) return v;
  out->issue_instant = *instant;
  out->destination = xml::attribute(root, "Destination");
  const pugi::xml_node issuer = xml::child(root, names::kAssertionNs, "Issuer");
  if (!issuer) return Verdict::fail(Reason::kMalformed, "no Issuer");
  return detail::read_text(issuer, "Issuer", &out->issuer);
}

}  // namespace

std::string build_logout_request(const LogoutRequest& r) {
  std::string x = "<samlp:LogoutRequest";
  x += kOpen;
  x += xml_attr("ID", r.id) + " Version=\"2.0\"" +
       xml_attr("IssueInstant", detail::instant(r.issue_instant));
  if (r.destination) x += xml_attr("Destination", *r.destination);
  x += "><saml:Issuer>" + xml::escape(r.issuer) + "</saml:Issuer><saml:NameID";
  if (r.name_id_format) x += xml_attr("Format", *r.name_id_format);
  x += '>';
  x += xml::escape(r.name_id);
  x += "</saml:NameID>";
  if (r.session_index) {
    x += "<samlp:SessionIndex>" + xml::escape(*r.session_index) + "</samlp:SessionIndex>";
  }
  x += "</samlp:LogoutRequest>";
  return x;
}

std::string build_logout_response(const LogoutResponse& r) {
  std::string x = "<samlp:LogoutResponse";
  x += kOpen;
  x += xml_attr("ID", r.id) + " Version=\"2.0\"" +
       xml_attr("IssueInstant", detail::instant(r.issue_instant));
  if (r.destination) x += xml_attr("Destination", *r.destination);
  if (r.in_response_to) x += xml_attr("InResponseTo", *r.in_response_to);
  x += "><saml:Issuer>" + xml::escape(r.issuer) + "</saml:Issuer><samlp:Status><samlp:StatusCode" +
       xml_attr("Value", r.status_code) + "/>";
  if (r.status_message) {
    x += "<samlp:StatusMessage>" + xml::escape(*r.status_message) + "</samlp:StatusMessage>";
  }
  x += "</samlp:Status></samlp:LogoutResponse>";
  return x;
}

Result<LogoutRequest> parse_logout_request(std::string_view text) {
  xml::LoadResult doc;
  if (Verdict v = detail::load(text, kMaxProtocolMessageBytes, &doc); !v.ok()) return v;
  LogoutRequest r;
  const pugi::xml_node root = doc.root();
  if (Verdict v = read_common(root, "LogoutRequest", &r); !v.ok()) return v;
  const pugi::xml_node name_id = xml::child(root, names::kAssertionNs, "NameID");
  if (!name_id) return Result<LogoutRequest>::fail(Reason::kMalformed, "no NameID");
  if (Verdict v = detail::read_text(name_id, "NameID", &r.name_id); !v.ok()) return v;
  r.name_id_format = xml::attribute(name_id, "Format");
  if (const pugi::xml_node index = xml::child(root, names::kProtocolNs, "SessionIndex")) {
    std::string value;
    if (Verdict v = detail::read_text(index, "SessionIndex", &value); !v.ok()) return v;
    r.session_index = std::move(value);
  }
  return r;
}

Result<LogoutResponse> parse_logout_response(std::string_view text) {
  xml::LoadResult doc;
  if (Verdict v = detail::load(text, kMaxProtocolMessageBytes, &doc); !v.ok()) return v;
  LogoutResponse r;
  const pugi::xml_node root = doc.root();
  if (Verdict v = read_common(root, "LogoutResponse", &r); !v.ok()) return v;
  r.in_response_to = xml::attribute(root, "InResponseTo");
  const pugi::xml_node status = xml::child(root, names::kProtocolNs, "Status");
  const pugi::xml_node code = xml::child(status, names::kProtocolNs, "StatusCode");
  auto value = xml::attribute(code, "Value");
  if (!value) return Result<LogoutResponse>::fail(Reason::kMalformed, "no StatusCode");
  r.status_code = *value;
  if (const pugi::xml_node message = xml::child(status, names::kProtocolNs, "StatusMessage")) {
    std::string text_value;
    if (Verdict v = detail::read_text(message, "StatusMessage", &text_value); !v.ok()) return v;
    r.status_message = std::move(text_value);
  }
  return r;
}

}  // namespace core::saml
