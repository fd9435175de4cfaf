#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-idp/directory/graph_error.hpp"
#include "mock-idp/directory/model.hpp"

namespace mock_idp::directory {

// The tenant: a GUID and its verified domains (the first is the initial *.onmicrosoft.com).
struct Tenant {
  std::string id;
  std::string display_name = "Contoso";
  std::vector<std::string> domains{"contoso.onmicrosoft.com"};
};

// Behaviour switches where Azure's documented behaviour may not be what a test wants.
struct DirectoryOptions {
  // Azure restores only Microsoft 365 ("Unified") groups; deleted security groups are gone
  // for good. true keeps security groups in deleted items too.
  bool soft_delete_security_groups = false;
  // Deleted items are purged this long after deletion (Azure: 30 days), by the virtual clock.
  core::util::Millis deleted_item_retention = std::chrono::hours(24 * 30);
};

// The gallery template this lab offers (Azure's "AWS IAM Identity Center" gallery entry).
struct ApplicationTemplate {
  std::string id;
  std::string display_name;
  std::string publisher;
  std::string description;
  std::string home_page_url;
  std::vector<std::string> supported_single_sign_on_modes;
  std::vector<std::string> supported_provisioning_types;
  std::vector<std::string> categories;
};
// The id under which the lab lists the template (also found with $filter on displayName).
inline constexpr const char* kAwsTemplateId = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
inline constexpr const char* kUserRoleId = "8774f594-1d59-4279-b9d9-59ef09a23530";
inline constexpr const char* kMsiamAccessRoleId = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
// Graph's "default access" role id, accepted for apps assigned without a specific role.
inline constexpr const char* kDefaultAccessRoleId = "00000000-0000-0000-0000-000000000000";
std::vector<ApplicationTemplate> application_templates();

// A copy of the whole directory at one change sequence, for readers that need a consistent
// view (provisioning cycles). Deleted users and groups are included with `deleted` set.
struct Snapshot {
  std::uint64_t seq = 0;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<Application> applications;
  std::vector<ServicePrincipal> service_principals;
  std::vector<AppRoleAssignment> assignments;
};

// The tenant's directory: users, groups, memberships, applications, servicePrincipals and
// app role assignments, with Azure's rules (unique UPN on verified domains, soft delete,
// restore, purge after retention, nesting). Thread-safe: every public method locks; reads
// return copies. Failures throw GraphError and change nothing.
class Directory {
 public:
  Directory(Tenant tenant, const core::util::Clock& clock, core::util::IdGenerator& ids,
            DirectoryOptions options = {});

  const Tenant& tenant() const { return tenant_; }
  const DirectoryOptions& options() const { return options_; }
  // Empties the directory (the change sequence keeps counting).
  void clear();

  // Users. `id_or_upn` accepts the object id or the userPrincipalName (case-insensitive).
  // create_user assigns id and createdDateTime when empty.
  User create_user(User user);
  std::optional<User> find_user(const std::string& id_or_upn) const;  // active users only
  User get_user(const std::string& id_or_upn) const;                  // throws not_found
  std::vector<User> list_users() const;
  // Applies `edit` to a copy, validates, then stores it (id and created are kept).
  User update_user(const std::string& id_or_upn, const std::function<void(User&)>& edit);
  void delete_user(const std::string& id_or_upn);  // soft delete to deleted items

  // Groups.
  Group create_group(Group group);
  std::optional<Group> find_group(const std::string& id) const;
  Group get_group(const std::string& id) const;
  std::vector<Group> list_groups() const;
  Group update_group(const std::string& id, const std::function<void(Group&)>& edit);
  void delete_group(const std::string& id);  // soft for Unified groups (see options)

  // Membership: users and groups may be members of groups (nesting); a group never contains
  // itself. Members that sit in deleted items are not listed.
  void add_member(const std::string& group_id, const std::string& member_id);
  void remove_member(const std::string& group_id, const std::string& member_id);
  std::vector<Member> members(const std::string& group_id) const;
  // Every user and group reachable through nested membership, each once, cycles cut.
  std::vector<Member> transitive_members(const std::string& group_id) const;
  std::vector<Group> member_of(const std::string& object_id) const;  // direct groups
  std::optional<ObjectKind> kind_of(const std::string& id) const;    // active objects only

  // Deleted items (/directory/deletedItems).
  std::vector<User> deleted_users() const;
  std::vector<Group> deleted_groups() const;
  std::optional<ObjectKind> deleted_kind(const std::string& id) const;
  ObjectKind restore(const std::string& id);  // throws not_found, or 400 on a UPN clash
  void purge(const std::string& id);          // hard delete

  // Applications from the gallery template: creates the application, its servicePrincipal
  // (assignment required, SSO mode unset) and returns both ids.
  // `app_id` fixes the application (client) id (fixtures); empty generates one.
  std::pair<Application, ServicePrincipal> instantiate(const std::string& template_id,
                                                       const std::string& display_name,
                                                       const std::string& app_id = "");
  std::vector<Application> list_applications() const;
  Application get_application(const std::string& id_or_app_id) const;
  Application update_application(const std::string& id_or_app_id,
                                 const std::function<void(Application&)>& edit);
  std::vector<ServicePrincipal> list_service_principals() const;
  ServicePrincipal get_service_principal(const std::string& id_or_app_id) const;
  std::optional<ServicePrincipal> find_service_principal(const std::string& id_or_app_id) const;
  ServicePrincipal update_service_principal(const std::string& id_or_app_id,
                                            const std::function<void(ServicePrincipal&)>& edit);
  // The application whose identifierUris contain `identifier` exactly (SAML Issuer lookup).
  std::optional<Application> find_application_by_identifier(const std::string& identifier) const;
  // Deletes the application, its servicePrincipal and the assignments to it.
  void delete_application(const std::string& id_or_app_id);

  // App role assignments (appRoleAssignedTo).
  AppRoleAssignment assign(const std::string& service_principal_id, const std::string& principal_id,
                           const std::string& app_role_id);
  void unassign(const std::string& service_principal_id, const std::string& assignment_id);
  std::vector<AppRoleAssignment> assignments_to(const std::string& service_principal_id) const;
  std::vector<AppRoleAssignment> assignments_of(const std::string& principal_id) const;
  // Azure's sign-in rule: a direct assignment of the user, or of a group the user is a
  // *direct* member of (nested membership does not count); deleted objects never count.
  bool is_assigned(const std::string& service_principal_id, const std::string& user_id) const;

  // Change log for incremental readers.
  std::uint64_t sequence() const;
  std::vector<Change> changes_since(std::uint64_t seq, std::size_t limit = 10000) const;
  Snapshot snapshot() const;
  // Replaces the whole content with `snapshot` (reset to the start-up state); the change
  // sequence keeps counting and the change log starts empty.
  void restore(const Snapshot& snapshot);

  // Hard-deletes what has sat in deleted items longer than the retention (virtual clock).
  // Mutating calls do it first; the app also calls it when the clock moves.
  void purge_expired();

 private:
  User* user_ptr(const std::string& id_or_upn, bool include_deleted);
  const User* user_ptr(const std::string& id_or_upn, bool include_deleted) const;
  Group* group_ptr(const std::string& id, bool include_deleted);
  const Group* group_ptr(const std::string& id, bool include_deleted) const;
  Application* app_ptr(const std::string& id_or_app_id);
  const Application* app_ptr(const std::string& id_or_app_id) const;
  ServicePrincipal* sp_ptr(const std::string& id_or_app_id);
  const ServicePrincipal* sp_ptr(const std::string& id_or_app_id) const;
  void validate_user(const User& user, const std::string& self_id) const;
  // The id of the active user (by id or UPN) or group `id_or_upn`; throws not_found.
  std::string active_object_id(const std::string& id_or_upn) const;
  void record(const std::string& kind, const std::string& op, const std::string& id,
              const std::string& related_id = "");
  void clear_locked();
  void purge_expired_locked();
  bool expired(const std::optional<TimePoint>& deleted) const;
  void hard_delete_user(const std::string& id);
  void hard_delete_group(const std::string& id);
  void drop_references(const std::string& id);

  // Steps users and groups share; `kind` ("user" or "group") names them in change records.
  // Defined and used in directory.cpp only.
  template <typename T>
  using ObjectMap = std::unordered_map<std::string, T>;
  // Gives an empty `id` a fresh GUID; throws 400 when a user or group already has it.
  void claim_id(std::string& id);
  template <typename T>
  T store_created(T object, ObjectMap<T>& objects, std::vector<std::string>& order,
                  const char* kind);
  // Applies `edit` to a copy of `current` that keeps its id and created time and stays active;
  // `accept(current, copy)` validates the copy (throws, changing nothing) before it is stored.
  template <typename T, typename Accept>
  T apply_edit(T& current, const std::function<void(T&)>& edit, const char* kind,
               const Accept& accept);
  template <typename T>
  void soft_delete(T& object, const char* kind);
  template <typename T>
  void undelete(T& object, const char* kind);
  template <typename T>
  void hard_delete(ObjectMap<T>& objects, std::vector<std::string>& order, const std::string& id,
                   const char* kind);

  Tenant tenant_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  DirectoryOptions options_;

  mutable std::mutex mutex_;
  ObjectMap<User> users_;
  std::vector<std::string> user_order_;
  std::unordered_map<std::string, std::string> upn_index_;  // lower-case UPN -> id
  ObjectMap<Group> groups_;
  std::vector<std::string> group_order_;
  std::vector<Application> applications_;
  std::vector<ServicePrincipal> service_principals_;
  std::vector<AppRoleAssignment> assignments_;
  std::size_t deleted_count_ = 0;
  std::uint64_t seq_ = 0;
  std::vector<Change> changes_;
};

// Lower-case ASCII copy (UPNs and domains compare case-insensitively).
std::string to_lower(std::string text);

}  // namespace mock_idp::directory
