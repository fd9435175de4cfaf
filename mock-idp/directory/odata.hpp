#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mock_idp::directory {

// The OData query options the lab understands on Graph collections: $filter with `eq` (and
// `startswith(prop,'x')`) joined by `and`, $select, $top and $skiptoken (from @odata.nextLink).
// Other options are refused with Graph's Request_UnsupportedQuery rather than ignored.
struct FilterClause {
  enum class Op { kEq, kStartsWith };
  Op op = Op::kEq;
  std::string property;  // as the resource spells it (resolved case-insensitively)
  nlohmann::json value;  // string, boolean, number or null
};

struct ODataQuery {
  std::vector<FilterClause> filter;
  std::vector<std::string> select;  // empty: the resource's default property set
  std::size_t top = 100;
  std::size_t skip = 0;  // decoded from $skiptoken
};

inline constexpr std::size_t kMaxFilterLength = 2048;
inline constexpr std::size_t kMaxFilterClauses = 16;
inline constexpr std::size_t kMaxPageSize = 999;  // Graph: 1..999 for directory objects

// Parses the query string parameters of a list request. `properties` are the resource's
// known property names (for $filter and $select); `type_name` is "microsoft.graph.user" etc.
// Throws GraphError (400) with Graph's messages on anything it does not accept.
ODataQuery parse_odata(const std::multimap<std::string, std::string>& params,
                       const std::vector<std::string>& properties, const std::string& type_name,
                       std::size_t default_top = 100);

// Parses just a $filter expression (exposed for tests and fuzzing). Throws GraphError.
std::vector<FilterClause> parse_filter(const std::string& text,
                                       const std::vector<std::string>& properties);

// True if `object` satisfies every clause (strings compare case-insensitively, as Azure AD's
// directory does).
bool matches(const nlohmann::json& object, const std::vector<FilterClause>& filter);

// Keeps only the selected properties (or `defaults` when none were selected), in the order
// asked for; "@odata.type" is kept when present.
nlohmann::json project(const nlohmann::json& object, const std::vector<std::string>& select,
                       const std::vector<std::string>& defaults);

// A Graph collection page: {"@odata.context", "value", "@odata.nextLink"?}. `items` are the
// matching objects already projected; `next_base` is the request URL without $skiptoken
// (the page's own query parameters are appended, so paging keeps $filter/$select/$top).
nlohmann::json make_page(const std::vector<nlohmann::json>& items, const ODataQuery& query,
                         const std::string& context_url, const std::string& next_base,
                         const std::multimap<std::string, std::string>& params);

// "$skiptoken" values are opaque to clients; this is how the lab encodes an offset.
std::string encode_skiptoken(std::size_t offset);

}  // namespace mock_idp::directory
