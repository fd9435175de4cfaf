#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/saml/verdict.hpp"
#include "core/util/clock.hpp"

namespace core::saml {

// <samlp:LogoutRequest> (saml-core §3.7.1), sent with the HTTP-Redirect binding.
struct LogoutRequest {
  std::string id;
  util::TimePoint issue_instant{};
  std::string issuer;
  std::optional<std::string> destination;
  std::string name_id;
  std::optional<std::string> name_id_format;
  std::optional<std::string> session_index;
};

// <samlp:LogoutResponse> (saml-core §3.7.2). Azure's Issuer for it is
// "https://login.microsoftonline.com/<tenant>/" (facts/azure-ad.md §3.3).
struct LogoutResponse {
  std::string id;
  util::TimePoint issue_instant{};
  std::string issuer;
  std::optional<std::string> destination;
  std::optional<std::string> in_response_to;
  std::string status_code{"urn:oasis:names:tc:SAML:2.0:status:Success"};
  std::optional<std::string> status_message;
};

std::string build_logout_request(const LogoutRequest& request);
std::string build_logout_response(const LogoutResponse& response);

// Parse untrusted messages (kMaxProtocolMessageBytes; kOversized, kDoctype, kMalformed when ID,
// IssueInstant, Issuer or NameID (request) / StatusCode (response) is missing or has markup
// inside, kWrongMessage for another root). Never throw.
Result<LogoutRequest> parse_logout_request(std::string_view xml);
Result<LogoutResponse> parse_logout_response(std::string_view xml);

}  // namespace core::saml
