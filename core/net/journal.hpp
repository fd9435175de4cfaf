#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/util/clock.hpp"

namespace core::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One exchange as the server saw it. Secrets are masked before an entry is stored.
struct JournalEntry {
  std::uint64_t seq = 0;  // 1, 2, 3, ... in arrival order; survives clear() (never reused)
  std::string request_id;
  util::TimePoint time{};
  std::string remote_addr;
  std::string method;
  std::string path;   // without the query string
  std::string query;  // raw, without '?'
  HeaderList request_headers;
  std::string request_body;
  int status = 0;
  HeaderList response_headers;
  std::string response_body;
  std::string note;  // a reason the server wants the reader to see (e.g. why a sign-in failed)
};

// The bounded record behind GET /_harness/requests. Thread-safe. Oldest entries are dropped
// past `capacity`; bodies longer than `max_body_bytes` are cut and marked.
class Journal {
 public:
  static constexpr std::size_t kDefaultCapacity = 2000;
  static constexpr std::size_t kDefaultMaxBodyBytes = 64 * 1024;

  explicit Journal(std::size_t capacity = kDefaultCapacity,
                   std::size_t max_body_bytes = kDefaultMaxBodyBytes)
      : capacity_(capacity), max_body_bytes_(max_body_bytes) {}

  // Takes the entry, assigns seq, masks credentials, trims bodies. Returns the seq.
  std::uint64_t record(JournalEntry entry);
  // Attaches a note to an entry still held (no-op if it was dropped). A route may annotate its
  // own request while it runs: the note is kept (at most kMaxPendingNotes) until record().
  void annotate(const std::string& request_id, std::string note);
  // Entries with seq > since, oldest first, at most `limit`.
  std::vector<JournalEntry> entries(std::uint64_t since = 0, std::size_t limit = SIZE_MAX) const;
  void clear();
  std::size_t size() const;
  bool enabled() const { return capacity_ > 0; }

  // "Bearer abcd...wxyz" -> "Bearer ****wxyz"; Basic credentials likewise.
  static std::string mask_authorization(const std::string& value);
  static nlohmann::json to_json(const JournalEntry& entry);

 private:
  std::size_t capacity_;
  std::size_t max_body_bytes_;
  mutable std::mutex mutex_;
  static constexpr std::size_t kMaxPendingNotes = 1024;
  // A ring: grows to `capacity_`, then each record() overwrites the oldest slot, at `head_`.
  std::vector<JournalEntry> ring_;
  std::size_t head_ = 0;                              // the oldest entry once the ring is full
  std::map<std::string, std::string> pending_notes_;  // request id -> note, not yet recorded
  std::uint64_t next_seq_ = 1;

  // The i-th entry, oldest first (i < ring_.size()).
  JournalEntry& at(std::size_t i) { return ring_[(head_ + i) % ring_.size()]; }
  const JournalEntry& at(std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }
};

}  // namespace core::net
