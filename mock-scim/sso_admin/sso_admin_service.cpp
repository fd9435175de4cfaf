#include "mock-scim/sso_admin/sso_admin_service.hpp"

#include <algorithm>
#include <set>

#include "core/util/iso8601.hpp"
#include "mock-scim/sso_admin/aws_error.hpp"

namespace mock_scim::sso_admin {
namespace {

using core::util::Millis;

constexpr Millis kMinSession{60 * 60 * 1000};
constexpr Millis kMaxSession{12 * 60 * 60 * 1000};

// Checks and normalises SessionDuration (UG-SESSIONDUR: 1 hour to 12 hours).
std::string checked_session_duration(const std::string& text) {
  const auto d = core::util::parse_duration(text);
  if (!d) {
    throw AwsError::validation("The session duration " + text +
                               " is not a valid ISO-8601 duration.");
  }
  if (*d < kMinSession || *d > kMaxSession) {
    throw AwsError::validation("The session duration must be between PT1H and PT12H; " + text +
                               " was given.");
  }
  return text;
}

std::string principal_not_found(PrincipalType type, const std::string& id) {
  return std::string(type == PrincipalType::kUser ? "User" : "Group") + " " + id +
         " does not exist in the identity store.";
}

// The request `request_id` of `requests`; ResourceNotFoundException ("Could not find <what> with
// id <request_id>.") when there is none.
template <typename Operation>
const Operation& find_request(const std::map<std::string, Operation, std::less<>>& requests,
                              std::string_view request_id, const char* what) {
  const auto it = requests.find(request_id);
  if (it == requests.end()) {
    throw AwsError::not_found("Could not find " + std::string(what) + " with id " +
                              std::string(request_id) + ".");
  }
  return it->second;
}

}  // namespace

std::string_view to_string(PrincipalType t) { return t == PrincipalType::kUser ? "USER" : "GROUP"; }

std::string_view to_string(OperationStatus s) {
  switch (s) {
    case OperationStatus::kInProgress:
      return "IN_PROGRESS";
    case OperationStatus::kFailed:
      return "FAILED";
    case OperationStatus::kSucceeded:
      return "SUCCEEDED";
  }
  return "FAILED";
}

SsoAdminService::SsoAdminService(const Organization& org, const DirectoryView& directory,
                                 const core::util::Clock& clock, core::util::IdGenerator& ids,
                                 SsoAdminOptions options)
    : org_(org), directory_(directory), clock_(clock), ids_(ids), options_(options) {}

SsoAdminOptions SsoAdminService::options() const {
  std::lock_guard lock(mutex_);
  return options_;
}

void SsoAdminService::set_async_delay(core::util::Millis delay) {
  std::lock_guard lock(mutex_);
  options_.async_delay = delay;
}

void SsoAdminService::check_instance(std::string_view instance_arn) const {
  if (instance_arn != org_.instance_arn()) {
    throw AwsError::not_found("Instance " + std::string(instance_arn) + " does not exist.");
  }
}

std::string SsoAdminService::permission_set_arn(const std::string& ps_id) const {
  return "arn:aws:sso:::permissionSet/" + org_.instance_id + "/" + ps_id;
}

PermissionSet& SsoAdminService::find_set_locked(std::string_view arn) {
  const auto it = sets_.find(arn);
  if (it == sets_.end()) {
    throw AwsError::not_found("Could not find PermissionSet with PermissionSetArn " +
                              std::string(arn) + ".");
  }
  return it->second;
}

PermissionSet SsoAdminService::create_permission_set(const NewPermissionSet& in) {
  PermissionSet ps;
  ps.name = in.name;
  ps.description = in.description;
  if (in.session_duration) ps.session_duration = checked_session_duration(*in.session_duration);
  ps.relay_state = in.relay_state;
  if (in.tags.size() > kMaxTagsPerResource) {
    throw AwsError::validation("A resource can have at most " +
                               std::to_string(kMaxTagsPerResource) + " tags.");
  }
  std::set<std::string> keys;
  for (const auto& t : in.tags) {
    if (!keys.insert(t.key).second) {
      throw AwsError::validation("Duplicate tag key " + t.key + ".");
    }
  }
  ps.tags = in.tags;
  std::lock_guard lock(mutex_);
  settle_locked();
  for (const auto& [arn, existing] : sets_) {
    if (existing.name == in.name) {
      throw AwsError::conflict("PermissionSet with name " + in.name + " already exists.");
    }
  }
  if (sets_.size() >= kMaxPermissionSets) {
    throw AwsError::quota("The number of permission sets in this instance exceeds the limit of " +
                          std::to_string(kMaxPermissionSets) + ".");
  }
  ps.arn = permission_set_arn("ps-" + ids_.hex(16));
  ps.created = clock_.now();
  sets_.emplace(ps.arn, ps);
  set_order_.push_back(ps.arn);
  return ps;
}

PermissionSet SsoAdminService::describe_permission_set(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_set_locked(arn);
}

std::vector<std::string> SsoAdminService::list_permission_sets() {
  std::lock_guard lock(mutex_);
  settle_locked();
  return set_order_;
}

void SsoAdminService::update_permission_set(std::string_view arn,
                                            const PermissionSetUpdate& update) {
  std::optional<std::string> duration;
  if (update.session_duration) duration = checked_session_duration(*update.session_duration);
  std::lock_guard lock(mutex_);
  settle_locked();
  auto& ps = find_set_locked(arn);
  if (update.description) ps.description = update.description;
  if (duration) ps.session_duration = *duration;
  if (update.relay_state) ps.relay_state = update.relay_state;
  ++ps.version;
}

void SsoAdminService::delete_permission_set(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  find_set_locked(arn);
  for (const auto& [key, created] : assignments_) {
    if (std::get<1>(key) == arn) {
      // The message AWS gives while accounts are still assigned the set (TF-26757).
      throw AwsError::conflict(
          "Could not delete because PermissionSet has ApplicationProfile associated with it.");
    }
  }
  for (const auto& p : pending_) {
    const AssignmentOperation* op = nullptr;
    if (p.kind == Pending::Kind::kCreate) op = &creations_.at(p.request_id);
    if (p.kind == Pending::Kind::kDelete) op = &deletions_.at(p.request_id);
    const bool same = op != nullptr ? op->assignment.permission_set_arn == arn
                                    : provisionings_.at(p.request_id).permission_set_arn == arn;
    if (same) throw AwsError::conflict("There is a conflicting operation in process.");
  }
  // Roles left by ProvisionPermissionSet alone go with the set.
  std::erase_if(provisioned_, [arn](const auto& entry) { return entry.first.second == arn; });
  sets_.erase(sets_.find(arn));
  set_order_.erase(std::find(set_order_.begin(), set_order_.end(), arn));
}

void SsoAdminService::attach_managed_policy(std::string_view arn, std::string_view policy_arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  auto& ps = find_set_locked(arn);
  if (std::find(ps.managed_policies.begin(), ps.managed_policies.end(), policy_arn) !=
      ps.managed_policies.end()) {
    throw AwsError::conflict("Permission set " + ps.name + " already has the managed policy " +
                             std::string(policy_arn) + " attached.");
  }
  if (ps.managed_policies.size() >= kMaxManagedPoliciesPerSet) {
    throw AwsError::quota("A permission set can have at most " +
                          std::to_string(kMaxManagedPoliciesPerSet) + " managed policies.");
  }
  ps.managed_policies.emplace_back(policy_arn);
  ++ps.version;
}

void SsoAdminService::detach_managed_policy(std::string_view arn, std::string_view policy_arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  auto& ps = find_set_locked(arn);
  const auto it = std::find(ps.managed_policies.begin(), ps.managed_policies.end(), policy_arn);
  if (it == ps.managed_policies.end()) {
    throw AwsError::not_found("Managed policy " + std::string(policy_arn) +
                              " is not attached to permission set " + ps.name + ".");
  }
  ps.managed_policies.erase(it);
  ++ps.version;
}

std::vector<std::string> SsoAdminService::managed_policies(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_set_locked(arn).managed_policies;
}

void SsoAdminService::put_inline_policy(std::string_view arn, std::string_view policy) {
  if (policy.size() > kMaxInlinePolicyBytes) {
    throw AwsError::validation("The inline policy exceeds " +
                               std::to_string(kMaxInlinePolicyBytes) + " bytes.");
  }
  const auto parsed = nlohmann::json::parse(policy, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    throw AwsError::validation("The inline policy is not a valid JSON policy document.");
  }
  std::lock_guard lock(mutex_);
  settle_locked();
  auto& ps = find_set_locked(arn);
  ps.inline_policy = std::string(policy);
  ++ps.version;
}

std::optional<std::string> SsoAdminService::inline_policy(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_set_locked(arn).inline_policy;
}

void SsoAdminService::delete_inline_policy(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  auto& ps = find_set_locked(arn);
  if (ps.inline_policy) {
    ps.inline_policy.reset();
    ++ps.version;
  }
}

std::vector<Tag> SsoAdminService::tags(std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_set_locked(arn).tags;
}

ProvisioningOperation SsoAdminService::provision_permission_set(
    std::string_view arn, bool all_provisioned, const std::optional<std::string>& account_id) {
  if (all_provisioned && account_id) {
    throw AwsError::validation("TargetId must not be given with ALL_PROVISIONED_ACCOUNTS.");
  }
  if (!all_provisioned && !account_id) {
    throw AwsError::validation("TargetId is required when TargetType is AWS_ACCOUNT.");
  }
  std::lock_guard lock(mutex_);
  settle_locked();
  find_set_locked(arn);
  ProvisioningOperation op;
  op.request_id = ids_.uuid4();
  op.account_id = account_id;
  op.permission_set_arn = std::string(arn);
  op.created = clock_.now();
  provisionings_.emplace(op.request_id, op);
  pending_.push_back({Pending::Kind::kProvision, op.request_id, op.created + options_.async_delay});
  return op;
}

ProvisioningOperation SsoAdminService::provisioning_status(std::string_view request_id) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_request(provisionings_, request_id, "a permission set provisioning request");
}

SsoAdminService::AssignmentKey SsoAdminService::key_of(const AccountAssignment& a) {
  return {a.account_id, a.permission_set_arn, a.principal_type, a.principal_id};
}

bool SsoAdminService::has_pending_locked(const AssignmentKey& key) const {
  for (const auto& p : pending_) {
    if (p.kind == Pending::Kind::kProvision) continue;
    const auto& ops = p.kind == Pending::Kind::kCreate ? creations_ : deletions_;
    if (key_of(ops.at(p.request_id).assignment) == key) return true;
  }
  return false;
}

void SsoAdminService::check_assignment_change_locked(const AccountAssignment& a) {
  find_set_locked(a.permission_set_arn);
  if (has_pending_locked(key_of(a))) {
    throw AwsError::conflict("There is a conflicting operation in process.");
  }
}

AssignmentOperation SsoAdminService::start_assignment_change_locked(Pending::Kind kind,
                                                                    const AccountAssignment& a) {
  AssignmentOperation op;
  op.request_id = ids_.uuid4();
  op.assignment = a;
  op.created = clock_.now();
  (kind == Pending::Kind::kCreate ? creations_ : deletions_).emplace(op.request_id, op);
  pending_.push_back({kind, op.request_id, op.created + options_.async_delay});
  return op;
}

AssignmentOperation SsoAdminService::create_account_assignment(const AccountAssignment& a) {
  std::lock_guard lock(mutex_);
  settle_locked();
  check_assignment_change_locked(a);
  return start_assignment_change_locked(Pending::Kind::kCreate, a);
}

AssignmentOperation SsoAdminService::delete_account_assignment(const AccountAssignment& a) {
  std::lock_guard lock(mutex_);
  settle_locked();
  check_assignment_change_locked(a);
  if (!assignments_.contains(key_of(a))) {
    throw AwsError::not_found("The account assignment does not exist.");
  }
  return start_assignment_change_locked(Pending::Kind::kDelete, a);
}

AssignmentOperation SsoAdminService::creation_status(std::string_view request_id) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_request(creations_, request_id, "an account assignment creation request");
}

AssignmentOperation SsoAdminService::deletion_status(std::string_view request_id) {
  std::lock_guard lock(mutex_);
  settle_locked();
  return find_request(deletions_, request_id, "an account assignment deletion request");
}

std::vector<AccountAssignment> SsoAdminService::list_account_assignments(
    std::string_view account_id, std::string_view arn) {
  std::lock_guard lock(mutex_);
  settle_locked();
  find_set_locked(arn);
  std::vector<AccountAssignment> out;
  for (const auto& [key, created] : assignments_) {
    const auto& [account, ps, type, principal] = key;
    if (account == account_id && ps == arn) out.push_back({account, ps, type, principal});
  }
  return out;
}

std::vector<std::string> SsoAdminService::accounts_for_permission_set(std::string_view arn,
                                                                      ProvisioningFilter filter) {
  std::lock_guard lock(mutex_);
  settle_locked();
  const auto& ps = find_set_locked(arn);
  std::vector<std::string> out;
  for (const auto& [key, p] : provisioned_) {
    if (key.second != arn) continue;
    const bool latest = p.version == ps.version;
    if (filter == ProvisioningFilter::kLatest && !latest) continue;
    if (filter == ProvisioningFilter::kNotLatest && latest) continue;
    out.push_back(key.first);
  }
  return out;
}

std::vector<std::string> SsoAdminService::permission_sets_for_account(std::string_view account_id,
                                                                      ProvisioningFilter filter) {
  std::lock_guard lock(mutex_);
  settle_locked();
  std::vector<std::string> out;
  for (const auto& arn : set_order_) {
    const auto it = provisioned_.find({std::string(account_id), arn});
    if (it == provisioned_.end()) continue;
    const bool latest = it->second.version == sets_.at(arn).version;
    if (filter == ProvisioningFilter::kLatest && !latest) continue;
    if (filter == ProvisioningFilter::kNotLatest && latest) continue;
    out.push_back(arn);
  }
  return out;
}

std::vector<ReservedRole> SsoAdminService::roles() {
  std::lock_guard lock(mutex_);
  settle_locked();
  std::vector<ReservedRole> out;
  for (const auto& [key, p] : provisioned_) out.push_back(p.role);
  std::stable_sort(out.begin(), out.end(), [](const ReservedRole& a, const ReservedRole& b) {
    return std::tie(a.account_id, a.created) < std::tie(b.account_id, b.created);
  });
  return out;
}

std::vector<Entitlement> SsoAdminService::entitlements_for_user(std::string_view user_id) {
  const auto groups = directory_.groups_of_user(user_id);
  std::lock_guard lock(mutex_);
  settle_locked();
  std::set<AccountSetKey> pairs;
  for (const auto& [key, created] : assignments_) {
    const auto& [account, ps, type, principal] = key;
    const bool mine = (type == PrincipalType::kUser && principal == user_id) ||
                      (type == PrincipalType::kGroup &&
                       std::find(groups.begin(), groups.end(), principal) != groups.end());
    if (mine) pairs.insert({account, ps});
  }
  std::vector<Entitlement> out;
  for (const auto& [account, arn] : pairs) {
    const auto ps = sets_.find(arn);
    const auto prov = provisioned_.find({account, arn});
    if (ps == sets_.end() || prov == provisioned_.end()) continue;
    const Account* acc = org_.find_account(account);
    out.push_back({account, acc != nullptr ? acc->name : "", arn, ps->second.name,
                   ps->second.session_duration, prov->second.role.arn, prov->second.role.name});
  }
  return out;
}

void SsoAdminService::reset() {
  std::lock_guard lock(mutex_);
  sets_.clear();
  set_order_.clear();
  assignments_.clear();
  provisioned_.clear();
  creations_.clear();
  deletions_.clear();
  provisionings_.clear();
  pending_.clear();
}

void SsoAdminService::settle_locked() {
  const auto now = clock_.now();
  while (!pending_.empty() && pending_.front().due <= now) {
    const Pending p = pending_.front();
    pending_.pop_front();
    switch (p.kind) {
      case Pending::Kind::kCreate:
        apply_create(creations_.at(p.request_id));
        break;
      case Pending::Kind::kDelete:
        apply_delete(deletions_.at(p.request_id));
        break;
      case Pending::Kind::kProvision:
        apply_provision(provisionings_.at(p.request_id));
        break;
    }
  }
}

void SsoAdminService::provision_locked(const std::string& account_id, const PermissionSet& ps) {
  auto& p = provisioned_[{account_id, ps.arn}];
  if (p.role.name.empty()) {
    // Console region segment: us-east-1 instances have none (MASTERPOINT).
    const std::string region_part = org_.region == "us-east-1" ? "" : org_.region + "/";
    p.role.account_id = account_id;
    p.role.permission_set_arn = ps.arn;
    p.role.name = "AWSReservedSSO_" + ps.name + "_" + ids_.hex(16);
    p.role.path = "/aws-reserved/sso.amazonaws.com/" + region_part;
    p.role.arn = "arn:aws:iam::" + account_id + ":role" + p.role.path + p.role.name;
    p.role.created = clock_.now();
  }
  p.version = ps.version;
}

void SsoAdminService::apply_create(AssignmentOperation& op) {
  const auto& a = op.assignment;
  const auto ps = sets_.find(a.permission_set_arn);
  if (ps == sets_.end()) {
    op.status = OperationStatus::kFailed;
    op.failure_reason = "The permission set " + a.permission_set_arn + " no longer exists.";
    return;
  }
  if (org_.find_account(a.account_id) == nullptr) {
    op.status = OperationStatus::kFailed;
    op.failure_reason = "Account " + a.account_id + " is not a member of the organization.";
    return;
  }
  const bool exists = a.principal_type == PrincipalType::kUser
                          ? directory_.find_user(a.principal_id).has_value()
                          : directory_.find_group(a.principal_id).has_value();
  if (!exists) {
    op.status = OperationStatus::kFailed;
    op.failure_reason = principal_not_found(a.principal_type, a.principal_id);
    return;
  }
  assignments_.emplace(key_of(a), clock_.now());
  // An assignment provisions the set to the account (if it is not there yet).
  if (!provisioned_.contains({a.account_id, a.permission_set_arn})) {
    provision_locked(a.account_id, ps->second);
  }
  op.status = OperationStatus::kSucceeded;
}

void SsoAdminService::apply_delete(AssignmentOperation& op) {
  const auto& a = op.assignment;
  assignments_.erase(key_of(a));
  bool last = true;
  for (const auto& [key, created] : assignments_) {
    if (std::get<0>(key) == a.account_id && std::get<1>(key) == a.permission_set_arn) {
      last = false;
      break;
    }
  }
  // The role goes with the last assignment (UG-REFPS); a new one gets a new suffix.
  if (last) provisioned_.erase({a.account_id, a.permission_set_arn});
  op.status = OperationStatus::kSucceeded;
}

void SsoAdminService::apply_provision(ProvisioningOperation& op) {
  const auto ps = sets_.find(op.permission_set_arn);
  if (ps == sets_.end()) {
    op.status = OperationStatus::kFailed;
    op.failure_reason = "The permission set " + op.permission_set_arn + " no longer exists.";
    return;
  }
  if (op.account_id) {
    if (org_.find_account(*op.account_id) == nullptr) {
      op.status = OperationStatus::kFailed;
      op.failure_reason = "Account " + *op.account_id + " is not a member of the organization.";
      return;
    }
    provision_locked(*op.account_id, ps->second);
  } else {
    for (auto& [key, p] : provisioned_) {
      if (key.second == op.permission_set_arn) p.version = ps->second.version;
    }
  }
  op.status = OperationStatus::kSucceeded;
}

}  // namespace mock_scim::sso_admin
