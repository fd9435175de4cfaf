#include "core/saml/replay_cache.hpp"

namespace core::saml {

bool ReplayCache::insert(std::string_view id, util::TimePoint expires, util::TimePoint now) {
  const std::lock_guard<std::mutex> lock(mutex_);
  purge_locked(now);
  const std::string key(id);
  if (expiry_by_id_.count(key) != 0) return false;
  if (capacity_ == 0) return true;
  while (expiry_by_id_.size() >= capacity_ && !ids_by_expiry_.empty()) {
    const auto oldest = ids_by_expiry_.begin();
    expiry_by_id_.erase(oldest->second);
    ids_by_expiry_.erase(oldest);
  }
  expiry_by_id_.emplace(key, expires);
  ids_by_expiry_.emplace(expires, key);
  return true;
}

bool ReplayCache::contains(std::string_view id, util::TimePoint now) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = expiry_by_id_.find(std::string(id));
  return it != expiry_by_id_.end() && now < it->second;
}

std::size_t ReplayCache::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return expiry_by_id_.size();
}

void ReplayCache::clear() {
  const std::lock_guard<std::mutex> lock(mutex_);
  expiry_by_id_.clear();
  ids_by_expiry_.clear();
}

void ReplayCache::purge_locked(util::TimePoint now) {
  while (!ids_by_expiry_.empty() && ids_by_expiry_.begin()->first <= now) {
    expiry_by_id_.erase(ids_by_expiry_.begin()->second);
    ids_by_expiry_.erase(ids_by_expiry_.begin());
  }
}

}  // namespace core::saml
