#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace core::scim {

// RFC 7644 §3.12, Table 9. kNone: no "scimType" (AWS never sends one).
enum class ScimType {
  kNone,
  kInvalidFilter,
  kTooMany,
  kUniqueness,
  kMutability,
  kInvalidSyntax,
  kInvalidPath,
  kNoTarget,
  kInvalidValue,
  kInvalidVers,
  kSensitive
};

// "invalidFilter", ...; "" for kNone.
std::string_view to_string(ScimType type);

// The detail texts AWS answers with, as captured (facts/aws-identity-center.md §1).
inline constexpr std::string_view kDetailUnparsable =
    "Request is unparsable, syntactically incorrect, or violates schema.";
inline constexpr std::string_view kDetailDuplicate = "Refused to create a new, duplicate resource.";
inline constexpr std::string_view kDetailPathless =
    "Current PATCH support allows omitting \"path\" attribute only for Add and Replace "
    "operations modifying a single attribute.";
inline constexpr std::string_view kDetailSingleItem =
    "Currently list attributes only allow single item";

// A SCIM protocol error: thrown by the server's domain code and rendered in one place.
// detail() is shown to the peer: never put secrets in it.
class Error : public std::runtime_error {
 public:
  Error(int status, ScimType type, std::string detail);

  static Error invalid_syntax(std::string detail);  // 400
  static Error invalid_value(std::string detail);   // 400
  static Error invalid_filter(std::string detail);  // 400
  static Error invalid_path(std::string detail);    // 400
  static Error mutability(std::string detail);      // 400
  static Error too_many(std::string detail);        // 400
  static Error unauthorized(std::string detail);    // 401
  static Error not_found(std::string detail);       // 404
  static Error uniqueness(std::string detail);      // 409

  int status() const noexcept { return status_; }
  ScimType type() const noexcept { return type_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  int status_;
  ScimType type_;
  std::string detail_;
};

// AWS's error body, byte for byte in key order:
// {"schema":[Error],"schemas":[Error],"detail":..,"status":"400","exceptionRequestId":..,
//  "timeStamp":"YYYY-MM-DD HH:MM:SS.mmm"}. `schema_only` drops "schemas" as captured in
// Feb 2022 ([IDPSCIM-45]).
std::string render_error_envelope(int status, std::string_view detail, std::string_view request_id,
                                  std::string_view timestamp, bool schema_only = false);

}  // namespace core::scim
