#include "mock-scim/http/auth.hpp"

#include "core/scim/error.hpp"
#include "core/scim/text.hpp"
#include "mock-scim/app.hpp"

namespace mock_scim::http {

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !core::scim::iequals(authorization.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  auto token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

void authorize(App& app, const httplib::Request& req, std::string_view tenant_id) {
  const char* cause = nullptr;
  if (tenant_id != app.tenant_id()) {
    cause = "wrong tenant id";
  } else {
    const auto header = req.get_header_value("Authorization");
    switch (app.provisioning().authenticate(bearer_token(header))) {
      case provisioning::AuthResult::kOk:
        return;
      case provisioning::AuthResult::kNotEnabled:
        cause = "automatic provisioning is not enabled";
        break;
      case provisioning::AuthResult::kMissing:
        cause = "no bearer token";
        break;
      case provisioning::AuthResult::kUnknown:
        cause = "unknown bearer token";
        break;
      case provisioning::AuthResult::kExpired:
        cause = "the access token has expired";
        break;
    }
  }
  app.log().info(std::string("401 on ") + req.method + " " + req.path + ": " + cause);
  throw core::scim::Error::unauthorized(
      "The request could not be authorized: the access token is missing, invalid or expired, "
      "or the tenant id is incorrect.");
}

}  // namespace mock_scim::http
