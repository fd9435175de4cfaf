#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "mock-scim/sso_admin/json_operations.hpp"
#include "mock-scim/sso_admin/sso_admin_service.hpp"

namespace mock_scim::sso_admin {

// The sso-admin operations (X-Amz-Target "SWBExternalService.<Op>") in the shapes of botocore's
// sso-admin/2020-07-20 model: decodes and validates the request members, calls the service,
// encodes the result. Timestamps are epoch seconds (JSON 1.1). Throws AwsError.
class SsoAdminApi {
 public:
  explicit SsoAdminApi(SsoAdminService& service);

  bool has(std::string_view operation) const { return ops_.find(operation) != ops_.end(); }
  nlohmann::json call(std::string_view operation, const nlohmann::json& body) const;

 private:
  SsoAdminService& service_;
  JsonOperations ops_;
};

}  // namespace mock_scim::sso_admin
