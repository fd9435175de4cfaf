#include "mock-scim/sso_admin/json_operations.hpp"

#include "mock-scim/sso_admin/aws_error.hpp"

namespace mock_scim::sso_admin {

nlohmann::json call_operation(const JsonOperations& ops, std::string_view operation,
                              const nlohmann::json& body) {
  const auto it = ops.find(operation);
  if (it == ops.end()) {
    throw AwsError("UnknownOperationException",
                   "Operation " + std::string(operation) + " is not supported by this endpoint.");
  }
  return it->second(body);
}

double epoch_seconds(core::util::TimePoint t) {
  return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

}  // namespace mock_scim::sso_admin
