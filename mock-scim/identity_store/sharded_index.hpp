#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace mock_scim::identity_store {

// A string-keyed hash index split into 64 tables by the key's hash.
//
// A std::unordered_map grows by rehashing every element at once: at 100,000 users one insert
// pays tens of milliseconds, and every request waiting on the store's lock pays with it. Split
// in 64, a table rehashes 1/64 of the index, a pause too short to show in the tail latency.
//
// Entries are made with make_entry() before the store's lock is taken and moved in under it, so
// that the allocation, and the page faults of a growing heap, happen outside the lock.
//
// Multi = true allows several entries per key (externalId is not unique).
template <class V, bool Multi = false>
class ShardedIndex {
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map =
      std::conditional_t<Multi, std::unordered_multimap<std::string, V, Hash, std::equal_to<>>,
                         std::unordered_map<std::string, V, Hash, std::equal_to<>>>;

 public:
  static constexpr std::size_t kShards = 64;
  // An entry outside any index; empty() when default-constructed.
  using Entry = typename Map::node_type;

  // Allocates an entry; touches no index (call it before taking the lock).
  static Entry make_entry(std::string key, V value) {
    thread_local Map scratch;  // keeps its small bucket array between calls
    if constexpr (Multi) {
      return scratch.extract(scratch.emplace(std::move(key), std::move(value)));
    } else {
      return scratch.extract(scratch.emplace(std::move(key), std::move(value)).first);
    }
  }

  // Moves the entry in and returns its value, which stays at that address until erased.
  // For a unique index the key must be absent (the caller has checked).
  V& insert(Entry&& entry) {
    Map& map = shard(entry.key());
    if constexpr (Multi) {
      return map.insert(std::move(entry))->second;
    } else {
      return map.insert(std::move(entry)).position->second;
    }
  }

  // Takes out the entry with this key (for Multi: the one whose value equals `value`).
  // Returns an empty entry if there is none.
  Entry extract(std::string_view key) {
    static_assert(!Multi, "a multi-index extracts by key and value");
    Map& map = shard(key);
    const auto it = map.find(key);
    return it == map.end() ? Entry() : map.extract(it);
  }
  Entry extract(std::string_view key, const V& value) {
    Map& map = shard(key);
    auto [first, last] = map.equal_range(key);
    for (auto it = first; it != last; ++it) {
      if (it->second == value) return map.extract(it);
    }
    return Entry();
  }

  // nullptr if absent (for Multi: the first of several).
  const V* find(std::string_view key) const {
    const Map& map = shard(key);
    const auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }
  V* find(std::string_view key) {
    Map& map = shard(key);
    const auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }

  // Calls visit(value) for every entry with this key.
  template <class Visit>
  void for_each_equal(std::string_view key, Visit&& visit) const {
    const Map& map = shard(key);
    auto [first, last] = map.equal_range(key);
    for (auto it = first; it != last; ++it) visit(it->second);
  }

  std::size_t size() const {
    std::size_t n = 0;
    for (const Map& map : shards_) n += map.size();
    return n;
  }

  void clear() {
    for (Map& map : shards_) Map().swap(map);  // gives the bucket arrays back too
  }

 private:
  // The top bits choose the table; each table's buckets use the hash modulo a prime, so the two
  // choices do not correlate.
  static std::size_t shard_of(std::string_view key) { return Hash{}(key) >> (64 - 6); }
  static_assert(kShards == 64 && sizeof(std::size_t) == 8);
  Map& shard(std::string_view key) { return shards_[shard_of(key)]; }
  const Map& shard(std::string_view key) const { return shards_[shard_of(key)]; }

  std::array<Map, kShards> shards_;
};

}  // namespace mock_scim::identity_store
