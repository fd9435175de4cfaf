#include "mock-scim/sso_admin/sso_admin_api.hpp"

#include <chrono>

#include "mock-scim/sso_admin/json_operations.hpp"
#include "mock-scim/sso_admin/pagination.hpp"
#include "mock-scim/sso_admin/request_reader.hpp"
#include "mock-scim/sso_admin/validation.hpp"

namespace mock_scim::sso_admin {
namespace {

using nlohmann::json;

constexpr std::string_view kInstanceArnPattern =
    "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}";
constexpr std::string_view kPermissionSetArnPattern =
    "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/"
    "ps-[a-zA-Z0-9-./]{16}";
constexpr std::string_view kAccountPattern = "\\d{12}";
constexpr std::string_view kUuidPattern =
    "\\b[0-9a-f]{8}\\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\\b[0-9a-f]{12}\\b";
constexpr std::string_view kPrincipalPattern =
    "^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$";
constexpr std::string_view kManagedPolicyPattern =
    "arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy/"
    "[\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]+";
constexpr std::string_view kNextTokenPattern = "^[-a-zA-Z0-9+=/_]*";
constexpr std::string_view kRelayStatePattern =
    "[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_'\"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+";
constexpr std::string_view kTextPattern = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A0-\\u00FF]*";

std::string instance_arn(const RequestReader& r) {
  return r.required_string("InstanceArn", 10, 1224, is_instance_arn, kInstanceArnPattern);
}
std::string ps_arn(const RequestReader& r, const char* member = "PermissionSetArn") {
  return r.required_string(member, 10, 1224, is_permission_set_arn, kPermissionSetArnPattern);
}
std::optional<std::string> token(const RequestReader& r) {
  return r.optional_string(
      "NextToken", 0, 2048, [](std::string_view s) { return is_next_token(s, false); },
      kNextTokenPattern);
}
PageRequest page(const RequestReader& r, std::string_view tag) {
  const auto t = token(r);
  return read_page(tag, t, r.optional_int("MaxResults", 1, 100));
}
bool description_ok(std::string_view s) { return code_points_within(s, 0x20, 0x7E, 0xA0, 0xFF); }
bool inline_policy_ok(std::string_view s) { return code_points_within(s, 0x20, 0x7E, 0x7F, 0xFF); }

json permission_set_json(const PermissionSet& ps) {
  json out = {{"Name", ps.name},
              {"PermissionSetArn", ps.arn},
              {"CreatedDate", epoch_seconds(ps.created)},
              {"SessionDuration", ps.session_duration}};
  if (ps.description) out["Description"] = *ps.description;
  if (ps.relay_state) out["RelayState"] = *ps.relay_state;
  return out;
}

json assignment_status_json(const AssignmentOperation& op) {
  json out = {{"Status", to_string(op.status)},
              {"RequestId", op.request_id},
              {"TargetId", op.assignment.account_id},
              {"TargetType", "AWS_ACCOUNT"},
              {"PermissionSetArn", op.assignment.permission_set_arn},
              {"PrincipalType", to_string(op.assignment.principal_type)},
              {"PrincipalId", op.assignment.principal_id},
              {"CreatedDate", epoch_seconds(op.created)}};
  if (!op.failure_reason.empty()) out["FailureReason"] = op.failure_reason;
  return out;
}

json provisioning_status_json(const ProvisioningOperation& op) {
  json out = {{"Status", to_string(op.status)},
              {"RequestId", op.request_id},
              {"PermissionSetArn", op.permission_set_arn},
              {"CreatedDate", epoch_seconds(op.created)}};
  if (op.account_id) out["AccountId"] = *op.account_id;
  if (!op.failure_reason.empty()) out["FailureReason"] = op.failure_reason;
  return out;
}

AccountAssignment read_assignment(const RequestReader& r) {
  AccountAssignment a;
  a.account_id = r.required_string("TargetId", 12, 12, is_account_id, kAccountPattern);
  r.required_enum("TargetType", {"AWS_ACCOUNT"});
  a.permission_set_arn = ps_arn(r);
  a.principal_type = r.required_enum("PrincipalType", {"USER", "GROUP"}) == "USER"
                         ? PrincipalType::kUser
                         : PrincipalType::kGroup;
  a.principal_id = r.required_string("PrincipalId", 1, 47, is_resource_id, kPrincipalPattern);
  return a;
}

ProvisioningFilter provisioning_filter(const RequestReader& r) {
  const auto f = r.optional_enum("ProvisioningStatus", {"LATEST_PERMISSION_SET_PROVISIONED",
                                                        "LATEST_PERMISSION_SET_NOT_PROVISIONED"});
  if (!f) return ProvisioningFilter::kAny;
  return *f == "LATEST_PERMISSION_SET_PROVISIONED" ? ProvisioningFilter::kLatest
                                                   : ProvisioningFilter::kNotLatest;
}

std::vector<Tag> read_tags(const RequestReader& r) {
  std::vector<Tag> tags;
  const json* in = r.optional_array("Tags");
  if (in == nullptr) return tags;
  for (const auto& t : *in) {
    const RequestReader tr(t);
    Tag tag;
    tag.key = tr.required_string("Key", 1, 128, is_tag_text, "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    tag.value =
        tr.required_string("Value", 0, 256, is_tag_text, "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    tags.push_back(std::move(tag));
  }
  return tags;
}

// The operations these make read every member, InstanceArn first, before the instance is
// checked: a malformed request is a ValidationException even when it names another instance.

// An operation on one permission set (InstanceArn, PermissionSetArn) that answers {}.
JsonOperation permission_set_change(SsoAdminService& s,
                                    void (SsoAdminService::*change)(std::string_view)) {
  return [&s, change](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    s.check_instance(inst);
    (s.*change)(arn);
    return json::object();
  };
}

// An operation on one permission set and a managed policy (ManagedPolicyArn) that answers {}.
JsonOperation managed_policy_change(SsoAdminService& s,
                                    void (SsoAdminService::*change)(std::string_view,
                                                                    std::string_view)) {
  return [&s, change](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto policy = r.required_string("ManagedPolicyArn", 20, 2048, is_managed_policy_arn,
                                          kManagedPolicyPattern);
    s.check_instance(inst);
    (s.*change)(arn, policy);
    return json::object();
  };
}

// CreateAccountAssignment and DeleteAccountAssignment: the status of the request as `member`.
JsonOperation assignment_change(
    SsoAdminService& s, const char* member,
    AssignmentOperation (SsoAdminService::*change)(const AccountAssignment&)) {
  return [&s, member, change](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto a = read_assignment(r);
    s.check_instance(inst);
    return json{{member, assignment_status_json((s.*change)(a))}};
  };
}

// DescribeAccountAssignment{Creation,Deletion}Status: the request `id_member` names, as `member`.
JsonOperation assignment_status(SsoAdminService& s, const char* id_member, const char* member,
                                AssignmentOperation (SsoAdminService::*status)(std::string_view)) {
  return [&s, id_member, member, status](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto id = r.required_string(id_member, 36, 36, is_request_id, kUuidPattern);
    s.check_instance(inst);
    return json{{member, assignment_status_json((s.*status)(id))}};
  };
}

}  // namespace

SsoAdminApi::SsoAdminApi(SsoAdminService& service) : service_(service) {
  SsoAdminService& s = service_;
  ops_["ListInstances"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto p = page(r, "in");
    const auto& org = s.organization();
    json out = {{"Instances", json::array()}};
    if (p.offset == 0) {
      out["Instances"].push_back({{"InstanceArn", org.instance_arn()},
                                  {"IdentityStoreId", org.identity_store_id},
                                  {"OwnerAccountId", org.management_account_id},
                                  {"Name", org.instance_name},
                                  {"Status", "ACTIVE"}});
    }
    return out;
  };
  ops_["CreatePermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    NewPermissionSet in;
    in.name = r.required_string("Name", 1, 32, is_permission_set_name, "[\\w+=,.@-]+");
    const auto inst = instance_arn(r);
    in.description = r.optional_string("Description", 1, 700, description_ok, kTextPattern);
    in.session_duration = r.optional_string("SessionDuration", 1, 100);
    in.relay_state = r.optional_string("RelayState", 1, 240, is_relay_state, kRelayStatePattern);
    in.tags = read_tags(r);
    s.check_instance(inst);
    return json{{"PermissionSet", permission_set_json(s.create_permission_set(in))}};
  };
  ops_["DescribePermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    s.check_instance(inst);
    return json{{"PermissionSet", permission_set_json(s.describe_permission_set(arn))}};
  };
  ops_["ListPermissionSets"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto p = page(r, "ps");
    s.check_instance(inst);
    return json_page(s.list_permission_sets(), p, "ps", "PermissionSets");
  };
  ops_["UpdatePermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    PermissionSetUpdate u;
    u.description = r.optional_string("Description", 1, 700, description_ok, kTextPattern);
    u.session_duration = r.optional_string("SessionDuration", 1, 100);
    u.relay_state = r.optional_string("RelayState", 1, 240, is_relay_state, kRelayStatePattern);
    s.check_instance(inst);
    s.update_permission_set(arn, u);
    return json::object();
  };
  ops_["DeletePermissionSet"] = permission_set_change(s, &SsoAdminService::delete_permission_set);
  ops_["AttachManagedPolicyToPermissionSet"] =
      managed_policy_change(s, &SsoAdminService::attach_managed_policy);
  ops_["DetachManagedPolicyFromPermissionSet"] =
      managed_policy_change(s, &SsoAdminService::detach_managed_policy);
  ops_["ListManagedPoliciesInPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto p = page(r, "mp");
    s.check_instance(inst);
    return json_page(s.managed_policies(arn), p, "mp", "AttachedManagedPolicies",
                     [](const std::string& policy) {
                       return json{{"Name", policy.substr(policy.rfind('/') + 1)}, {"Arn", policy}};
                     });
  };
  ops_["PutInlinePolicyToPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto policy =
        r.required_string("InlinePolicy", 1, kMaxInlinePolicyBytes, inline_policy_ok,
                          "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    s.check_instance(inst);
    s.put_inline_policy(arn, policy);
    return json::object();
  };
  ops_["GetInlinePolicyForPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    s.check_instance(inst);
    const auto policy = s.inline_policy(arn);
    // AWS answers an empty string when the set has no inline policy.
    return json{{"InlinePolicy", policy ? *policy : ""}};
  };
  ops_["DeleteInlinePolicyFromPermissionSet"] =
      permission_set_change(s, &SsoAdminService::delete_inline_policy);
  ops_["ListTagsForResource"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r, "ResourceArn");
    token(r);
    s.check_instance(inst);
    json out = {{"Tags", json::array()}};
    for (const auto& t : s.tags(arn)) out["Tags"].push_back({{"Key", t.key}, {"Value", t.value}});
    return out;
  };
  ops_["ProvisionPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto target = r.optional_string("TargetId", 12, 12, is_account_id, kAccountPattern);
    const auto type = r.required_enum("TargetType", {"AWS_ACCOUNT", "ALL_PROVISIONED_ACCOUNTS"});
    s.check_instance(inst);
    return json{
        {"PermissionSetProvisioningStatus", provisioning_status_json(s.provision_permission_set(
                                                arn, type == "ALL_PROVISIONED_ACCOUNTS", target))}};
  };
  ops_["DescribePermissionSetProvisioningStatus"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto id =
        r.required_string("ProvisionPermissionSetRequestId", 36, 36, is_request_id, kUuidPattern);
    s.check_instance(inst);
    return json{
        {"PermissionSetProvisioningStatus", provisioning_status_json(s.provisioning_status(id))}};
  };
  ops_["CreateAccountAssignment"] = assignment_change(s, "AccountAssignmentCreationStatus",
                                                      &SsoAdminService::create_account_assignment);
  ops_["DeleteAccountAssignment"] = assignment_change(s, "AccountAssignmentDeletionStatus",
                                                      &SsoAdminService::delete_account_assignment);
  ops_["DescribeAccountAssignmentCreationStatus"] =
      assignment_status(s, "AccountAssignmentCreationRequestId", "AccountAssignmentCreationStatus",
                        &SsoAdminService::creation_status);
  ops_["DescribeAccountAssignmentDeletionStatus"] =
      assignment_status(s, "AccountAssignmentDeletionRequestId", "AccountAssignmentDeletionStatus",
                        &SsoAdminService::deletion_status);
  ops_["ListAccountAssignments"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto account = r.required_string("AccountId", 12, 12, is_account_id, kAccountPattern);
    const auto arn = ps_arn(r);
    const auto p = page(r, "aa");
    s.check_instance(inst);
    return json_page(s.list_account_assignments(account, arn), p, "aa", "AccountAssignments",
                     [](const AccountAssignment& a) {
                       return json{{"AccountId", a.account_id},
                                   {"PermissionSetArn", a.permission_set_arn},
                                   {"PrincipalType", to_string(a.principal_type)},
                                   {"PrincipalId", a.principal_id}};
                     });
  };
  ops_["ListAccountsForProvisionedPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto filter = provisioning_filter(r);
    const auto p = page(r, "ap");
    s.check_instance(inst);
    return json_page(s.accounts_for_permission_set(arn, filter), p, "ap", "AccountIds");
  };
  ops_["ListPermissionSetsProvisionedToAccount"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto account = r.required_string("AccountId", 12, 12, is_account_id, kAccountPattern);
    const auto filter = provisioning_filter(r);
    const auto p = page(r, "pa");
    s.check_instance(inst);
    return json_page(s.permission_sets_for_account(account, filter), p, "pa", "PermissionSets");
  };
}

json SsoAdminApi::call(std::string_view operation, const json& body) const {
  return call_operation(ops_, operation, body);
}

}  // namespace mock_scim::sso_admin
