#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mock-scim/sso_admin/identity_store_api.hpp"
#include "mock-scim/sso_admin/sso_admin_api.hpp"

namespace mock_scim::sso_admin {

// What the route writes back: status, body (Content-Type application/x-amz-json-1.1).
struct AwsReply {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::string error_type;  // empty on success; the __type otherwise (for the log)
};

// The largest request body the JSON 1.1 endpoint reads (an inline policy is 32 KiB at most).
constexpr std::size_t kMaxAwsJsonBody = 256 * 1024;

// Signature V4, as far as an offline emulator can check it: the Authorization header must be
// present and well formed ("AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/
// aws4_request, SignedHeaders=<a;b>, Signature=<64 hex>"); the signature itself is not verified
// (any secret key is accepted). A missing header is MissingAuthenticationTokenException and a
// malformed one IncompleteSignatureException, both HTTP 400 as the JSON services answer.
// Returns an empty string when the header is acceptable, else the error type and sets `message`.
std::string check_sigv4(std::string_view authorization, std::string& message);

// POST / of the AWS JSON 1.1 protocol: routes X-Amz-Target "SWBExternalService.<Op>" to
// sso-admin and "AWSIdentityStore.<Op>" to identitystore, after the SigV4 check and the JSON
// parse. Every failure becomes {"__type","Message"} (plus the members the model declares);
// identitystore errors also carry RequestId. Never throws.
class AwsJsonDispatcher {
 public:
  AwsJsonDispatcher(SsoAdminApi& sso_admin, IdentityStoreApi& identity_store)
      : sso_admin_(sso_admin), identity_store_(identity_store) {}

  AwsReply handle(std::string_view target, std::string_view authorization, std::string_view body,
                  const std::string& request_id) const;

 private:
  SsoAdminApi& sso_admin_;
  IdentityStoreApi& identity_store_;
};

}  // namespace mock_scim::sso_admin
