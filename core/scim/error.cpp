#include "core/scim/error.hpp"

#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"

namespace core::scim {

std::string_view to_string(ScimType type) {
  switch (type) {
    case ScimType::kNone:
      return "";
    case ScimType::kInvalidFilter:
      return "invalidFilter";
    case ScimType::kTooMany:
      return "tooMany";
    case ScimType::kUniqueness:
      return "uniqueness";
    case ScimType::kMutability:
      return "mutability";
    case ScimType::kInvalidSyntax:
      return "invalidSyntax";
    case ScimType::kInvalidPath:
      return "invalidPath";
    case ScimType::kNoTarget:
      return "noTarget";
    case ScimType::kInvalidValue:
      return "invalidValue";
    case ScimType::kInvalidVers:
      return "invalidVers";
    case ScimType::kSensitive:
      return "sensitive";
  }
  return "";
}

Error::Error(int status, ScimType type, std::string detail)
    : std::runtime_error(detail), status_(status), type_(type), detail_(std::move(detail)) {}

Error Error::invalid_syntax(std::string detail) {
  return Error(400, ScimType::kInvalidSyntax, std::move(detail));
}
Error Error::invalid_value(std::string detail) {
  return Error(400, ScimType::kInvalidValue, std::move(detail));
}
Error Error::invalid_filter(std::string detail) {
  return Error(400, ScimType::kInvalidFilter, std::move(detail));
}
Error Error::invalid_path(std::string detail) {
  return Error(400, ScimType::kInvalidPath, std::move(detail));
}
Error Error::mutability(std::string detail) {
  return Error(400, ScimType::kMutability, std::move(detail));
}
Error Error::too_many(std::string detail) {
  return Error(400, ScimType::kTooMany, std::move(detail));
}
Error Error::unauthorized(std::string detail) {
  return Error(401, ScimType::kNone, std::move(detail));
}
Error Error::not_found(std::string detail) {
  return Error(404, ScimType::kNone, std::move(detail));
}
Error Error::uniqueness(std::string detail) {
  return Error(409, ScimType::kUniqueness, std::move(detail));
}

std::string render_error_envelope(int status, std::string_view detail, std::string_view request_id,
                                  std::string_view timestamp, bool schema_only) {
  std::string out;
  out.reserve(256 + detail.size());
  out += "{\"schema\":[";
  append_json_string(out, kErrorSchema);
  out += "],";
  if (!schema_only) {
    out += "\"schemas\":[";
    append_json_string(out, kErrorSchema);
    out += "],";
  }
  out += "\"detail\":";
  append_json_string(out, detail);
  out += ",\"status\":";
  append_json_string(out, std::to_string(status));
  out += ",\"exceptionRequestId\":";
  append_json_string(out, request_id);
  out += ",\"timeStamp\":";
  append_json_string(out, timestamp);
  out += "}";
  return out;
}

}  // namespace core::scim
