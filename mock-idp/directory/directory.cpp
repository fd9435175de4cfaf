#include "mock-idp/directory/directory.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/util/ascii.hpp"

namespace mock_idp::directory {
namespace {

constexpr std::size_t kMaxUpnLength = 113;  // Azure: 64 before '@', 48 after
constexpr std::size_t kMaxDisplayName = 256;

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

void erase_value(std::vector<std::string>& values, const std::string& value) {
  values.erase(std::remove(values.begin(), values.end(), value), values.end());
}

template <typename T>
using ObjectMap = std::unordered_map<std::string, T>;

// Copies of the objects for which `keep` holds, in creation order.
template <typename T, typename Keep>
std::vector<T> collect(const ObjectMap<T>& objects, const std::vector<std::string>& order,
                       const Keep& keep) {
  std::vector<T> out;
  for (const auto& id : order) {
    const T& object = objects.at(id);
    if (keep(object)) out.push_back(object);
  }
  return out;
}

// The object `id` when it sits in deleted items (retention not considered), else null.
template <typename T>
T* deleted_ptr(ObjectMap<T>& objects, const std::string& id) {
  const auto it = objects.find(id);
  return it != objects.end() && it->second.deleted ? &it->second : nullptr;
}

template <typename T>
const T* deleted_ptr(const ObjectMap<T>& objects, const std::string& id) {
  const auto it = objects.find(id);
  return it != objects.end() && it->second.deleted ? &it->second : nullptr;
}

// The sorted ids of the objects for which `pick` holds.
template <typename T, typename Pick>
std::vector<std::string> sorted_ids(const ObjectMap<T>& objects, const Pick& pick) {
  std::vector<std::string> ids;
  for (const auto& [id, object] : objects) {
    if (pick(object)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Fills `objects` and `order` (both empty) from `source`; returns how many sit in deleted items.
template <typename T>
std::size_t load(const std::vector<T>& source, ObjectMap<T>& objects,
                 std::vector<std::string>& order) {
  std::size_t deleted = 0;
  for (const T& object : source) {
    order.push_back(object.id);
    if (object.deleted) ++deleted;
    objects.emplace(object.id, object);
  }
  return deleted;
}

template <typename T>
std::optional<T> copy_of(const T* object) {
  if (!object) return std::nullopt;
  return *object;
}

template <typename T>
T found_or_throw(std::optional<T> object, const std::string& key) {
  if (!object) throw GraphError::not_found(key);
  return std::move(*object);
}

void validate_group_display_name(const Group& group) {
  if (group.display_name.empty() || group.display_name.size() > kMaxDisplayName) {
    throw GraphError::bad_request(
        "Invalid value specified for property 'displayName' of resource 'Group'.");
  }
}

}  // namespace

std::string to_lower(std::string text) { return core::util::to_lower_ascii(text); }

std::vector<ApplicationTemplate> application_templates() {
  ApplicationTemplate aws;
  aws.id = kAwsTemplateId;
  aws.display_name = "AWS IAM Identity Center (successor to AWS Single Sign-On)";
  aws.publisher = "Amazon Web Services, Inc.";
  aws.description =
      "AWS IAM Identity Center makes it easy to centrally manage access to multiple AWS accounts "
      "and business applications.";
  aws.home_page_url = "https://aws.amazon.com/single-sign-on/";
  aws.supported_single_sign_on_modes = {"saml", "external"};
  aws.supported_provisioning_types = {"sync"};
  aws.categories = {"developerServices", "itInfrastructure", "security"};
  return {aws};
}

Directory::Directory(Tenant tenant, const core::util::Clock& clock, core::util::IdGenerator& ids,
                     DirectoryOptions options)
    : tenant_(std::move(tenant)), clock_(clock), ids_(ids), options_(options) {}

void Directory::clear() {
  std::lock_guard lock(mutex_);
  clear_locked();
}

void Directory::clear_locked() {
  users_.clear();
  user_order_.clear();
  upn_index_.clear();
  groups_.clear();
  group_order_.clear();
  applications_.clear();
  service_principals_.clear();
  assignments_.clear();
  deleted_count_ = 0;
  changes_.clear();
}

bool Directory::expired(const std::optional<TimePoint>& deleted) const {
  return deleted && clock_.now() - *deleted >= options_.deleted_item_retention;
}

User* Directory::user_ptr(const std::string& id_or_upn, bool include_deleted) {
  return const_cast<User*>(std::as_const(*this).user_ptr(id_or_upn, include_deleted));
}

const User* Directory::user_ptr(const std::string& id_or_upn, bool include_deleted) const {
  auto it = users_.find(id_or_upn);
  if (it == users_.end()) {
    const auto by_upn = upn_index_.find(to_lower(id_or_upn));
    if (by_upn == upn_index_.end()) return nullptr;
    it = users_.find(by_upn->second);
    if (it == users_.end()) return nullptr;
  }
  if (it->second.deleted && (!include_deleted || expired(it->second.deleted))) return nullptr;
  return &it->second;
}

Group* Directory::group_ptr(const std::string& id, bool include_deleted) {
  return const_cast<Group*>(std::as_const(*this).group_ptr(id, include_deleted));
}

const Group* Directory::group_ptr(const std::string& id, bool include_deleted) const {
  const auto it = groups_.find(id);
  if (it == groups_.end()) return nullptr;
  if (it->second.deleted && (!include_deleted || expired(it->second.deleted))) return nullptr;
  return &it->second;
}

Application* Directory::app_ptr(const std::string& id_or_app_id) {
  return const_cast<Application*>(std::as_const(*this).app_ptr(id_or_app_id));
}

const Application* Directory::app_ptr(const std::string& id_or_app_id) const {
  for (const auto& app : applications_) {
    if (app.id == id_or_app_id || app.app_id == id_or_app_id) return &app;
  }
  return nullptr;
}

ServicePrincipal* Directory::sp_ptr(const std::string& id_or_app_id) {
  return const_cast<ServicePrincipal*>(std::as_const(*this).sp_ptr(id_or_app_id));
}

const ServicePrincipal* Directory::sp_ptr(const std::string& id_or_app_id) const {
  for (const auto& sp : service_principals_) {
    if (sp.id == id_or_app_id || sp.app_id == id_or_app_id) return &sp;
  }
  return nullptr;
}

void Directory::record(const std::string& kind, const std::string& op, const std::string& id,
                       const std::string& related_id) {
  Change change;
  change.seq = ++seq_;
  change.at = clock_.now();
  change.kind = kind;
  change.op = op;
  change.id = id;
  change.related_id = related_id;
  changes_.push_back(std::move(change));
}

void Directory::claim_id(std::string& id) {
  if (id.empty()) id = ids_.uuid4();
  if (users_.count(id) || groups_.count(id)) {
    throw GraphError::bad_request(
        "Another object with the same value for property id already "
        "exists.");
  }
}

template <typename T>
T Directory::store_created(T object, ObjectMap<T>& objects, std::vector<std::string>& order,
                           const char* kind) {
  object.created = clock_.now();
  object.deleted.reset();
  order.push_back(object.id);
  const std::string id = object.id;
  objects.emplace(id, object);
  record(kind, "created", id);
  return object;
}

template <typename T, typename Accept>
T Directory::apply_edit(T& current, const std::function<void(T&)>& edit, const char* kind,
                        const Accept& accept) {
  T copy = current;
  edit(copy);
  copy.id = current.id;
  copy.created = current.created;
  copy.deleted.reset();
  accept(current, copy);
  current = copy;
  record(kind, "updated", copy.id);
  return copy;
}

template <typename T>
void Directory::soft_delete(T& object, const char* kind) {
  object.deleted = clock_.now();
  ++deleted_count_;
  record(kind, "softDeleted", object.id);
}

template <typename T>
void Directory::undelete(T& object, const char* kind) {
  object.deleted.reset();
  --deleted_count_;
  record(kind, "restored", object.id);
}

template <typename T>
void Directory::hard_delete(ObjectMap<T>& objects, std::vector<std::string>& order,
                            const std::string& id, const char* kind) {
  const auto it = objects.find(id);
  if (it == objects.end()) return;
  if (it->second.deleted) --deleted_count_;
  drop_references(id);
  objects.erase(it);
  erase_value(order, id);
  record(kind, "deleted", id);
}

void Directory::validate_user(const User& user, const std::string& self_id) const {
  const std::string& upn = user.user_principal_name;
  const auto at = upn.find('@');
  if (upn.empty() || upn.size() > kMaxUpnLength || at == std::string::npos || at == 0 ||
      upn.find('@', at + 1) != std::string::npos || upn.find(' ') != std::string::npos) {
    throw GraphError::bad_request(
        "Invalid value specified for property 'userPrincipalName' of resource 'User'.");
  }
  const std::string domain = to_lower(upn.substr(at + 1));
  bool verified = false;
  for (const auto& d : tenant_.domains) verified = verified || to_lower(d) == domain;
  if (!verified) {
    throw GraphError::bad_request(
        "The domain portion of the userPrincipalName property is invalid. You must use one of "
        "the verified domain names in your organization.");
  }
  if (user.display_name.empty() || user.display_name.size() > kMaxDisplayName) {
    throw GraphError::bad_request(
        "Invalid value specified for property 'displayName' of resource 'User'.");
  }
  const auto clash = upn_index_.find(to_lower(upn));
  if (clash != upn_index_.end() && clash->second != self_id) {
    throw GraphError::bad_request(
        "Another object with the same value for property userPrincipalName already exists.");
  }
}

User Directory::create_user(User user) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  claim_id(user.id);
  if (user.mail_nickname.empty()) {
    user.mail_nickname = user.user_principal_name.substr(0, user.user_principal_name.find('@'));
  }
  validate_user(user, user.id);
  upn_index_[to_lower(user.user_principal_name)] = user.id;
  return store_created(std::move(user), users_, user_order_, "user");
}

std::optional<User> Directory::find_user(const std::string& id_or_upn) const {
  std::lock_guard lock(mutex_);
  return copy_of(user_ptr(id_or_upn, false));
}

User Directory::get_user(const std::string& id_or_upn) const {
  return found_or_throw(find_user(id_or_upn), id_or_upn);
}

std::vector<User> Directory::list_users() const {
  std::lock_guard lock(mutex_);
  return collect(users_, user_order_, [](const User& u) { return !u.deleted; });
}

User Directory::update_user(const std::string& id_or_upn, const std::function<void(User&)>& edit) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  User* current = user_ptr(id_or_upn, false);
  if (!current) throw GraphError::not_found(id_or_upn);
  return apply_edit(*current, edit, "user", [this](const User& before, const User& after) {
    validate_user(after, after.id);
    upn_index_.erase(to_lower(before.user_principal_name));
    upn_index_[to_lower(after.user_principal_name)] = after.id;
  });
}

void Directory::delete_user(const std::string& id_or_upn) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  User* user = user_ptr(id_or_upn, false);
  if (!user) throw GraphError::not_found(id_or_upn);
  // A deleted user keeps its UPN reserved until purged; memberships come back on restore.
  soft_delete(*user, "user");
}

Group Directory::create_group(Group group) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  claim_id(group.id);
  validate_group_display_name(group);
  if (group.mail_nickname.empty()) {
    throw GraphError::bad_request(
        "Invalid value specified for property 'mailNickname' of resource 'Group'.");
  }
  group.members.clear();
  return store_created(std::move(group), groups_, group_order_, "group");
}

std::optional<Group> Directory::find_group(const std::string& id) const {
  std::lock_guard lock(mutex_);
  return copy_of(group_ptr(id, false));
}

Group Directory::get_group(const std::string& id) const {
  return found_or_throw(find_group(id), id);
}

std::vector<Group> Directory::list_groups() const {
  std::lock_guard lock(mutex_);
  return collect(groups_, group_order_, [](const Group& g) { return !g.deleted; });
}

Group Directory::update_group(const std::string& id, const std::function<void(Group&)>& edit) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  Group* current = group_ptr(id, false);
  if (!current) throw GraphError::not_found(id);
  // Members change only through add_member and remove_member.
  return apply_edit(*current, edit, "group", [](const Group& before, Group& after) {
    after.members = before.members;
    validate_group_display_name(after);
  });
}

void Directory::delete_group(const std::string& id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  Group* group = group_ptr(id, false);
  if (!group) throw GraphError::not_found(id);
  const bool unified = contains(group->group_types, "Unified");
  if (unified || options_.soft_delete_security_groups) {
    soft_delete(*group, "group");
  } else {
    const std::string gid = group->id;
    hard_delete_group(gid);
  }
}

void Directory::add_member(const std::string& group_id, const std::string& member_id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  Group* group = group_ptr(group_id, false);
  if (!group) throw GraphError::not_found(group_id);
  const bool is_user = user_ptr(member_id, false) != nullptr;
  const bool is_group = !is_user && group_ptr(member_id, false) != nullptr;
  if (!is_user && !is_group) throw GraphError::not_found(member_id);
  const std::string id = is_user ? user_ptr(member_id, false)->id : member_id;
  if (id == group->id) {
    throw GraphError::bad_request("A group cannot be a member of itself.");
  }
  if (contains(group->members, id)) {
    throw GraphError::bad_request(
        "One or more added object references already exist for the following modified "
        "properties: 'members'.");
  }
  group->members.push_back(id);
  record("member", "added", group->id, id);
}

void Directory::remove_member(const std::string& group_id, const std::string& member_id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  Group* group = group_ptr(group_id, false);
  if (!group) throw GraphError::not_found(group_id);
  std::string id = member_id;
  if (const User* u = user_ptr(member_id, false)) id = u->id;
  if (!contains(group->members, id)) throw GraphError::not_found(member_id);
  erase_value(group->members, id);
  record("member", "removed", group->id, id);
}

std::vector<Member> Directory::members(const std::string& group_id) const {
  std::lock_guard lock(mutex_);
  const Group* group = group_ptr(group_id, false);
  if (!group) throw GraphError::not_found(group_id);
  std::vector<Member> out;
  for (const auto& id : group->members) {
    if (user_ptr(id, false)) {
      out.push_back({id, ObjectKind::kUser});
    } else if (group_ptr(id, false)) {
      out.push_back({id, ObjectKind::kGroup});
    }
  }
  return out;
}

std::vector<Member> Directory::transitive_members(const std::string& group_id) const {
  std::lock_guard lock(mutex_);
  const Group* root = group_ptr(group_id, false);
  if (!root) throw GraphError::not_found(group_id);
  std::vector<Member> out;
  std::set<std::string> seen{root->id};
  std::vector<const Group*> queue{root};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    for (const auto& id : queue[i]->members) {
      if (!seen.insert(id).second) continue;
      if (user_ptr(id, false)) {
        out.push_back({id, ObjectKind::kUser});
      } else if (const Group* g = group_ptr(id, false)) {
        out.push_back({id, ObjectKind::kGroup});
        queue.push_back(g);
      }
    }
  }
  return out;
}

std::string Directory::active_object_id(const std::string& id_or_upn) const {
  if (const User* u = user_ptr(id_or_upn, false)) return u->id;
  if (!group_ptr(id_or_upn, false)) throw GraphError::not_found(id_or_upn);
  return id_or_upn;
}

std::vector<Group> Directory::member_of(const std::string& object_id) const {
  std::lock_guard lock(mutex_);
  const std::string id = active_object_id(object_id);
  return collect(groups_, group_order_,
                 [&](const Group& g) { return !g.deleted && contains(g.members, id); });
}

std::optional<ObjectKind> Directory::kind_of(const std::string& id) const {
  std::lock_guard lock(mutex_);
  if (user_ptr(id, false)) return ObjectKind::kUser;
  if (group_ptr(id, false)) return ObjectKind::kGroup;
  return std::nullopt;
}

std::vector<User> Directory::deleted_users() const {
  std::lock_guard lock(mutex_);
  return collect(users_, user_order_,
                 [this](const User& u) { return u.deleted && !expired(u.deleted); });
}

std::vector<Group> Directory::deleted_groups() const {
  std::lock_guard lock(mutex_);
  return collect(groups_, group_order_,
                 [this](const Group& g) { return g.deleted && !expired(g.deleted); });
}

std::optional<ObjectKind> Directory::deleted_kind(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const User* u = deleted_ptr(users_, id);
  if (u && !expired(u->deleted)) return ObjectKind::kUser;
  const Group* g = deleted_ptr(groups_, id);
  if (g && !expired(g->deleted)) return ObjectKind::kGroup;
  return std::nullopt;
}

ObjectKind Directory::restore(const std::string& id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  if (User* u = deleted_ptr(users_, id)) {
    undelete(*u, "user");
    return ObjectKind::kUser;
  }
  if (Group* g = deleted_ptr(groups_, id)) {
    undelete(*g, "group");
    return ObjectKind::kGroup;
  }
  throw GraphError::not_found(id);
}

void Directory::purge(const std::string& id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  if (deleted_ptr(users_, id)) {
    hard_delete_user(id);
  } else if (deleted_ptr(groups_, id)) {
    hard_delete_group(id);
  } else {
    throw GraphError::not_found(id);
  }
}

void Directory::purge_expired() {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
}

void Directory::purge_expired_locked() {
  if (deleted_count_ == 0) return;
  const auto is_expired = [this](const auto& object) { return expired(object.deleted); };
  const std::vector<std::string> users = sorted_ids(users_, is_expired);
  const std::vector<std::string> groups = sorted_ids(groups_, is_expired);
  for (const auto& id : users) hard_delete_user(id);
  for (const auto& id : groups) hard_delete_group(id);
}

void Directory::drop_references(const std::string& id) {
  for (auto& [gid, g] : groups_) {
    if (contains(g.members, id)) {
      erase_value(g.members, id);
      record("member", "removed", gid, id);
    }
  }
  for (auto it = assignments_.begin(); it != assignments_.end();) {
    if (it->principal_id == id) {
      record("appRoleAssignment", "deleted", it->id, id);
      it = assignments_.erase(it);
    } else {
      ++it;
    }
  }
}

void Directory::hard_delete_user(const std::string& id) {
  const auto it = users_.find(id);
  if (it == users_.end()) return;
  const auto idx = upn_index_.find(to_lower(it->second.user_principal_name));
  if (idx != upn_index_.end() && idx->second == id) upn_index_.erase(idx);
  hard_delete(users_, user_order_, id, "user");
}

void Directory::hard_delete_group(const std::string& id) {
  hard_delete(groups_, group_order_, id, "group");
}

std::pair<Application, ServicePrincipal> Directory::instantiate(const std::string& template_id,
                                                                const std::string& display_name,
                                                                const std::string& app_id) {
  std::lock_guard lock(mutex_);
  const auto templates = application_templates();
  const auto tpl = std::find_if(templates.begin(), templates.end(),
                                [&](const ApplicationTemplate& t) { return t.id == template_id; });
  if (tpl == templates.end()) throw GraphError::not_found(template_id);
  if (display_name.empty() || display_name.size() > kMaxDisplayName) {
    throw GraphError::bad_request(
        "Invalid value specified for property 'displayName' of resource 'Application'.");
  }
  Application app;
  app.id = ids_.uuid4();
  app.app_id = app_id.empty() ? ids_.uuid4() : app_id;
  if (app_ptr(app.app_id)) {
    throw GraphError::bad_request(
        "Another object with the same value for property appId already "
        "exists.");
  }
  app.display_name = display_name;
  app.created = clock_.now();
  ServicePrincipal sp;
  sp.id = ids_.uuid4();
  sp.app_id = app.app_id;
  sp.display_name = display_name;
  sp.application_template_id = tpl->id;
  sp.app_role_assignment_required = true;
  sp.created = app.created;
  AppRole user_role;
  user_role.id = kUserRoleId;
  user_role.display_name = "User";
  user_role.description = "User";
  AppRole msiam;
  msiam.id = kMsiamAccessRoleId;
  msiam.display_name = "msiam_access";
  msiam.description = "msiam_access";
  sp.app_roles = {user_role, msiam};
  sp.saml.claims = {
      {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "user.givenname"},
      {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "user.surname"},
      {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "user.mail"},
      {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "user.userprincipalname"},
  };
  applications_.push_back(app);
  service_principals_.push_back(sp);
  record("servicePrincipal", "created", sp.id);
  return {app, sp};
}

std::vector<Application> Directory::list_applications() const {
  std::lock_guard lock(mutex_);
  return applications_;
}

Application Directory::get_application(const std::string& id_or_app_id) const {
  std::lock_guard lock(mutex_);
  const Application* app = app_ptr(id_or_app_id);
  if (!app) throw GraphError::not_found(id_or_app_id);
  return *app;
}

Application Directory::update_application(const std::string& id_or_app_id,
                                          const std::function<void(Application&)>& edit) {
  std::lock_guard lock(mutex_);
  Application* app = app_ptr(id_or_app_id);
  if (!app) throw GraphError::not_found(id_or_app_id);
  Application copy = *app;
  edit(copy);
  copy.id = app->id;
  copy.app_id = app->app_id;
  copy.created = app->created;
  // Azure: an identifier URI belongs to one application in the tenant.
  for (const auto& other : applications_) {
    if (other.id == copy.id) continue;
    for (const auto& uri : copy.identifier_uris) {
      if (contains(other.identifier_uris, uri)) {
        throw GraphError::bad_request(
            "Another object with the same value for property identifierUris already exists.");
      }
    }
  }
  *app = copy;
  if (ServicePrincipal* sp = sp_ptr(copy.app_id)) record("servicePrincipal", "updated", sp->id);
  return copy;
}

std::vector<ServicePrincipal> Directory::list_service_principals() const {
  std::lock_guard lock(mutex_);
  return service_principals_;
}

ServicePrincipal Directory::get_service_principal(const std::string& id_or_app_id) const {
  return found_or_throw(find_service_principal(id_or_app_id), id_or_app_id);
}

std::optional<ServicePrincipal> Directory::find_service_principal(
    const std::string& id_or_app_id) const {
  std::lock_guard lock(mutex_);
  return copy_of(sp_ptr(id_or_app_id));
}

ServicePrincipal Directory::update_service_principal(
    const std::string& id_or_app_id, const std::function<void(ServicePrincipal&)>& edit) {
  std::lock_guard lock(mutex_);
  ServicePrincipal* sp = sp_ptr(id_or_app_id);
  if (!sp) throw GraphError::not_found(id_or_app_id);
  ServicePrincipal copy = *sp;
  edit(copy);
  copy.id = sp->id;
  copy.app_id = sp->app_id;
  copy.created = sp->created;
  copy.app_roles = sp->app_roles;
  if (copy.notification_email_addresses.size() > 5) {
    throw GraphError::bad_request("At most 5 notification email addresses are allowed.");
  }
  *sp = copy;
  record("servicePrincipal", "updated", copy.id);
  return copy;
}

std::optional<Application> Directory::find_application_by_identifier(
    const std::string& identifier) const {
  std::lock_guard lock(mutex_);
  for (const auto& app : applications_) {
    if (contains(app.identifier_uris, identifier)) return app;
  }
  return std::nullopt;
}

void Directory::delete_application(const std::string& id_or_app_id) {
  std::lock_guard lock(mutex_);
  const Application* app = app_ptr(id_or_app_id);
  if (!app) throw GraphError::not_found(id_or_app_id);
  const std::string app_id = app->app_id;
  const ServicePrincipal* sp = sp_ptr(app_id);
  if (sp) {
    const std::string sp_id = sp->id;
    for (auto it = assignments_.begin(); it != assignments_.end();) {
      if (it->resource_id == sp_id) {
        record("appRoleAssignment", "deleted", it->id, it->principal_id);
        it = assignments_.erase(it);
      } else {
        ++it;
      }
    }
    service_principals_.erase(
        std::remove_if(service_principals_.begin(), service_principals_.end(),
                       [&](const ServicePrincipal& s) { return s.id == sp_id; }),
        service_principals_.end());
    record("servicePrincipal", "deleted", sp_id);
  }
  applications_.erase(std::remove_if(applications_.begin(), applications_.end(),
                                     [&](const Application& a) { return a.app_id == app_id; }),
                      applications_.end());
}

AppRoleAssignment Directory::assign(const std::string& service_principal_id,
                                    const std::string& principal_id,
                                    const std::string& app_role_id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  const ServicePrincipal* sp = sp_ptr(service_principal_id);
  if (!sp) throw GraphError::not_found(service_principal_id);
  AppRoleAssignment a;
  if (const User* u = user_ptr(principal_id, false)) {
    a.principal_id = u->id;
    a.principal_kind = ObjectKind::kUser;
  } else if (const Group* g = group_ptr(principal_id, false)) {
    a.principal_id = g->id;
    a.principal_kind = ObjectKind::kGroup;
  } else {
    throw GraphError::not_found(principal_id);
  }
  const bool known_role =
      app_role_id == kDefaultAccessRoleId ||
      std::any_of(sp->app_roles.begin(), sp->app_roles.end(),
                  [&](const AppRole& r) { return r.id == app_role_id && r.is_enabled; });
  if (!known_role) {
    throw GraphError::bad_request("Permission being assigned was not found on application '" +
                                  sp->app_id + "'.");
  }
  for (const auto& existing : assignments_) {
    if (existing.resource_id == sp->id && existing.principal_id == a.principal_id &&
        existing.app_role_id == app_role_id) {
      throw GraphError::bad_request("Permission being assigned already exists on the object.");
    }
  }
  a.id = ids_.secret(32).substr(0, 43);
  a.app_role_id = app_role_id;
  a.resource_id = sp->id;
  a.created = clock_.now();
  assignments_.push_back(a);
  record("appRoleAssignment", "created", a.id, a.principal_id);
  return a;
}

void Directory::unassign(const std::string& service_principal_id,
                         const std::string& assignment_id) {
  std::lock_guard lock(mutex_);
  purge_expired_locked();
  const ServicePrincipal* sp = sp_ptr(service_principal_id);
  if (!sp) throw GraphError::not_found(service_principal_id);
  const auto it = std::find_if(
      assignments_.begin(), assignments_.end(),
      [&](const AppRoleAssignment& a) { return a.id == assignment_id && a.resource_id == sp->id; });
  if (it == assignments_.end()) throw GraphError::not_found(assignment_id);
  record("appRoleAssignment", "deleted", it->id, it->principal_id);
  assignments_.erase(it);
}

std::vector<AppRoleAssignment> Directory::assignments_to(
    const std::string& service_principal_id) const {
  std::lock_guard lock(mutex_);
  const ServicePrincipal* sp = sp_ptr(service_principal_id);
  if (!sp) throw GraphError::not_found(service_principal_id);
  std::vector<AppRoleAssignment> out;
  for (const auto& a : assignments_) {
    if (a.resource_id != sp->id) continue;
    const bool live = a.principal_kind == ObjectKind::kUser
                          ? user_ptr(a.principal_id, false) != nullptr
                          : group_ptr(a.principal_id, false) != nullptr;
    if (live) out.push_back(a);
  }
  return out;
}

std::vector<AppRoleAssignment> Directory::assignments_of(const std::string& principal_id) const {
  std::lock_guard lock(mutex_);
  const std::string id = active_object_id(principal_id);
  std::vector<AppRoleAssignment> out;
  for (const auto& a : assignments_) {
    if (a.principal_id == id) out.push_back(a);
  }
  return out;
}

bool Directory::is_assigned(const std::string& service_principal_id,
                            const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  const ServicePrincipal* sp = sp_ptr(service_principal_id);
  const User* user = user_ptr(user_id, false);
  if (!sp || !user) return false;
  for (const auto& a : assignments_) {
    if (a.resource_id != sp->id) continue;
    if (a.principal_id == user->id) return true;
    if (a.principal_kind == ObjectKind::kGroup) {
      const Group* g = group_ptr(a.principal_id, false);
      if (g && contains(g->members, user->id)) return true;
    }
  }
  return false;
}

std::uint64_t Directory::sequence() const {
  std::lock_guard lock(mutex_);
  return seq_;
}

std::vector<Change> Directory::changes_since(std::uint64_t seq, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<Change> out;
  auto it = std::upper_bound(changes_.begin(), changes_.end(), seq,
                             [](std::uint64_t s, const Change& c) { return s < c.seq; });
  for (; it != changes_.end() && out.size() < limit; ++it) out.push_back(*it);
  return out;
}

Snapshot Directory::snapshot() const {
  std::lock_guard lock(mutex_);
  const auto kept = [this](const auto& object) { return !expired(object.deleted); };
  Snapshot s;
  s.seq = seq_;
  s.users = collect(users_, user_order_, kept);
  s.groups = collect(groups_, group_order_, kept);
  s.applications = applications_;
  s.service_principals = service_principals_;
  s.assignments = assignments_;
  return s;
}

void Directory::restore(const Snapshot& snapshot) {
  std::lock_guard lock(mutex_);
  clear_locked();
  for (const auto& u : snapshot.users) upn_index_[to_lower(u.user_principal_name)] = u.id;
  deleted_count_ =
      load(snapshot.users, users_, user_order_) + load(snapshot.groups, groups_, group_order_);
  applications_ = snapshot.applications;
  service_principals_ = snapshot.service_principals;
  assignments_ = snapshot.assignments;
}

}  // namespace mock_idp::directory
