#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mock-idp/provisioning/expression.hpp"

namespace mock_idp::provisioning {

// A configuration the service refuses; `message` is shown to the administrator.
class MappingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// customize-application-attributes: mapping types and "Apply this mapping".
enum class MappingType { kDirect, kConstant, kExpression, kNone };
enum class ApplyWhen { kAlways, kOnCreateOnly };

struct AttributeMapping {
  MappingType type = MappingType::kDirect;
  std::string source;  // attribute (Direct), value (Constant), expression text (Expression)
  std::string target;  // SCIM path, e.g. name.givenName or emails[type eq "work"].value
  std::optional<std::string> default_value;  // used only when creating, if the source is null
  ApplyWhen apply = ApplyWhen::kAlways;
  int matching_precedence = 0;                   // 0: not a matching attribute; 1 is tried first
  std::shared_ptr<const Expression> expression;  // parsed by validate(); null for Constant/None
};

// Azure's scoping filter operators (define-conditional-rules-for-provisioning-user-accounts).
struct ScopingClause {
  std::string attribute;
  std::string op;  // EQUALS, NOT_EQUALS, IS_TRUE, IS_FALSE, IS_NULL, IS_NOT_NULL, REGEX_MATCH,
                   // NOT_REGEX_MATCH, ENDS_WITH, Includes, Greater_Than, Greater_Than_OR_EQUALS,
                   // &, !&
  std::string value;
};
// Clauses are AND-ed; a mapping's filters are OR-ed; no filter at all means "in scope".
struct ScopingFilter {
  std::vector<ScopingClause> clauses;
};

struct ObjectMapping {
  std::string name;
  std::string source_object;  // "User" | "Group"
  std::string target_object;  // SCIM schema URN
  bool enabled = true;
  std::vector<AttributeMapping> attributes;
  std::vector<ScopingFilter> scoping;
};

struct MappingSet {
  ObjectMapping users;
  ObjectMapping groups;
};

// The AWS IAM Identity Center gallery app's defaults (azure-ad.md §4.2): userName ←
// userPrincipalName (matching), active ← Switch([IsSoftDeleted], ...), displayName, title,
// emails[type eq "work"].value ← mail, name.givenName, name.familyName, externalId ← objectId;
// groups: displayName (matching), externalId ← objectId, members.
MappingSet default_aws_mappings();

// Target attributes the AWS connector exposes; anything else is SchemaAttributeNotFound.
bool is_known_user_target(std::string_view path);
bool is_known_group_target(std::string_view path);

// Parses expressions and checks targets, operators and the matching attribute; throws
// MappingError naming the offending mapping. `users` says which target list applies.
void validate(ObjectMapping& mapping, bool users);
bool valid_scoping_operator(std::string_view op);

// Evaluates scoping filters against a source object.
bool in_scoping_filters(const std::vector<ScopingFilter>& filters,
                        const AttributeResolver& resolve);

// Target values in mapping order; members is left out (a reference, exported by the engine).
// creating: default values apply and ObjectAddOnly mappings are included; otherwise they
// are left out. A null value is kept as nullopt (never sent).
using TargetValues = std::vector<std::pair<std::string, Value>>;
TargetValues evaluate(const ObjectMapping& mapping, const AttributeResolver& resolve,
                      bool creating);

// The matching mapping with the lowest precedence number, if any.
const AttributeMapping* matching_attribute(const ObjectMapping& mapping);

// A parsed SCIM attribute path: [urn:]attr[[filterAttr eq "filterValue"]][.sub].
struct ScimPath {
  std::string urn;  // extension schema, "" for core
  std::string attribute;
  std::string filter_attribute;
  std::string filter_value;
  std::string sub_attribute;
};
std::optional<ScimPath> parse_scim_path(std::string_view path);

// POST body for a user or group (azure-ad.md §5.2 and §5.3): schemas, meta.resourceType,
// active as a JSON boolean, multi-valued entries with type and primary, enterprise attributes
// under their URN, empty roles for users. Null values are left out.
nlohmann::json build_user_resource(const TargetValues& values);
nlohmann::json build_group_resource(const TargetValues& values);

// The value at `path` in a resource read back from the target, as text ("True"/"False" for
// booleans); nullopt if absent or null.
Value read_path(const nlohmann::json& resource, std::string_view path);

// Azure's wire dialects (azure-ad.md §5.4): legacy by default, aadOptscim062020 when the
// Tenant URL carries that flag.
enum class Dialect { kLegacy, kAadOptScim062020 };
Dialect dialect_for_tenant_url(std::string_view tenant_url);

struct PatchOp {
  enum class Op { kAdd, kReplace, kRemove };
  Op op = Op::kReplace;
  std::string path;
  Value value;
  Value old_value;  // for the provisioning log's modified properties
};

// One operation per changed attribute: Add where the target has no value, Replace where it
// differs; null desired values and unchanged ones produce nothing.
std::vector<PatchOp> diff(const TargetValues& desired, const nlohmann::json& current);

// The PatchOp message body. Legacy: capitalised ops, active as "True"/"False" strings.
// aadOptscim062020: lower-case ops, active as a boolean, and two or more replaces of plain
// single-valued attributes collapsed into one path-less replace with dotted/URN keys.
nlohmann::json render_patch(const std::vector<PatchOp>& ops, Dialect dialect);

// Group membership changes, at most kMaxMembersPerPatch members per request (AWS's limit).
inline constexpr std::size_t kMaxMembersPerPatch = 100;
std::vector<nlohmann::json> render_member_patches(const std::vector<std::string>& add,
                                                  const std::vector<std::string>& remove,
                                                  Dialect dialect);

inline constexpr const char* kScimUserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
inline constexpr const char* kScimGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
inline constexpr const char* kEnterpriseSchema =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
inline constexpr const char* kPatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

}  // namespace mock_idp::provisioning
