#include "mock-idp/provisioning/directory_adapter.hpp"

#include <set>

namespace mock_idp::provisioning {

namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

SourceGroup to_source_group(const directory::Group& g, const std::set<std::string>& group_ids) {
  SourceGroup out;
  out.id = g.id;
  out.attributes = {{"displayName", g.display_name},
                    {"mailNickname", g.mail_nickname},
                    {"description", opt(g.description)},
                    {"securityEnabled", g.security_enabled},
                    {"mailEnabled", g.mail_enabled}};
  out.soft_deleted = g.deleted.has_value();
  for (const auto& m : g.members) {
    out.members.push_back({m, group_ids.count(m) ? MemberKind::kGroup : MemberKind::kUser});
  }
  return out;
}

}  // namespace

SourceUser to_source_user(const directory::User& u) {
  SourceUser out;
  out.id = u.id;
  out.account_enabled = u.account_enabled;
  out.soft_deleted = u.deleted.has_value();
  out.attributes = {
      {"userPrincipalName", u.user_principal_name},
      {"displayName", u.display_name},
      {"mailNickname", u.mail_nickname},
      {"givenName", opt(u.given_name)},
      {"surname", opt(u.surname)},
      {"mail", opt(u.mail)},
      {"jobTitle", opt(u.job_title)},
      {"department", opt(u.department)},
      {"employeeId", opt(u.employee_id)},
      {"mobile", opt(u.mobile_phone)},
      {"mobilePhone", opt(u.mobile_phone)},
      {"physicalDeliveryOfficeName", opt(u.office_location)},
      {"officeLocation", opt(u.office_location)},
      {"preferredLanguage", opt(u.preferred_language)},
      {"telephoneNumber",
       u.business_phones.empty() ? json(nullptr) : json(u.business_phones.front())},
      {"userType", u.user_type},
  };
  return out;
}

std::shared_ptr<const directory::Snapshot> DirectoryAdapter::snapshot() const {
  std::lock_guard lock(mutex_);
  if (!cached_ || cached_->seq != directory_.sequence()) {
    cached_ = std::make_shared<const directory::Snapshot>(directory_.snapshot());
  }
  return cached_;
}

std::vector<SourceUser> DirectoryAdapter::users() const {
  auto snap = snapshot();
  std::vector<SourceUser> out;
  out.reserve(snap->users.size());
  for (const auto& u : snap->users) out.push_back(to_source_user(u));
  return out;
}

std::vector<SourceGroup> DirectoryAdapter::groups() const {
  auto snap = snapshot();
  std::set<std::string> ids;
  for (const auto& g : snap->groups) ids.insert(g.id);
  std::vector<SourceGroup> out;
  out.reserve(snap->groups.size());
  for (const auto& g : snap->groups) out.push_back(to_source_group(g, ids));
  return out;
}

std::optional<SourceUser> DirectoryAdapter::user(const std::string& id) const {
  auto snap = snapshot();
  for (const auto& u : snap->users) {
    if (u.id == id) return to_source_user(u);
  }
  return std::nullopt;
}

std::optional<SourceGroup> DirectoryAdapter::group(const std::string& id) const {
  auto snap = snapshot();
  std::set<std::string> ids;
  for (const auto& g : snap->groups) ids.insert(g.id);
  for (const auto& g : snap->groups) {
    if (g.id == id) return to_source_group(g, ids);
  }
  return std::nullopt;
}

std::vector<SourceAssignment> DirectoryAdapter::assignments(
    const std::string& service_principal_id) const {
  auto snap = snapshot();
  std::vector<SourceAssignment> out;
  for (const auto& a : snap->assignments) {
    if (a.resource_id != service_principal_id) continue;
    out.push_back({a.principal_id, a.principal_kind == directory::ObjectKind::kGroup
                                       ? MemberKind::kGroup
                                       : MemberKind::kUser});
  }
  return out;
}

std::optional<std::string> DirectoryAdapter::service_principal_name(const std::string& id) const {
  auto sp = directory_.find_service_principal(id);
  if (!sp) return std::nullopt;
  return sp->display_name;
}

}  // namespace mock_idp::provisioning
