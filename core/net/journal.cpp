#include "core/net/journal.hpp"

#include <algorithm>

#include "core/util/ascii.hpp"
#include "core/util/iso8601.hpp"

namespace core::net {
namespace {

void trim_body(std::string& body, std::size_t max) {
  if (body.size() > max) {
    const std::size_t dropped = body.size() - max;
    body.resize(max);
    body += "...[" + std::to_string(dropped) + " bytes not kept]";
  }
}

nlohmann::json headers_json(const HeaderList& headers) {
  auto out = nlohmann::json::array();
  for (const auto& [name, value] : headers) out.push_back({{"name", name}, {"value", value}});
  return out;
}

}  // namespace

std::string Journal::mask_authorization(const std::string& value) {
  const std::string_view v(value);
  const auto space = v.find(' ');
  const std::string_view scheme = space == std::string_view::npos ? "" : v.substr(0, space + 1);
  const std::string_view secret = space == std::string_view::npos ? v : v.substr(space + 1);
  const std::string_view tail = secret.size() > 8 ? secret.substr(secret.size() - 4) : "";
  std::string out;
  out.reserve(scheme.size() + 4 + tail.size());
  out.append(scheme).append("****").append(tail);
  return out;
}

std::uint64_t Journal::record(JournalEntry entry) {
  if (capacity_ == 0) return 0;
  for (auto& [name, value] : entry.request_headers) {
    if (util::iequals_ascii(name, "Authorization") || util::iequals_ascii(name, "Cookie"))
      value = mask_authorization(value);
  }
  trim_body(entry.request_body, max_body_bytes_);
  trim_body(entry.response_body, max_body_bytes_);
  // Once the ring is full, the oldest entry is swapped out and freed after the lock is released.
  JournalEntry dropped;
  std::lock_guard lock(mutex_);
  if (!pending_notes_.empty()) {
    const auto note = pending_notes_.find(entry.request_id);
    if (note != pending_notes_.end()) {
      entry.note = std::move(note->second);
      pending_notes_.erase(note);
    }
  }
  const std::uint64_t seq = entry.seq = next_seq_++;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(entry));
  } else {
    dropped = std::exchange(ring_[head_], std::move(entry));
    head_ = (head_ + 1) % ring_.size();
  }
  return seq;
}

void Journal::annotate(const std::string& request_id, std::string note) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = ring_.size(); i-- > 0;) {
    if (JournalEntry& e = at(i); e.request_id == request_id) {
      e.note = std::move(note);
      return;
    }
  }
  // A route annotates its own request before the server records it: keep the note until then.
  if (capacity_ == 0) return;
  if (pending_notes_.size() >= kMaxPendingNotes) pending_notes_.erase(pending_notes_.begin());
  pending_notes_[request_id] = std::move(note);
}

std::vector<JournalEntry> Journal::entries(std::uint64_t since, std::size_t limit) const {
  std::lock_guard lock(mutex_);
  std::vector<JournalEntry> out;
  for (std::size_t i = 0; i < ring_.size(); ++i) {
    const JournalEntry& e = at(i);
    if (e.seq <= since) continue;
    if (out.size() >= limit) break;
    out.push_back(e);
  }
  return out;
}

void Journal::clear() {
  std::lock_guard lock(mutex_);
  ring_.clear();
  head_ = 0;
}

std::size_t Journal::size() const {
  std::lock_guard lock(mutex_);
  return ring_.size();
}

nlohmann::json Journal::to_json(const JournalEntry& e) {
  nlohmann::json out = {
      {"seq", e.seq},
      {"requestId", e.request_id},
      {"time", util::format_utc_millis(e.time)},
      {"remoteAddr", e.remote_addr},
      {"request",
       {{"method", e.method},
        {"path", e.path},
        {"query", e.query},
        {"headers", headers_json(e.request_headers)},
        {"body", e.request_body}}},
      {"response",
       {{"status", e.status},
        {"headers", headers_json(e.response_headers)},
        {"body", e.response_body}}},
  };
  if (!e.note.empty()) out["note"] = e.note;
  return out;
}

}  // namespace core::net
