#include "mock-scim/identity_store/identity_store.hpp"

#include <algorithm>
#include <mutex>

#include "core/scim/error.hpp"
#include "core/scim/text.hpp"

namespace mock_scim::identity_store {
namespace {

using core::scim::Error;
using core::scim::to_lower;

// Pages a sorted-by-seq candidate list.
template <class Record, class Emit>
PageResult page_of(std::vector<const Record*>& matches, std::uint64_t after, std::size_t count,
                   Emit&& emit) {
  std::sort(matches.begin(), matches.end(),
            [](const Record* a, const Record* b) { return a->seq() < b->seq(); });
  PageResult result;
  result.total = matches.size();
  std::size_t emitted = 0;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (matches[i]->seq() <= after) continue;
    if (emitted == count) {
      result.next_after = matches[i - 1]->seq();
      break;
    }
    emit(matches[i]);
    ++emitted;
  }
  return result;
}

// Pages an index ordered by seq.
template <class Map, class Emit>
PageResult page_of_all(const Map& by_seq, std::uint64_t after, std::size_t count, Emit&& emit) {
  PageResult result;
  result.total = by_seq.size();
  std::size_t emitted = 0;
  std::uint64_t last = after;
  for (auto it = by_seq.upper_bound(after); it != by_seq.end(); ++it) {
    if (emitted == count) {
      result.next_after = last;
      break;
    }
    emit(it->second);
    last = it->first;
    ++emitted;
  }
  return result;
}

}  // namespace

IdentityStore::IdentityStore(const core::util::Clock& clock, core::util::IdGenerator& ids)
    : clock_(clock), ids_(ids), id_prefix_(ids.hex(10)) {}

std::string IdentityStore::new_id() { return id_prefix_ + "-" + ids_.uuid4(); }

IdentityStore::UserRecord* IdentityStore::find_user(std::string_view id) {
  const auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}
const IdentityStore::UserRecord* IdentityStore::find_user(std::string_view id) const {
  const auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}
IdentityStore::GroupRecord* IdentityStore::find_group(std::string_view id) {
  const auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : &it->second;
}
const IdentityStore::GroupRecord* IdentityStore::find_group(std::string_view id) const {
  const auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : &it->second;
}

void IdentityStore::check_user_unique(const User& candidate, const UserRecord* self) const {
  const auto name = users_by_name_.find(to_lower(candidate.view(UserField::kUserName)));
  if (name != users_by_name_.end() && name->second != self) {
    throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
  }
  const auto email_value = candidate.view(UserField::kEmailValue);
  if (!email_value.empty()) {
    const auto email = users_by_email_.find(to_lower(email_value));
    if (email != users_by_email_.end() && email->second != self) {
      throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
    }
  }
}

void IdentityStore::index_user(UserRecord* record) {
  const User& u = record->user;
  users_by_name_.emplace(to_lower(u.view(UserField::kUserName)), record);
  if (const auto email = u.view(UserField::kEmailValue); !email.empty()) {
    users_by_email_.emplace(to_lower(email), record);
  }
  if (const auto* ext = u.get(UserField::kExternalId)) {
    users_by_external_id_.emplace(*ext, record);
  }
}

void IdentityStore::unindex_user(UserRecord* record) {
  const User& u = record->user;
  users_by_name_.erase(to_lower(u.view(UserField::kUserName)));
  if (const auto email = u.view(UserField::kEmailValue); !email.empty()) {
    users_by_email_.erase(to_lower(email));
  }
  if (const auto* ext = u.get(UserField::kExternalId)) {
    auto [first, last] = users_by_external_id_.equal_range(*ext);
    for (auto it = first; it != last; ++it) {
      if (it->second == record) {
        users_by_external_id_.erase(it);
        break;
      }
    }
  }
}

User IdentityStore::create_user(User candidate) {
  std::unique_lock lock(mutex_);
  check_user_unique(candidate, nullptr);
  candidate.id = new_id();
  candidate.seq = next_seq_++;
  candidate.created = candidate.last_modified = clock_.now();
  auto [it, inserted] = users_.emplace(candidate.id, UserRecord{candidate, {}});
  UserRecord* record = &it->second;
  index_user(record);
  users_by_seq_.emplace(candidate.seq, record);
  return candidate;
}

User IdentityStore::replace_user(std::string_view id, User candidate) {
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  check_user_unique(candidate, record);
  candidate.id = record->user.id;
  candidate.seq = record->user.seq;
  candidate.created = record->user.created;
  candidate.last_modified = clock_.now();
  unindex_user(record);
  record->user = std::move(candidate);
  index_user(record);
  return record->user;
}

User IdentityStore::update_user(std::string_view id, const std::function<void(User&)>& mutate) {
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  User copy = record->user;
  mutate(copy);
  check_user_unique(copy, record);
  copy.id = record->user.id;
  copy.seq = record->user.seq;
  copy.created = record->user.created;
  copy.last_modified = clock_.now();
  unindex_user(record);
  record->user = std::move(copy);
  index_user(record);
  return record->user;
}

void IdentityStore::delete_user(std::string_view id) {
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  for (GroupRecord* group : record->groups) group->members.erase(record);
  unindex_user(record);
  users_by_seq_.erase(record->user.seq);
  users_.erase(users_.find(id));
}

bool IdentityStore::read_user(std::string_view id,
                              const std::function<void(const User&)>& read) const {
  std::shared_lock lock(mutex_);
  const UserRecord* record = find_user(id);
  if (!record) return false;
  read(record->user);
  return true;
}

namespace {
struct UserRef {
  const User* user;
  std::uint64_t seq() const { return user->seq; }
};
struct GroupRef {
  const Group* group;
  std::uint64_t seq() const { return group->seq; }
};
}  // namespace

PageResult IdentityStore::query_users(const UserQuery& query, std::uint64_t after,
                                      std::size_t count,
                                      const std::function<void(const User&)>& emit) const {
  std::shared_lock lock(mutex_);
  if (query.kind == UserQuery::Kind::kAll) {
    return page_of_all(users_by_seq_, after, count, [&](const UserRecord* r) { emit(r->user); });
  }
  std::vector<UserRef> refs;
  switch (query.kind) {
    case UserQuery::Kind::kAll:
      break;
    case UserQuery::Kind::kUserName: {
      const auto it = users_by_name_.find(to_lower(query.first));
      if (it != users_by_name_.end()) refs.push_back({&it->second->user});
      break;
    }
    case UserQuery::Kind::kExternalId: {
      auto [first, last] = users_by_external_id_.equal_range(query.first);
      for (auto it = first; it != last; ++it) refs.push_back({&it->second->user});
      break;
    }
    case UserQuery::Kind::kGroupMembers: {
      if (const GroupRecord* g = find_group(query.first)) {
        refs.reserve(g->members.size());
        for (const UserRecord* m : g->members) refs.push_back({&m->user});
      }
      break;
    }
    case UserQuery::Kind::kIdAndManager: {
      const UserRecord* r = find_user(query.first);
      if (r && r->user.view(UserField::kManagerValue) == query.second) {
        refs.push_back({&r->user});
      }
      break;
    }
  }
  std::vector<const UserRef*> ptrs;
  ptrs.reserve(refs.size());
  for (const auto& ref : refs) ptrs.push_back(&ref);
  return page_of(ptrs, after, count, [&](const UserRef* ref) { emit(*ref->user); });
}

void IdentityStore::link(GroupRecord* group, UserRecord* user) {
  if (group->members.insert(user).second) user->groups.push_back(group);
}

void IdentityStore::unlink(GroupRecord* group, UserRecord* user) {
  if (group->members.erase(user) == 0) return;
  auto& groups = user->groups;
  groups.erase(std::remove(groups.begin(), groups.end(), group), groups.end());
}

std::vector<IdentityStore::UserRecord*> IdentityStore::resolve_members(
    const std::vector<std::string>& ids) {
  std::vector<UserRecord*> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    if (UserRecord* u = find_user(id)) {
      out.push_back(u);
    } else if (find_group(id)) {
      throw Error::invalid_value("Member " + id +
                                 " is a group: IAM Identity Center does not support nested "
                                 "groups.");
    } else {
      throw Error::invalid_value("Member " + id + " is not an existing user.");
    }
  }
  return out;
}

Group IdentityStore::create_group(Group candidate, const std::vector<std::string>& member_ids) {
  std::unique_lock lock(mutex_);
  const std::string key = to_lower(candidate.display_name);
  if (groups_by_name_.find(key) != groups_by_name_.end()) {
    throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
  }
  const auto members = resolve_members(member_ids);
  candidate.id = new_id();
  candidate.seq = next_seq_++;
  candidate.created = candidate.last_modified = clock_.now();
  auto [it, inserted] = groups_.emplace(candidate.id, GroupRecord{candidate, {}});
  GroupRecord* record = &it->second;
  groups_by_name_.emplace(key, record);
  if (!candidate.external_id.empty()) groups_by_external_id_.emplace(candidate.external_id, record);
  groups_by_seq_.emplace(candidate.seq, record);
  for (UserRecord* m : members) link(record, m);
  return candidate;
}

void IdentityStore::update_group(std::string_view id, const GroupChange& change) {
  std::unique_lock lock(mutex_);
  GroupRecord* record = find_group(id);
  if (!record) throw Error::not_found("Group " + std::string(id) + " not found.");
  // Check everything before the first write.
  std::string new_key;
  if (change.display_name) {
    new_key = to_lower(*change.display_name);
    const auto it = groups_by_name_.find(new_key);
    if (it != groups_by_name_.end() && it->second != record) {
      throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
    }
  }
  const auto adds = resolve_members(change.add_members);
  std::vector<UserRecord*> replacement;
  if (change.replace) replacement = resolve_members(*change.replace);
  std::vector<UserRecord*> removes;
  for (const auto& member : change.remove_members) {
    // Removing someone who is not a member (or no longer exists) changes nothing.
    if (UserRecord* u = find_user(member)) removes.push_back(u);
  }

  Group& g = record->group;
  if (change.display_name) {
    groups_by_name_.erase(to_lower(g.display_name));
    g.display_name = *change.display_name;
    groups_by_name_.emplace(new_key, record);
  }
  if (change.external_id) {
    auto [first, last] = groups_by_external_id_.equal_range(g.external_id);
    for (auto it = first; it != last; ++it) {
      if (it->second == record) {
        groups_by_external_id_.erase(it);
        break;
      }
    }
    g.external_id = *change.external_id;
    if (!g.external_id.empty()) groups_by_external_id_.emplace(g.external_id, record);
  }
  if (change.clear_members || change.replace) {
    const std::vector<UserRecord*> current(record->members.begin(), record->members.end());
    for (UserRecord* m : current) unlink(record, m);
  }
  for (UserRecord* m : replacement) link(record, m);
  for (UserRecord* m : adds) link(record, m);
  for (UserRecord* m : removes) unlink(record, m);
  g.last_modified = clock_.now();
}

void IdentityStore::delete_group(std::string_view id) {
  std::unique_lock lock(mutex_);
  GroupRecord* record = find_group(id);
  if (!record) throw Error::not_found("Group " + std::string(id) + " not found.");
  const std::vector<UserRecord*> current(record->members.begin(), record->members.end());
  for (UserRecord* m : current) unlink(record, m);
  groups_by_name_.erase(to_lower(record->group.display_name));
  if (!record->group.external_id.empty()) {
    auto [first, last] = groups_by_external_id_.equal_range(record->group.external_id);
    for (auto it = first; it != last; ++it) {
      if (it->second == record) {
        groups_by_external_id_.erase(it);
        break;
      }
    }
  }
  groups_by_seq_.erase(record->group.seq);
  groups_.erase(groups_.find(id));
}

bool IdentityStore::read_group(std::string_view id,
                               const std::function<void(const Group&)>& read) const {
  std::shared_lock lock(mutex_);
  const GroupRecord* record = find_group(id);
  if (!record) return false;
  read(record->group);
  return true;
}

PageResult IdentityStore::query_groups(const GroupQuery& query, std::uint64_t after,
                                       std::size_t count,
                                       const std::function<void(const Group&)>& emit) const {
  std::shared_lock lock(mutex_);
  if (query.kind == GroupQuery::Kind::kAll) {
    return page_of_all(groups_by_seq_, after, count, [&](const GroupRecord* r) { emit(r->group); });
  }
  std::vector<GroupRef> refs;
  switch (query.kind) {
    case GroupQuery::Kind::kAll:
      break;
    case GroupQuery::Kind::kDisplayName: {
      const auto it = groups_by_name_.find(to_lower(query.first));
      if (it != groups_by_name_.end()) refs.push_back({&it->second->group});
      break;
    }
    case GroupQuery::Kind::kExternalId: {
      auto [first, last] = groups_by_external_id_.equal_range(query.first);
      for (auto it = first; it != last; ++it) refs.push_back({&it->second->group});
      break;
    }
    case GroupQuery::Kind::kIdAndMember: {
      const GroupRecord* g = find_group(query.first);
      const UserRecord* u = find_user(query.second);
      if (g && u && std::find(u->groups.begin(), u->groups.end(), g) != u->groups.end()) {
        refs.push_back({&g->group});
      }
      break;
    }
  }
  std::vector<const GroupRef*> ptrs;
  ptrs.reserve(refs.size());
  for (const auto& ref : refs) ptrs.push_back(&ref);
  return page_of(ptrs, after, count, [&](const GroupRef* ref) { emit(*ref->group); });
}

std::vector<std::string> IdentityStore::member_ids(std::string_view group_id) const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  if (const GroupRecord* g = find_group(group_id)) {
    std::vector<const UserRecord*> members(g->members.begin(), g->members.end());
    std::sort(members.begin(), members.end(),
              [](const UserRecord* a, const UserRecord* b) { return a->user.seq < b->user.seq; });
    for (const UserRecord* m : members) out.push_back(m->user.id);
  }
  return out;
}

std::vector<std::string> IdentityStore::group_ids_of(std::string_view user_id) const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  if (const UserRecord* u = find_user(user_id)) {
    for (const GroupRecord* g : u->groups) out.push_back(g->group.id);
  }
  return out;
}

bool IdentityStore::user_exists(std::string_view id) const {
  std::shared_lock lock(mutex_);
  return find_user(id) != nullptr;
}

bool IdentityStore::group_exists(std::string_view id) const {
  std::shared_lock lock(mutex_);
  return find_group(id) != nullptr;
}

std::size_t IdentityStore::user_count() const {
  std::shared_lock lock(mutex_);
  return users_.size();
}

std::size_t IdentityStore::group_count() const {
  std::shared_lock lock(mutex_);
  return groups_.size();
}

void IdentityStore::clear() {
  std::unique_lock lock(mutex_);
  users_by_name_.clear();
  users_by_email_.clear();
  users_by_external_id_.clear();
  users_by_seq_.clear();
  groups_by_name_.clear();
  groups_by_external_id_.clear();
  groups_by_seq_.clear();
  users_.clear();
  groups_.clear();
}

}  // namespace mock_scim::identity_store
