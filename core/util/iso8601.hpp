#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/util/clock.hpp"

namespace core::util {

// "2026-11-27T16:41:36Z" (seconds resolution, as SCIM meta and SAML instants show it).
std::string format_utc(TimePoint t);
// "2026-11-27T16:41:36.123Z".
std::string format_utc_millis(TimePoint t);
// "2026-11-27 16:41:36.123": the timeStamp of AWS's SCIM error envelope (no T, no zone).
std::string format_aws_timestamp(TimePoint t);
// RFC 7231 IMF-fixdate, for HTTP Date headers: "Fri, 27 Nov 2026 16:41:36 GMT".
std::string format_http_date(TimePoint t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|-hh:mm]"; a missing zone means UTC.
// Returns nullopt for anything else (including out-of-range fields).
std::optional<TimePoint> parse_datetime(std::string_view text);

// Parses an ISO-8601 duration "PnYnMnWnDTnHnMnS" (seconds may have a fraction). A year counts
// 365 days and a month 30 days; a leading '-' makes it negative. nullopt if malformed or empty.
std::optional<Millis> parse_duration(std::string_view text);
// The inverse for display: "PT40M", "P365D", "PT0S".
std::string format_duration(Millis d);

// t plus n calendar years (Feb 29 becomes Feb 28 in a non-leap year).
TimePoint add_years(TimePoint t, int n);

}  // namespace core::util
