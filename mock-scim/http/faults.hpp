#pragma once

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mock_scim::http {

// Named limits of the fault switches.
inline constexpr int kMaxFaultLatencyMs = 10000;
inline constexpr int kMaxFaultCount = 1000000;
inline constexpr int kMaxRetryAfterSeconds = 3600;

// What the next SCIM request suffers. status 0 = answer normally.
struct FaultDecision {
  std::chrono::milliseconds latency{0};  // real time, before answering
  int status = 0;
  int retry_after_seconds = 0;  // with 429
};

// Misbehaviour on purpose, for testing SCIM clients (PUT /_harness/faults):
//   {"throttle": {"count": N, "retryAfter": S}}  429 + Retry-After for the next N requests
//   {"failNext": {"count": N, "status": S}}      status S (400..599) for the next N requests
//   {"latencyMs": M}                             every SCIM request waits M real ms (<= 10 s)
// A key set to null clears that fault. Thread-safe.
class Faults {
 public:
  // Consumes one request's worth of the active faults.
  FaultDecision next();
  // Applies a PUT body; returns the reason if it is refused (then nothing changes).
  std::optional<std::string> apply(const nlohmann::json& body);
  nlohmann::json to_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  int throttle_count_ = 0;
  int retry_after_ = 1;
  int fail_count_ = 0;
  int fail_status_ = 500;
  int latency_ms_ = 0;
};

}  // namespace mock_scim::http
