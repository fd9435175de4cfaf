#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mock_idp::provisioning {

enum class MemberKind { kUser, kGroup };

// A directory user as the provisioning service imports it. `attributes` holds Graph property
// names (userPrincipalName, mail, givenName, surname, displayName, jobTitle, mailNickname,
// telephoneNumber, mobilePhone, department, employeeId, ...) with string, bool or null values.
struct SourceUser {
  std::string id;  // objectId
  nlohmann::json attributes = nlohmann::json::object();
  bool account_enabled = true;
  bool soft_deleted = false;  // in the recycle bin; hard-deleted users are absent
};

struct SourceMember {
  std::string id;
  MemberKind kind = MemberKind::kUser;
};

struct SourceGroup {
  std::string id;
  nlohmann::json attributes = nlohmann::json::object();  // displayName, mailNickname, ...
  std::vector<SourceMember> members;                     // direct members only
  bool soft_deleted = false;
};

// An app role assignment to the servicePrincipal (users and groups assigned to the app).
struct SourceAssignment {
  std::string principal_id;
  MemberKind kind = MemberKind::kUser;
};

// What the engine reads from the directory. Implementations return copies and are thread-safe.
class DirectorySource {
 public:
  virtual ~DirectorySource() = default;
  // Every user that still exists (soft-deleted ones flagged), in a stable order.
  virtual std::vector<SourceUser> users() const = 0;
  virtual std::vector<SourceGroup> groups() const = 0;
  virtual std::optional<SourceUser> user(const std::string& id) const = 0;
  virtual std::optional<SourceGroup> group(const std::string& id) const = 0;
  // Assignments of the app whose servicePrincipal has this id.
  virtual std::vector<SourceAssignment> assignments(
      const std::string& service_principal_id) const = 0;
  // Grows on every directory change; a cycle with an unchanged value has nothing to import.
  virtual std::uint64_t change_sequence() const = 0;
};

}  // namespace mock_idp::provisioning
