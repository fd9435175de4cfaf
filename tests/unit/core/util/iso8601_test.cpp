#include "core/util/iso8601.hpp"

#include <catch2/catch.hpp>

using namespace core::util;

TEST_CASE("iso8601: formats instants in the shapes the protocols use", "[util][iso8601]") {
  const auto t = *parse_datetime("2024-04-05T06:32:12.227Z");
  CHECK(format_utc(t) == "2024-04-05T06:32:12Z");
  CHECK(format_utc_millis(t) == "2024-04-05T06:32:12.227Z");
  CHECK(format_aws_timestamp(t) == "2024-04-05 06:32:12.227");
  CHECK(format_http_date(t) == "Fri, 05 Apr 2024 06:32:12 GMT");
}

TEST_CASE("iso8601: parses instants with zones and fractions", "[util][iso8601]") {
  CHECK(format_utc(*parse_datetime("2026-11-27T10:00:00+02:00")) == "2026-11-27T08:00:00Z");
  CHECK(format_utc(*parse_datetime("2026-11-27T10:00:00")) == "2026-11-27T10:00:00Z");
  CHECK(format_utc_millis(*parse_datetime("2026-11-27T10:00:00.5Z")) == "2026-11-27T10:00:00.500Z");
  SECTION("rejects malformed or out-of-range instants") {
    for (const char* bad :
         {"", "2026-11-27", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z",
          "2026-11-27T10:00:00Zjunk", "2026-11-27T10:00:00.Z", "2026-11-27 10:00:00Z",
          "abcd-11-27T10:00:00Z"}) {
      INFO(bad);
      CHECK_FALSE(parse_datetime(bad).has_value());
    }
  }
}

TEST_CASE("iso8601: parses durations", "[util][iso8601]") {
  CHECK(*parse_duration("PT40M") == std::chrono::minutes(40));
  CHECK(*parse_duration("P1D") == std::chrono::hours(24));
  CHECK(*parse_duration("P1Y") == std::chrono::hours(24 * 365));
  CHECK(*parse_duration("P1DT2H3M4.5S") == Millis(93'784'500));
  CHECK(*parse_duration("-PT1S") == Millis(-1000));
  CHECK(format_duration(std::chrono::minutes(40)) == "PT40M");
  CHECK(format_duration(std::chrono::hours(24 * 365)) == "P365D");
  CHECK(format_duration(Millis(0)) == "PT0S");
  SECTION("rejects malformed durations") {
    for (const char* bad :
         {"", "P", "PT", "40M", "PT40", "P1H", "PT1D", "P1.S", "PTT1M", "P-1D", "P66120066666W"}) {
      INFO(bad);
      CHECK_FALSE(parse_duration(bad).has_value());
    }
  }
}

TEST_CASE("iso8601: add_years keeps the calendar date", "[util][iso8601]") {
  CHECK(format_utc(add_years(*parse_datetime("2026-11-27T16:41:36Z"), 1)) ==
        "2027-11-27T16:41:36Z");
  CHECK(format_utc(add_years(*parse_datetime("2028-02-29T00:00:00Z"), 1)) ==
        "2029-02-28T00:00:00Z");
}
