// ISO-8601 instants and durations arrive from /_harness/clock and scenario files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/util/iso8601.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto t = core::util::parse_datetime(text)) {
    // What we parse we must be able to print and read back.
    const auto again = core::util::parse_datetime(core::util::format_utc_millis(*t));
    if (!again || *again != *t) __builtin_trap();
  }
  if (const auto d = core::util::parse_duration(text)) (void)core::util::format_duration(*d);
  return 0;
}
