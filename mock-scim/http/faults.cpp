#include "mock-scim/http/faults.hpp"

namespace mock_scim::http {
namespace {

bool read_int(const nlohmann::json& object, const char* key, int min, int max, int& out,
              std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
    error = std::string("\"") + key + "\" must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max);
    return false;
  }
  out = static_cast<int>(it->get<long long>());
  return true;
}

}  // namespace

FaultDecision Faults::next() {
  std::lock_guard lock(mutex_);
  FaultDecision d;
  d.latency = std::chrono::milliseconds(latency_ms_);
  if (fail_count_ > 0) {
    --fail_count_;
    d.status = fail_status_;
  } else if (throttle_count_ > 0) {
    --throttle_count_;
    d.status = 429;
    d.retry_after_seconds = retry_after_;
  }
  return d;
}

std::optional<std::string> Faults::apply(const nlohmann::json& body) {
  std::lock_guard lock(mutex_);
  int throttle_count = throttle_count_;
  int retry_after = retry_after_;
  int fail_count = fail_count_;
  int fail_status = fail_status_;
  int latency = latency_ms_;
  std::string error;
  for (const auto& [key, value] : body.items()) {
    if (key == "throttle") {
      if (value.is_null()) {
        throttle_count = 0;
        continue;
      }
      if (!value.is_object()) return "\"throttle\" must be an object {\"count\",\"retryAfter\"}";
      retry_after = 1;
      if (!read_int(value, "count", 0, kMaxFaultCount, throttle_count, error) ||
          !read_int(value, "retryAfter", 0, kMaxRetryAfterSeconds, retry_after, error)) {
        return error;
      }
      if (value.find("count") == value.end()) return "\"throttle\" needs \"count\"";
    } else if (key == "failNext") {
      if (value.is_null()) {
        fail_count = 0;
        continue;
      }
      if (!value.is_object()) return "\"failNext\" must be an object {\"count\",\"status\"}";
      fail_count = 1;
      if (!read_int(value, "count", 0, kMaxFaultCount, fail_count, error) ||
          !read_int(value, "status", 400, 599, fail_status, error)) {
        return error;
      }
    } else if (key == "latencyMs") {
      if (value.is_null()) {
        latency = 0;
        continue;
      }
      const nlohmann::json wrapper = {{"latencyMs", value}};
      if (!read_int(wrapper, "latencyMs", 0, kMaxFaultLatencyMs, latency, error)) return error;
    } else if (key != "quirks") {
      return "unknown fault \"" + key + "\" (throttle, failNext, latencyMs, quirks)";
    }
  }
  throttle_count_ = throttle_count;
  retry_after_ = retry_after;
  fail_count_ = fail_count;
  fail_status_ = fail_status;
  latency_ms_ = latency;
  return std::nullopt;
}

nlohmann::json Faults::to_json() const {
  std::lock_guard lock(mutex_);
  return {{"throttle", {{"count", throttle_count_}, {"retryAfter", retry_after_}}},
          {"failNext", {{"count", fail_count_}, {"status", fail_status_}}},
          {"latencyMs", latency_ms_}};
}

void Faults::clear() {
  std::lock_guard lock(mutex_);
  throttle_count_ = 0;
  retry_after_ = 1;
  fail_count_ = 0;
  fail_status_ = 500;
  latency_ms_ = 0;
}

}  // namespace mock_scim::http
