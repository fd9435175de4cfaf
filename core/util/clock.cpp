#include "core/util/clock.hpp"

namespace core::util {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

TimePoint VirtualClock::now() const { return base_.now() + Millis(offset_ms_.load()); }

void VirtualClock::advance(Millis by) { offset_ms_ += by.count(); }

void VirtualClock::set(TimePoint at) { offset_ms_.store((at - base_.now()).count()); }

}  // namespace core::util
