#include "core/util/clock.hpp"

#include <catch2/catch.hpp>

#include "core/util/iso8601.hpp"

using core::util::ManualClock;
using core::util::Millis;
using core::util::VirtualClock;

TEST_CASE("clock: virtual clock adds its offset to the base clock", "[util][clock]") {
  ManualClock base(*core::util::parse_datetime("2026-11-27T00:00:00Z"));
  VirtualClock clock(base);
  REQUIRE(clock.now() == base.now());

  SECTION("advance moves ahead and keeps running with the base") {
    clock.advance(std::chrono::minutes(40));
    CHECK(core::util::format_utc(clock.now()) == "2026-11-27T00:40:00Z");
    base.advance(Millis(1000));
    CHECK(core::util::format_utc(clock.now()) == "2026-11-27T00:40:01Z");
    CHECK(clock.offset() == std::chrono::minutes(40));
  }
  SECTION("set pins now() to the instant given, backwards too") {
    clock.set(*core::util::parse_datetime("2025-01-01T00:00:00Z"));
    CHECK(core::util::format_utc(clock.now()) == "2025-01-01T00:00:00Z");
    CHECK(clock.offset().count() < 0);
  }
  SECTION("reset returns to the base") {
    clock.advance(std::chrono::hours(24 * 365));
    clock.reset();
    CHECK(clock.now() == base.now());
  }
}
