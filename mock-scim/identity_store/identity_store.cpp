#include "mock-scim/identity_store/identity_store.hpp"

#include <algorithm>
#include <mutex>

#include "core/scim/error.hpp"
#include "core/scim/text.hpp"

namespace mock_scim::identity_store {
namespace {

using core::scim::Error;
using core::scim::iequals;
using core::scim::to_lower;

// A record's node in a creation-order index, made before the lock is taken; its key (the seq)
// is set under the lock.
template <class Record>
typename std::map<std::uint64_t, Record*>::node_type make_seq_entry(Record* record) {
  thread_local std::map<std::uint64_t, Record*> scratch;
  return scratch.extract(scratch.emplace(0, record).first);
}

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

IdentityStore::UserRecord* IdentityStore::find_user(std::string_view id) { return users_.find(id); }
const IdentityStore::UserRecord* IdentityStore::find_user(std::string_view id) const {
  return users_.find(id);
}
IdentityStore::GroupRecord* IdentityStore::find_group(std::string_view id) {
  return groups_.find(id);
}
const IdentityStore::GroupRecord* IdentityStore::find_group(std::string_view id) const {
  return groups_.find(id);
}

IdentityStore::UserEntries IdentityStore::make_user_entries(User user) {
  UserEntries e;
  std::string id = user.id;
  e.record = ShardedIndex<UserRecord>::make_entry(std::move(id), UserRecord{std::move(user), {}});
  UserRecord* record = &e.record.mapped();
  const User& u = record->user;
  e.name = ShardedIndex<UserRecord*>::make_entry(to_lower(u.view(UserField::kUserName)), record);
  if (const auto email = u.view(UserField::kEmailValue); !email.empty()) {
    e.email = ShardedIndex<UserRecord*>::make_entry(to_lower(email), record);
  }
  if (const auto* ext = u.get(UserField::kExternalId)) {
    e.external_id = ShardedIndex<UserRecord*, true>::make_entry(*ext, record);
  }
  e.seq = make_seq_entry(record);
  return e;
}

void IdentityStore::check_user_unique(std::string_view name_key, std::string_view email_key,
                                      const UserRecord* self) const {
  if (UserRecord* const* other = users_by_name_.find(name_key); other && *other != self) {
    throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
  }
  if (email_key.empty()) return;
  if (UserRecord* const* other = users_by_email_.find(email_key); other && *other != self) {
    throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
  }
}

User IdentityStore::create_user(User candidate) {
  candidate.id = new_id();
  UserEntries entries = make_user_entries(candidate);
  UserRecord* record = &entries.record.mapped();
  {
    std::unique_lock lock(mutex_);
    check_user_unique(entries.name.key(),
                      entries.email.empty() ? std::string_view() : entries.email.key(), nullptr);
    record->user.seq = next_seq_++;
    record->user.created = record->user.last_modified = clock_.now();
    entries.seq.key() = record->user.seq;
    users_.insert(std::move(entries.record));
    users_by_name_.insert(std::move(entries.name));
    if (!entries.email.empty()) users_by_email_.insert(std::move(entries.email));
    if (!entries.external_id.empty()) users_by_external_id_.insert(std::move(entries.external_id));
    users_by_seq_.insert(users_by_seq_.end(), std::move(entries.seq));
    candidate.seq = record->user.seq;
    candidate.created = candidate.last_modified = record->user.created;
  }
  return candidate;
}

namespace {

// Moves `index`'s entry for `record` from `old_key` to `new_key` (both already lower-cased
// where the index is), reusing the entry's allocation.
template <class Index, class Record>
void rekey(Index& index, std::string_view old_key, std::string_view new_key, Record* record) {
  if (old_key == new_key) return;
  typename Index::Entry entry;
  if (!old_key.empty()) entry = index.extract(old_key, record);
  if (new_key.empty()) return;
  if (entry.empty()) entry = Index::make_entry(std::string(new_key), record);
  entry.key().assign(new_key);
  index.insert(std::move(entry));
}

}  // namespace

void IdentityStore::store_user(UserRecord* record, User next) {
  const User& old = record->user;
  // Lower-cased keys are made (allocated, under the lock) only for a key that changed.
  for (const auto& [field, index] : {std::pair{UserField::kUserName, &users_by_name_},
                                     std::pair{UserField::kEmailValue, &users_by_email_}}) {
    if (!iequals(old.view(field), next.view(field))) {
      rekey(*index, to_lower(old.view(field)), to_lower(next.view(field)), record);
    }
  }
  rekey(users_by_external_id_, old.view(UserField::kExternalId), next.view(UserField::kExternalId),
        record);
  next.id = old.id;
  next.seq = old.seq;
  next.created = old.created;
  next.last_modified = clock_.now();
  record->user = std::move(next);
}

User IdentityStore::replace_user(std::string_view id, User candidate) {
  const std::string name_key = to_lower(candidate.view(UserField::kUserName));
  const std::string email_key = to_lower(candidate.view(UserField::kEmailValue));
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  check_user_unique(name_key, email_key, record);
  store_user(record, std::move(candidate));
  return record->user;
}

User IdentityStore::update_user(std::string_view id, const std::function<void(User&)>& mutate) {
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  User copy = record->user;
  mutate(copy);
  check_user_unique(to_lower(copy.view(UserField::kUserName)),
                    to_lower(copy.view(UserField::kEmailValue)), record);
  store_user(record, std::move(copy));
  return record->user;
}

void IdentityStore::delete_user(std::string_view id) {
  UserEntries removed;  // freed after the lock is released
  std::unique_lock lock(mutex_);
  UserRecord* record = find_user(id);
  if (!record) throw Error::not_found("User " + std::string(id) + " not found.");
  for (GroupRecord* group : record->groups) group->members.erase(record);
  const User& u = record->user;
  removed.name = users_by_name_.extract(to_lower(u.view(UserField::kUserName)));
  if (const auto email = u.view(UserField::kEmailValue); !email.empty()) {
    removed.email = users_by_email_.extract(to_lower(email));
  }
  if (const auto* ext = u.get(UserField::kExternalId)) {
    removed.external_id = users_by_external_id_.extract(*ext, record);
  }
  removed.seq = users_by_seq_.extract(u.seq);
  removed.record = users_.extract(id);
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
      if (const auto* r = users_by_name_.find(to_lower(query.first))) refs.push_back({&(*r)->user});
      break;
    }
    case UserQuery::Kind::kExternalId: {
      users_by_external_id_.for_each_equal(
          query.first, [&](const UserRecord* r) { refs.push_back({&r->user}); });
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

IdentityStore::GroupEntries IdentityStore::make_group_entries(Group group) {
  GroupEntries e;
  std::string id = group.id;
  e.record =
      ShardedIndex<GroupRecord>::make_entry(std::move(id), GroupRecord{std::move(group), {}});
  GroupRecord* record = &e.record.mapped();
  const Group& g = record->group;
  e.name = ShardedIndex<GroupRecord*>::make_entry(to_lower(g.display_name), record);
  if (!g.external_id.empty()) {
    e.external_id = ShardedIndex<GroupRecord*, true>::make_entry(g.external_id, record);
  }
  e.seq = make_seq_entry(record);
  return e;
}

Group IdentityStore::create_group(Group candidate, const std::vector<std::string>& member_ids) {
  candidate.id = new_id();
  GroupEntries entries = make_group_entries(candidate);
  GroupRecord* record = &entries.record.mapped();
  {
    std::unique_lock lock(mutex_);
    if (groups_by_name_.find(entries.name.key())) {
      throw Error::uniqueness(std::string(core::scim::kDetailDuplicate));
    }
    const auto members = resolve_members(member_ids);
    record->group.seq = next_seq_++;
    record->group.created = record->group.last_modified = clock_.now();
    entries.seq.key() = record->group.seq;
    groups_.insert(std::move(entries.record));
    groups_by_name_.insert(std::move(entries.name));
    if (!entries.external_id.empty()) {
      groups_by_external_id_.insert(std::move(entries.external_id));
    }
    groups_by_seq_.insert(groups_by_seq_.end(), std::move(entries.seq));
    for (UserRecord* m : members) link(record, m);
    candidate.seq = record->group.seq;
    candidate.created = candidate.last_modified = record->group.created;
  }
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
    if (GroupRecord* const* other = groups_by_name_.find(new_key); other && *other != record) {
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
    rekey(groups_by_name_, to_lower(g.display_name), new_key, record);
    g.display_name = *change.display_name;
  }
  if (change.external_id) {
    rekey(groups_by_external_id_, g.external_id, *change.external_id, record);
    g.external_id = *change.external_id;
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
  GroupEntries removed;  // freed after the lock is released
  std::unique_lock lock(mutex_);
  GroupRecord* record = find_group(id);
  if (!record) throw Error::not_found("Group " + std::string(id) + " not found.");
  const std::vector<UserRecord*> current(record->members.begin(), record->members.end());
  for (UserRecord* m : current) unlink(record, m);
  const Group& g = record->group;
  removed.name = groups_by_name_.extract(to_lower(g.display_name));
  if (!g.external_id.empty()) {
    removed.external_id = groups_by_external_id_.extract(g.external_id, record);
  }
  removed.seq = groups_by_seq_.extract(g.seq);
  removed.record = groups_.extract(id);
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
      if (const auto* g = groups_by_name_.find(to_lower(query.first))) {
        refs.push_back({&(*g)->group});
      }
      break;
    }
    case GroupQuery::Kind::kExternalId: {
      groups_by_external_id_.for_each_equal(
          query.first, [&](const GroupRecord* g) { refs.push_back({&g->group}); });
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
