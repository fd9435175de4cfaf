#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace core::util {

using Millis = std::chrono::milliseconds;
// Wall-clock instants at millisecond resolution (UTC, Unix epoch).
using TimePoint = std::chrono::sys_time<Millis>;

// The only source of time for domain code. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// Real time. Only main() and tests of this class should construct it directly.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// Real time plus an offset that /_harness/clock moves: advance(PT40M) jumps 40 minutes ahead,
// set(t) makes now() return t at this instant and lets it run on from there. The offset may
// only grow through advance(); set() may move backwards (a test that needs it asks for it).
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(const Clock& base) : base_(base) {}
  TimePoint now() const override;
  void advance(Millis by);
  void set(TimePoint at);
  Millis offset() const { return Millis(offset_ms_.load()); }
  void reset() { offset_ms_.store(0); }

 private:
  const Clock& base_;
  std::atomic<std::int64_t> offset_ms_{0};
};

// A clock that moves only when told to; for unit tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_ms_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(Millis(now_ms_.load())); }
  void advance(Millis by) { now_ms_ += by.count(); }
  void set(TimePoint at) { now_ms_.store(at.time_since_epoch().count()); }

 private:
  std::atomic<std::int64_t> now_ms_;
};

}  // namespace core::util
