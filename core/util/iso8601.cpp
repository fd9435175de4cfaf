#include "core/util/iso8601.hpp"

#include <array>
#include <cstdio>

namespace core::util {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

struct Parts {
  int year;
  unsigned month, day, hour, minute, second, millis;
  unsigned weekday;  // 0 = Sunday
};

Parts split(TimePoint t) {
  const sys_days day_point = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd(day_point);
  const auto in_day = t - day_point;
  const auto ms = static_cast<unsigned>(in_day.count());
  return Parts{static_cast<int>(ymd.year()),
               static_cast<unsigned>(ymd.month()),
               static_cast<unsigned>(ymd.day()),
               ms / 3'600'000,
               ms / 60'000 % 60,
               ms / 1000 % 60,
               ms % 1000,
               std::chrono::weekday(day_point).c_encoding()};
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string format_utc(TimePoint t) {
  const Parts p = split(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", p.year, p.month, p.day, p.hour,
                p.minute, p.second);
  return buf;
}

std::string format_utc_millis(TimePoint t) {
  const Parts p = split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", p.year, p.month, p.day,
                p.hour, p.minute, p.second, p.millis);
  return buf;
}

std::string format_aws_timestamp(TimePoint t) {
  const Parts p = split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02u:%02u:%02u.%03u", p.year, p.month, p.day,
                p.hour, p.minute, p.second, p.millis);
  return buf;
}

std::string format_http_date(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Parts p = split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02u:%02u:%02u GMT", kDays[p.weekday], p.day,
                kMonths[p.month - 1], p.year, p.hour, p.minute, p.second);
  return buf;
}

std::optional<TimePoint> parse_datetime(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') ||
      !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
      !digits(s, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < s.size()) {
    if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
      ++pos;
    } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
      int oh, om;
      if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_minutes = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
      pos += 6;
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const TimePoint base = std::chrono::time_point_cast<Millis>(sys_days(ymd));
  return base + std::chrono::hours(hour) + std::chrono::minutes(minute - offset_minutes) +
         std::chrono::seconds(second) + Millis(millis);
}

std::optional<Millis> parse_duration(std::string_view s) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.size() < 2 || s.front() != 'P') return std::nullopt;
  s.remove_prefix(1);
  bool in_time = false;
  bool any = false;
  double total_ms = 0;
  while (!s.empty()) {
    if (s.front() == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      s.remove_prefix(1);
      if (s.empty()) return std::nullopt;
      continue;
    }
    std::size_t n = 0;
    double value = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
      value = value * 10 + (s[n] - '0');
      ++n;
      if (value > 1e12) return std::nullopt;
    }
    if (n == 0) return std::nullopt;
    if (n < s.size() && (s[n] == '.' || s[n] == ',')) {
      ++n;
      double scale = 0.1;
      const std::size_t start = n;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
        value += (s[n] - '0') * scale;
        scale /= 10;
        ++n;
      }
      if (n == start) return std::nullopt;
    }
    if (n >= s.size()) return std::nullopt;
    const char unit = s[n];
    double unit_ms = 0;
    if (!in_time) {
      switch (unit) {
        case 'Y':
          unit_ms = 365.0 * 86'400'000;
          break;
        case 'M':
          unit_ms = 30.0 * 86'400'000;
          break;
        case 'W':
          unit_ms = 7.0 * 86'400'000;
          break;
        case 'D':
          unit_ms = 86'400'000;
          break;
        default:
          return std::nullopt;
      }
    } else {
      switch (unit) {
        case 'H':
          unit_ms = 3'600'000;
          break;
        case 'M':
          unit_ms = 60'000;
          break;
        case 'S':
          unit_ms = 1000;
          break;
        default:
          return std::nullopt;
      }
    }
    total_ms += value * unit_ms;
    any = true;
    s.remove_prefix(n + 1);
  }
  // About 31,000 years: beyond that no caller means it, and int64 milliseconds still hold it.
  if (!any || total_ms > 1e15) return std::nullopt;
  const auto ms = static_cast<std::int64_t>(total_ms + 0.5);
  return Millis(negative ? -ms : ms);
}

std::string format_duration(Millis d) {
  std::string out = d.count() < 0 ? "-P" : "P";
  auto ms = d.count() < 0 ? -d.count() : d.count();
  const auto day_ms = std::int64_t{86'400'000};
  if (ms >= day_ms) {
    out += std::to_string(ms / day_ms) + "D";
    ms %= day_ms;
    if (ms == 0) return out;
  }
  out += "T";
  if (ms >= 3'600'000) {
    out += std::to_string(ms / 3'600'000) + "H";
    ms %= 3'600'000;
  }
  if (ms >= 60'000) {
    out += std::to_string(ms / 60'000) + "M";
    ms %= 60'000;
  }
  if (ms > 0 || out.back() == 'T') {
    out += std::to_string(ms / 1000);
    if (ms % 1000 != 0) {
      char frac[8];
      std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms % 1000));
      out += frac;
    }
    out += "S";
  }
  return out;
}

TimePoint add_years(TimePoint t, int n) {
  const sys_days day_point = std::chrono::floor<days>(t);
  const auto in_day = t - day_point;
  std::chrono::year_month_day ymd(day_point);
  ymd += std::chrono::years(n);
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;
  return std::chrono::time_point_cast<Millis>(sys_days(ymd)) + in_day;
}

}  // namespace core::util
