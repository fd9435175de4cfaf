#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/saml/verdict.hpp"
#include "core/util/clock.hpp"

namespace core::saml {

// <samlp:RequestedAuthnContext> (saml-core §3.3.2.2.1).
struct RequestedAuthnContext {
  std::string comparison{"exact"};  // exact | minimum | maximum | better
  std::vector<std::string> class_refs;
};

// <samlp:AuthnRequest> (saml-core §3.4.1). Optional members are attributes or elements that may
// be absent; the parser leaves them empty when they are.
struct AuthnRequest {
  std::string id;  // required; must not start with a digit (Azure: AADSTS7500529)
  std::string version{"2.0"};
  util::TimePoint issue_instant{};
  std::string issuer;  // <saml:Issuer> (SP entity id)
  std::optional<std::string> destination;
  std::optional<std::string> assertion_consumer_service_url;
  std::optional<int> assertion_consumer_service_index;
  std::optional<std::string> protocol_binding;
  std::optional<std::string> provider_name;
  bool force_authn = false;
  bool is_passive = false;
  // <samlp:NameIDPolicy>: present or not; its Format and AllowCreate.
  bool name_id_policy_present = false;
  std::optional<std::string> name_id_format;
  std::optional<std::string> sp_name_qualifier;
  std::optional<bool> allow_create;
  std::optional<RequestedAuthnContext> requested_authn_context;
  // A <saml:Subject> in the request (Azure refuses it). Only its presence and NameID are read.
  bool has_subject = false;
  std::optional<std::string> subject_name_id;
  // The request carries an enveloped <ds:Signature> (HTTP-POST binding). Not verified here.
  bool has_signature = false;
};

// Serialises `request` (samlp:/saml: prefixes, no XML declaration). Absent optionals are left
// out. Never throws.
std::string build_authn_request(const AuthnRequest& request);

// Parses an AuthnRequest from an untrusted peer (after binding decoding). Limits: at most
// kMaxProtocolMessageBytes. Rejections: kOversized, kDoctype, kMalformed (not well-formed; no ID,
// Version or IssueInstant; unparsable instant or boolean; comment inside Issuer),
// kWrongMessage (root is not {protocol}AuthnRequest). Semantic checks against the IdP's
// configuration (issuer known, ACS among reply URLs, Subject refused, ...) are the caller's.
// Never throws.
Result<AuthnRequest> parse_authn_request(std::string_view xml);

// Upper bound for decoded protocol messages other than Responses (AuthnRequest, Logout*).
inline constexpr std::size_t kMaxProtocolMessageBytes = 64 * 1024;

}  // namespace core::saml
