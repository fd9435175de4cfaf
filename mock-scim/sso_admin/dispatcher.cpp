#include "mock-scim/sso_admin/dispatcher.hpp"

#include "core/net/server.hpp"
#include "mock-scim/sso_admin/aws_error.hpp"

namespace mock_scim::sso_admin {
namespace {

constexpr std::string_view kSsoAdminPrefix = "SWBExternalService.";
constexpr std::string_view kIdentityStorePrefix = "AWSIdentityStore.";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_key_char(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_scope_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-'; }
bool is_header_list_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == ';';
}

AwsReply error_reply(const AwsError& e, bool identity_store, const std::string& request_id) {
  AwsReply reply;
  reply.status = e.status();
  reply.error_type = e.type();
  reply.body = e.extra();
  reply.body["__type"] = e.type();
  reply.body["Message"] = e.message();
  if (identity_store) reply.body["RequestId"] = request_id;
  return reply;
}

}  // namespace

std::string check_sigv4(std::string_view authorization, std::string& message) {
  const auto auth = trim(authorization);
  if (auth.empty()) {
    message = "Request is missing Authentication Token";
    return "MissingAuthenticationTokenException";
  }
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
  if (auth.substr(0, kAlgorithm.size()) != kAlgorithm) {
    message = "Authorization header requires the AWS4-HMAC-SHA256 algorithm.";
    return "IncompleteSignatureException";
  }
  std::string_view credential, signed_headers, signature;
  std::string_view rest = auth.substr(kAlgorithm.size());
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto part = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = part.substr(0, eq);
    const auto value = part.substr(eq + 1);
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") signed_headers = value;
    if (key == "Signature") signature = value;
  }
  if (credential.empty() || signed_headers.empty() || signature.empty()) {
    message =
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
        "parameters. Authorization=" +
        std::string(auth.substr(0, 64));
    return "IncompleteSignatureException";
  }
  // <access key>/<yyyymmdd>/<region>/<service>/aws4_request
  std::string_view parts[5];
  std::string_view c = credential;
  for (int i = 0; i < 5; ++i) {
    const auto slash = c.find('/');
    parts[i] = c.substr(0, slash);
    c = slash == std::string_view::npos ? std::string_view() : c.substr(slash + 1);
    if (slash == std::string_view::npos && i < 4) {
      message = "Credential should be scoped to a valid region, service and 'aws4_request'.";
      return "IncompleteSignatureException";
    }
  }
  if (!c.empty() || !all_of(parts[0], is_key_char) || parts[1].size() != 8 ||
      !all_of(parts[1], is_digit) || !all_of(parts[2], is_scope_char) ||
      !all_of(parts[3], is_scope_char) || parts[4] != "aws4_request") {
    message = "Credential should be scoped to a valid region, service and 'aws4_request'.";
    return "IncompleteSignatureException";
  }
  if (!all_of(signed_headers, is_header_list_char)) {
    message = "SignedHeaders must be a ';'-separated list of lower-case header names.";
    return "IncompleteSignatureException";
  }
  if (signature.size() != 64 || !all_of(signature, is_lower_hex)) {
    message = "Signature must be 64 lower-case hexadecimal digits.";
    return "IncompleteSignatureException";
  }
  return {};
}

AwsReply AwsJsonDispatcher::handle(std::string_view target, std::string_view authorization,
                                   std::string_view body, const std::string& request_id) const {
  const bool is_sso = target.substr(0, kSsoAdminPrefix.size()) == kSsoAdminPrefix;
  const bool is_ids = target.substr(0, kIdentityStorePrefix.size()) == kIdentityStorePrefix;
  try {
    std::string message;
    if (const auto type = check_sigv4(authorization, message); !type.empty()) {
      throw AwsError(type, message);
    }
    if (!is_sso && !is_ids) {
      throw AwsError("UnknownOperationException",
                     target.empty() ? "The X-Amz-Target header is missing."
                                    : "Unknown target " + std::string(target) + ".");
    }
    const auto op = target.substr(is_sso ? kSsoAdminPrefix.size() : kIdentityStorePrefix.size());
    if (body.size() > kMaxAwsJsonBody) {
      throw AwsError::serialization("The request body is larger than " +
                                    std::to_string(kMaxAwsJsonBody) + " bytes.");
    }
    std::string error;
    const auto parsed = core::net::parse_json_body(std::string(body.empty() ? "{}" : body), error);
    if (!parsed) throw AwsError::serialization("Malformed JSON: " + error);
    AwsReply reply;
    reply.body = is_sso ? sso_admin_.call(op, *parsed) : identity_store_.call(op, *parsed);
    return reply;
  } catch (const AwsError& e) {
    return error_reply(e, is_ids, request_id);
  } catch (const nlohmann::json::exception& e) {
    return error_reply(AwsError::serialization(e.what()), is_ids, request_id);
  } catch (const std::exception&) {
    return error_reply(AwsError("InternalServerException", "An internal error occurred.", 500),
                       is_ids, request_id);
  }
}

}  // namespace mock_scim::sso_admin
