#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace mock_scim::sso_admin {

// A failed AWS JSON 1.1 call: HTTP `status` with the body {"__type": type, "Message": message}
// plus `extra` members (identitystore adds RequestId, ResourceType, Reason, ...). Thrown by the
// domain and rendered in one place (the dispatcher). `type` is the bare shape name that botocore
// maps to the exception class (service-2.json "errors").
class AwsError : public std::runtime_error {
 public:
  AwsError(std::string type, std::string message, int status = 400,
           nlohmann::json extra = nlohmann::json::object())
      : std::runtime_error(type + ": " + message),
        type_(std::move(type)),
        message_(std::move(message)),
        status_(status),
        extra_(std::move(extra)) {}

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int status() const { return status_; }
  const nlohmann::json& extra() const { return extra_; }

  static AwsError validation(std::string message) {
    return AwsError("ValidationException", std::move(message));
  }
  static AwsError conflict(std::string message) {
    return AwsError("ConflictException", std::move(message));
  }
  static AwsError not_found(std::string message, nlohmann::json extra = nlohmann::json::object()) {
    return AwsError("ResourceNotFoundException", std::move(message), 400, std::move(extra));
  }
  static AwsError quota(std::string message) {
    return AwsError("ServiceQuotaExceededException", std::move(message));
  }
  static AwsError access_denied(std::string message) {
    return AwsError("AccessDeniedException", std::move(message));
  }
  // Malformed JSON or a member of the wrong JSON type (the Coral framework's answer).
  static AwsError serialization(std::string message) {
    return AwsError("SerializationException", std::move(message));
  }

 private:
  std::string type_;
  std::string message_;
  int status_;
  nlohmann::json extra_;
};

}  // namespace mock_scim::sso_admin
