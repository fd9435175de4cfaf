#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/util/clock.hpp"

namespace core::saml {

// Remembers consumed assertion IDs until they expire (saml-profiles §4.1.4.5: a bearer assertion
// must not be accepted twice while it is valid). Expiry is by the caller's (virtual) clock.
// Thread-safe.
class ReplayCache {
 public:
  // At most `capacity` live entries; when full, the entry closest to expiry is evicted first.
  explicit ReplayCache(std::size_t capacity = 100'000) : capacity_(capacity) {}

  // Records `id` as used until `expires`. Returns false (and changes nothing) if `id` is already
  // recorded and not expired at `now`. Entries expired at `now` are dropped on the way.
  bool insert(std::string_view id, util::TimePoint expires, util::TimePoint now);
  // True if `id` is recorded and not expired at `now`.
  bool contains(std::string_view id, util::TimePoint now) const;
  std::size_t size() const;
  void clear();

 private:
  void purge_locked(util::TimePoint now);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, util::TimePoint> expiry_by_id_;
  std::multimap<util::TimePoint, std::string> ids_by_expiry_;
};

}  // namespace core::saml
