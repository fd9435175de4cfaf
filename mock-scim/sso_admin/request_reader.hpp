#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace mock_scim::sso_admin {

// Reads the members of one AWS JSON 1.1 request object the way the service's framework does:
// a member of the wrong JSON type is a SerializationException; a missing required member, a
// length out of range or a pattern mismatch is a ValidationException whose message follows
// AWS's "1 validation error detected: Value ... at 'member' failed to satisfy constraint: ...".
// Unknown members are ignored (botocore never sends them). Lengths count code points.
class RequestReader {
 public:
  using Check = std::function<bool(std::string_view)>;

  // Throws SerializationException unless `body` is an object.
  explicit RequestReader(const nlohmann::json& body);

  // `pattern` is the model's regular expression, quoted in the error message.
  std::string required_string(const char* member, std::size_t min, std::size_t max,
                              const Check& check = nullptr, std::string_view pattern = {}) const;
  std::optional<std::string> optional_string(const char* member, std::size_t min, std::size_t max,
                                             const Check& check = nullptr,
                                             std::string_view pattern = {}) const;
  std::optional<std::int64_t> optional_int(const char* member, std::int64_t min,
                                           std::int64_t max) const;
  // Requires one of `values`.
  std::string required_enum(const char* member,
                            std::initializer_list<std::string_view> values) const;
  std::optional<std::string> optional_enum(const char* member,
                                           std::initializer_list<std::string_view> values) const;
  // nullptr when absent; throws SerializationException when not an array / object.
  const nlohmann::json* optional_array(const char* member) const;
  const nlohmann::json* optional_object(const char* member) const;
  const nlohmann::json& required_object(const char* member) const;
  const nlohmann::json& body() const { return body_; }

 private:
  const nlohmann::json& body_;
};

// The member name as AWS quotes it in validation messages: "InstanceArn" -> "instanceArn".
std::string quoted_member(std::string_view member);

// "1 validation error detected: Value 'v' at 'm' failed to satisfy constraint: <constraint>".
std::string validation_message(std::string_view member, const std::string* value,
                               std::string_view constraint);

}  // namespace mock_scim::sso_admin
