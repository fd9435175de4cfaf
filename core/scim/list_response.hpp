#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core::scim {

// `count` limits of AWS's ListUsers/ListGroups ([DG-users]).
inline constexpr int kMaxCount = 100;
inline constexpr int kDefaultCount = 100;
inline constexpr std::size_t kMaxCursorLength = 256;

// The query parameters of a list request, validated. startIndex, attributes and
// excludedAttributes are accepted by the caller and not represented: they change nothing.
struct ListQuery {
  std::optional<std::string> filter;
  int count = kDefaultCount;
  // Present (possibly empty) = cursor mode: the answer carries nextCursor, no totalResults.
  std::optional<std::string> cursor;
};

// Validates raw parameters (nullopt = absent). Throws Error 400 for a count outside
// 1..kMaxCount or not a number, a cursor outside [-a-zA-Z0-9+=/:_]* or longer than the limit.
ListQuery parse_list_query(const std::optional<std::string>& filter,
                           const std::optional<std::string>& count,
                           const std::optional<std::string>& cursor);

// A ListResponse around already serialised resources. Classic mode: totalResults,
// itemsPerPage, startIndex 1. Cursor mode: itemsPerPage and nextCursor (if any) only.
std::string render_list_response(const std::vector<std::string>& resources, std::size_t total,
                                 bool cursor_mode, const std::optional<std::string>& next_cursor);

}  // namespace core::scim
