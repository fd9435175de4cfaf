#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mock_idp::provisioning {

// A $filter the log store cannot evaluate; `what()` is the Graph error message.
class LogFilterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Graph's provisioningObjectSummary entries (auditLogs/provisioning), newest last.
// Thread-safe. Holds at most kMaxEntries; the oldest are dropped first (Azure keeps 30 days).
class LogStore {
 public:
  static constexpr std::size_t kMaxEntries = 200000;

  void append(nlohmann::json entry);
  // Entries matching an OData $filter subset: `path op 'value'` clauses joined by `and`, with
  // op eq, ne, ge, gt, le, lt and paths such as provisioningAction, jobId, cycleId,
  // activityDateTime, sourceIdentity/id, targetIdentity/displayName,
  // provisioningStatusInfo/status, provisioningStatusInfo/errorInformation/errorCode.
  // Newest first, at most `top`. Throws LogFilterError on a malformed filter.
  std::vector<nlohmann::json> query(const std::string& filter, std::size_t top) const;
  std::size_t size() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::deque<nlohmann::json> entries_;
};

// Notification emails (quarantine, job disabled) as sent by azure-noreply@microsoft.com.
// Thread-safe. When `file` is set, each mail is also appended to it as one JSON line.
class Outbox {
 public:
  static constexpr std::size_t kMaxMessages = 10000;
  explicit Outbox(std::string file = {}) : file_(std::move(file)) {}
  void send(nlohmann::json message);
  std::vector<nlohmann::json> messages() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::string file_;
  std::deque<nlohmann::json> messages_;
};

}  // namespace mock_idp::provisioning
