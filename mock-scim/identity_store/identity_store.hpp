#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-scim/identity_store/group.hpp"
#include "mock-scim/identity_store/sharded_index.hpp"
#include "mock-scim/identity_store/user.hpp"

namespace mock_scim::identity_store {

// The lookups AWS's filters allow; each is answered from an index, never by a scan.
struct UserQuery {
  enum class Kind { kAll, kUserName, kExternalId, kGroupMembers, kIdAndManager };
  Kind kind = Kind::kAll;
  std::string first;   // userName | externalId | group id | user id
  std::string second;  // manager id for kIdAndManager
};

struct GroupQuery {
  enum class Kind { kAll, kDisplayName, kExternalId, kIdAndMember };
  Kind kind = Kind::kAll;
  std::string first;   // displayName | externalId | group id
  std::string second;  // member (user) id for kIdAndMember
};

// One page of a query: `total` matches in all; `next_after` is the seq to continue after
// when more remain.
struct PageResult {
  std::size_t total = 0;
  std::optional<std::uint64_t> next_after;
};

// What a group PATCH does, already checked against AWS's rules; applied all or nothing.
struct GroupChange {
  std::optional<std::string> display_name;
  std::optional<std::string> external_id;  // "" removes it
  std::vector<std::string> add_members;
  std::vector<std::string> remove_members;
  bool clear_members = false;                       // before adds
  std::optional<std::vector<std::string>> replace;  // the whole member set
};

// Users, groups and memberships of one Identity Center instance: the SCIM store and the
// identity store are the same objects. Thread-safe: one shared_mutex, readers in parallel.
// Every mutation validates first and changes nothing when it throws core::scim::Error.
// Uniqueness: userName and the primary email case-insensitively (RFC 7643 caseExact=false),
// group displayName case-insensitively.
class IdentityStore {
 public:
  IdentityStore(const core::util::Clock& clock, core::util::IdGenerator& ids);
  IdentityStore(const IdentityStore&) = delete;
  IdentityStore& operator=(const IdentityStore&) = delete;

  // Assigns id, seq, created and lastModified. 409 on a duplicate userName or email.
  User create_user(User candidate);
  // PUT: keeps id, seq, created. 404 if absent, 409 on a duplicate.
  User replace_user(std::string_view id, User candidate);
  // PATCH: `mutate` edits a copy and may throw; the copy is then checked and stored.
  User update_user(std::string_view id, const std::function<void(User&)>& mutate);
  // 404 if absent. Removes the user from every group.
  void delete_user(std::string_view id);
  // Calls `read` under the shared lock; false if absent.
  bool read_user(std::string_view id, const std::function<void(const User&)>& read) const;
  // Matches in creation order, those with seq > after, at most `count`.
  PageResult query_users(const UserQuery& query, std::uint64_t after, std::size_t count,
                         const std::function<void(const User&)>& emit) const;

  // Members must be existing users: a group id is a nested group (400), an unknown id 400.
  Group create_group(Group candidate, const std::vector<std::string>& member_ids);
  void update_group(std::string_view id, const GroupChange& change);
  void delete_group(std::string_view id);
  bool read_group(std::string_view id, const std::function<void(const Group&)>& read) const;
  PageResult query_groups(const GroupQuery& query, std::uint64_t after, std::size_t count,
                          const std::function<void(const Group&)>& emit) const;

  // Membership reads for other control planes (identitystore API). Empty if absent.
  std::vector<std::string> member_ids(std::string_view group_id) const;
  std::vector<std::string> group_ids_of(std::string_view user_id) const;
  bool user_exists(std::string_view id) const;
  bool group_exists(std::string_view id) const;

  std::size_t user_count() const;
  std::size_t group_count() const;
  void clear();

 private:
  struct GroupRecord;
  struct UserRecord {
    User user;
    std::vector<GroupRecord*> groups;
  };
  struct GroupRecord {
    Group group;
    std::unordered_set<UserRecord*> members;
  };
  template <class Record>
  using SeqIndex = std::map<std::uint64_t, Record*>;
  // One user's or group's entries in every index, allocated before the lock is taken (and
  // freed after it is released): the lock covers pointer moves, not malloc or page faults.
  struct UserEntries {
    ShardedIndex<UserRecord>::Entry record;
    ShardedIndex<UserRecord*>::Entry name;
    ShardedIndex<UserRecord*>::Entry email;
    ShardedIndex<UserRecord*, true>::Entry external_id;
    SeqIndex<UserRecord>::node_type seq;
  };
  struct GroupEntries {
    ShardedIndex<GroupRecord>::Entry record;
    ShardedIndex<GroupRecord*>::Entry name;
    ShardedIndex<GroupRecord*, true>::Entry external_id;
    SeqIndex<GroupRecord>::node_type seq;
  };

  std::string new_id();
  static UserEntries make_user_entries(User user);
  static GroupEntries make_group_entries(Group group);
  // 409 if another user than `self` has this userName or email (both lower-cased).
  void check_user_unique(std::string_view name_key, std::string_view email_key,
                         const UserRecord* self) const;
  // Stores `next` in the record, moving its index entries to new keys where they changed.
  void store_user(UserRecord* record, User next);
  UserRecord* find_user(std::string_view id);
  const UserRecord* find_user(std::string_view id) const;
  GroupRecord* find_group(std::string_view id);
  const GroupRecord* find_group(std::string_view id) const;
  // Resolves member ids to users; throws 400 for groups (nested) and unknown ids.
  std::vector<UserRecord*> resolve_members(const std::vector<std::string>& ids);
  static void link(GroupRecord* group, UserRecord* user);
  static void unlink(GroupRecord* group, UserRecord* user);

  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  const std::string id_prefix_;  // 10 hex digits, as AWS's legacy ids ([MODEL-IDS])

  mutable std::shared_mutex mutex_;
  std::uint64_t next_seq_ = 1;
  ShardedIndex<UserRecord> users_;  // by id; records never move, so the indexes hold pointers
  ShardedIndex<UserRecord*> users_by_name_;   // lower-cased userName
  ShardedIndex<UserRecord*> users_by_email_;  // lower-cased primary email
  ShardedIndex<UserRecord*, true> users_by_external_id_;
  SeqIndex<UserRecord> users_by_seq_;
  ShardedIndex<GroupRecord> groups_;
  ShardedIndex<GroupRecord*> groups_by_name_;  // lower-cased displayName
  ShardedIndex<GroupRecord*, true> groups_by_external_id_;
  SeqIndex<GroupRecord> groups_by_seq_;
};

}  // namespace mock_scim::identity_store
