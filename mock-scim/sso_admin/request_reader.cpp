#include "mock-scim/sso_admin/request_reader.hpp"

#include "mock-scim/sso_admin/aws_error.hpp"
#include "mock-scim/sso_admin/validation.hpp"

namespace mock_scim::sso_admin {
namespace {

// Values longer than this are cut in error messages.
constexpr std::size_t kMaxQuotedValue = 200;

AwsError wrong_type(const char* member, const char* expected) {
  return AwsError::serialization(std::string("Unexpected value type for member '") + member +
                                 "': expected " + expected + ".");
}

}  // namespace

std::string quoted_member(std::string_view member) {
  std::string out(member);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z')
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

std::string validation_message(std::string_view member, const std::string* value,
                               std::string_view constraint) {
  std::string v = "null";
  if (value != nullptr) {
    v = "'" +
        (value->size() > kMaxQuotedValue ? value->substr(0, kMaxQuotedValue) + "..." : *value) +
        "'";
  }
  return "1 validation error detected: Value " + v + " at '" + quoted_member(member) +
         "' failed to satisfy constraint: " + std::string(constraint);
}

RequestReader::RequestReader(const nlohmann::json& body) : body_(body) {
  if (!body_.is_object()) throw AwsError::serialization("The request body must be a JSON object.");
}

std::optional<std::string> RequestReader::optional_string(const char* member, std::size_t min,
                                                          std::size_t max, const Check& check,
                                                          std::string_view pattern) const {
  const auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw wrong_type(member, "a string");
  std::string value = it->get<std::string>();
  const std::size_t n = code_point_count(value);
  if (n < min) {
    throw AwsError::validation(validation_message(
        member, &value, "Member must have length greater than or equal to " + std::to_string(min)));
  }
  if (n > max) {
    throw AwsError::validation(validation_message(
        member, &value, "Member must have length less than or equal to " + std::to_string(max)));
  }
  if (check && !check(value)) {
    throw AwsError::validation(validation_message(
        member, &value, "Member must satisfy regular expression pattern: " + std::string(pattern)));
  }
  return value;
}

std::string RequestReader::required_string(const char* member, std::size_t min, std::size_t max,
                                           const Check& check, std::string_view pattern) const {
  auto value = optional_string(member, min, max, check, pattern);
  if (!value) {
    throw AwsError::validation(validation_message(member, nullptr, "Member must not be null"));
  }
  return std::move(*value);
}

std::optional<std::int64_t> RequestReader::optional_int(const char* member, std::int64_t min,
                                                        std::int64_t max) const {
  const auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) throw wrong_type(member, "an integer");
  const auto value = it->get<std::int64_t>();
  const std::string text = std::to_string(value);
  if (value < min) {
    throw AwsError::validation(validation_message(
        member, &text, "Member must have value greater than or equal to " + std::to_string(min)));
  }
  if (value > max) {
    throw AwsError::validation(validation_message(
        member, &text, "Member must have value less than or equal to " + std::to_string(max)));
  }
  return value;
}

std::optional<std::string> RequestReader::optional_enum(
    const char* member, std::initializer_list<std::string_view> values) const {
  auto value = optional_string(member, 0, SIZE_MAX);
  if (!value) return std::nullopt;
  std::string set;
  for (const auto v : values) {
    if (v == *value) return value;
    set += (set.empty() ? "" : ", ") + std::string(v);
  }
  throw AwsError::validation(
      validation_message(member, &*value, "Member must satisfy enum value set: [" + set + "]"));
}

std::string RequestReader::required_enum(const char* member,
                                         std::initializer_list<std::string_view> values) const {
  auto value = optional_enum(member, values);
  if (!value) {
    throw AwsError::validation(validation_message(member, nullptr, "Member must not be null"));
  }
  return std::move(*value);
}

const nlohmann::json* RequestReader::optional_array(const char* member) const {
  const auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) return nullptr;
  if (!it->is_array()) throw wrong_type(member, "a list");
  return &*it;
}

const nlohmann::json* RequestReader::optional_object(const char* member) const {
  const auto it = body_.find(member);
  if (it == body_.end() || it->is_null()) return nullptr;
  if (!it->is_object()) throw wrong_type(member, "a structure");
  return &*it;
}

const nlohmann::json& RequestReader::required_object(const char* member) const {
  const auto* value = optional_object(member);
  if (value == nullptr) {
    throw AwsError::validation(validation_message(member, nullptr, "Member must not be null"));
  }
  return *value;
}

}  // namespace mock_scim::sso_admin
