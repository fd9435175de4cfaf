#include "mock-scim/sso_admin/sso_admin_api.hpp"

#include <chrono>

#include "mock-scim/sso_admin/aws_error.hpp"
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
constexpr std::string_view kTextPattern = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A0-\\u00FF]*";

double epoch_seconds(core::util::TimePoint t) {
  return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

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

// One page of `items` as `member` (plus NextToken when more remain).
json paged(const std::vector<std::string>& items, const PageRequest& p, std::string_view tag,
           const char* member) {
  json out = {{member, json::array()}};
  for (std::size_t i = p.offset; i < items.size() && i < p.offset + p.limit; ++i) {
    out[member].push_back(items[i]);
  }
  if (p.offset + p.limit < items.size()) out["NextToken"] = next_token(tag, p.offset + p.limit);
  return out;
}

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
    in.relay_state =
        r.optional_string("RelayState", 1, 240, is_relay_state,
                          "[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_'\"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+");
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
    return paged(s.list_permission_sets(), p, "ps", "PermissionSets");
  };
  ops_["UpdatePermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    PermissionSetUpdate u;
    u.description = r.optional_string("Description", 1, 700, description_ok, kTextPattern);
    u.session_duration = r.optional_string("SessionDuration", 1, 100);
    u.relay_state =
        r.optional_string("RelayState", 1, 240, is_relay_state,
                          "[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_'\"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+");
    s.check_instance(inst);
    s.update_permission_set(arn, u);
    return json::object();
  };
  ops_["DeletePermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    s.check_instance(inst);
    s.delete_permission_set(arn);
    return json::object();
  };
  ops_["AttachManagedPolicyToPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto policy = r.required_string("ManagedPolicyArn", 20, 2048, is_managed_policy_arn,
                                          kManagedPolicyPattern);
    s.check_instance(inst);
    s.attach_managed_policy(arn, policy);
    return json::object();
  };
  ops_["DetachManagedPolicyFromPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto policy = r.required_string("ManagedPolicyArn", 20, 2048, is_managed_policy_arn,
                                          kManagedPolicyPattern);
    s.check_instance(inst);
    s.detach_managed_policy(arn, policy);
    return json::object();
  };
  ops_["ListManagedPoliciesInPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto p = page(r, "mp");
    s.check_instance(inst);
    const auto policies = s.managed_policies(arn);
    json out = {{"AttachedManagedPolicies", json::array()}};
    for (std::size_t i = p.offset; i < policies.size() && i < p.offset + p.limit; ++i) {
      const auto slash = policies[i].rfind('/');
      out["AttachedManagedPolicies"].push_back(
          {{"Name", policies[i].substr(slash + 1)}, {"Arn", policies[i]}});
    }
    if (p.offset + p.limit < policies.size()) {
      out["NextToken"] = next_token("mp", p.offset + p.limit);
    }
    return out;
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
  ops_["DeleteInlinePolicyFromPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    s.check_instance(inst);
    s.delete_inline_policy(arn);
    return json::object();
  };
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
  ops_["CreateAccountAssignment"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto a = read_assignment(r);
    s.check_instance(inst);
    return json{{"AccountAssignmentCreationStatus",
                 assignment_status_json(s.create_account_assignment(a))}};
  };
  ops_["DeleteAccountAssignment"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto a = read_assignment(r);
    s.check_instance(inst);
    return json{{"AccountAssignmentDeletionStatus",
                 assignment_status_json(s.delete_account_assignment(a))}};
  };
  ops_["DescribeAccountAssignmentCreationStatus"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto id = r.required_string("AccountAssignmentCreationRequestId", 36, 36, is_request_id,
                                      kUuidPattern);
    s.check_instance(inst);
    return json{{"AccountAssignmentCreationStatus", assignment_status_json(s.creation_status(id))}};
  };
  ops_["DescribeAccountAssignmentDeletionStatus"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto id = r.required_string("AccountAssignmentDeletionRequestId", 36, 36, is_request_id,
                                      kUuidPattern);
    s.check_instance(inst);
    return json{{"AccountAssignmentDeletionStatus", assignment_status_json(s.deletion_status(id))}};
  };
  ops_["ListAccountAssignments"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto account = r.required_string("AccountId", 12, 12, is_account_id, kAccountPattern);
    const auto arn = ps_arn(r);
    const auto p = page(r, "aa");
    s.check_instance(inst);
    const auto all = s.list_account_assignments(account, arn);
    json out = {{"AccountAssignments", json::array()}};
    for (std::size_t i = p.offset; i < all.size() && i < p.offset + p.limit; ++i) {
      out["AccountAssignments"].push_back({{"AccountId", all[i].account_id},
                                           {"PermissionSetArn", all[i].permission_set_arn},
                                           {"PrincipalType", to_string(all[i].principal_type)},
                                           {"PrincipalId", all[i].principal_id}});
    }
    if (p.offset + p.limit < all.size()) out["NextToken"] = next_token("aa", p.offset + p.limit);
    return out;
  };
  ops_["ListAccountsForProvisionedPermissionSet"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto arn = ps_arn(r);
    const auto filter = provisioning_filter(r);
    const auto p = page(r, "ap");
    s.check_instance(inst);
    return paged(s.accounts_for_permission_set(arn, filter), p, "ap", "AccountIds");
  };
  ops_["ListPermissionSetsProvisionedToAccount"] = [&s](const json& body) {
    const RequestReader r(body);
    const auto inst = instance_arn(r);
    const auto account = r.required_string("AccountId", 12, 12, is_account_id, kAccountPattern);
    const auto filter = provisioning_filter(r);
    const auto p = page(r, "pa");
    s.check_instance(inst);
    return paged(s.permission_sets_for_account(account, filter), p, "pa", "PermissionSets");
  };
}

json SsoAdminApi::call(std::string_view operation, const json& body) const {
  const auto it = ops_.find(operation);
  if (it == ops_.end()) {
    throw AwsError("UnknownOperationException",
                   "Operation " + std::string(operation) + " is not supported by this endpoint.");
  }
  return it->second(body);
}

}  // namespace mock_scim::sso_admin
