#include "core/scim/list_response.hpp"

#include <charconv>

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"

namespace core::scim {
namespace {

bool cursor_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '+' || c == '=' || c == '/' || c == ':' || c == '_';
}

}  // namespace

ListQuery parse_list_query(const std::optional<std::string>& filter,
                           const std::optional<std::string>& count,
                           const std::optional<std::string>& cursor) {
  ListQuery q;
  q.filter = filter;
  if (count) {
    int n = 0;
    const auto* end = count->data() + count->size();
    const auto [ptr, ec] = std::from_chars(count->data(), end, n);
    if (ec != std::errc() || ptr != end || n < 1 || n > kMaxCount) {
      throw Error::invalid_value("\"count\" must be a whole number from 1 to " +
                                 std::to_string(kMaxCount) + ".");
    }
    q.count = n;
  }
  if (cursor) {
    if (cursor->size() > kMaxCursorLength) throw Error::invalid_value("The cursor is too long.");
    for (char c : *cursor) {
      if (!cursor_char(c)) throw Error::invalid_value("The cursor is malformed.");
    }
    q.cursor = cursor;
  }
  return q;
}

std::string render_list_response(const std::vector<std::string>& resources, std::size_t total,
                                 bool cursor_mode, const std::optional<std::string>& next_cursor) {
  std::size_t size = 160;
  for (const auto& r : resources) size += r.size() + 1;
  std::string out;
  out.reserve(size);
  out += '{';
  if (!cursor_mode) {
    out += "\"totalResults\":" + std::to_string(total) + ",";
  }
  out += "\"itemsPerPage\":" + std::to_string(resources.size()) + ",";
  if (!cursor_mode) {
    out += "\"startIndex\":1,";
  } else if (next_cursor) {
    out += "\"nextCursor\":";
    append_json_string(out, *next_cursor);
    out += ',';
  }
  out += "\"schemas\":[";
  append_json_string(out, kListResponseSchema);
  out += "],\"Resources\":[";
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (i) out += ',';
    out += resources[i];
  }
  out += "]}";
  return out;
}

}  // namespace core::scim
