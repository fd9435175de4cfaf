#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace core::scim {

// RFC 7644 §3.4.2.2 comparison operators.
enum class CompareOp { kEq, kNe, kCo, kSw, kEw, kGt, kGe, kLt, kLe, kPr };

// "eq", "ne", ... (lower case).
std::string_view to_string(CompareOp op);

// One `attrPath op compValue` clause. `attribute` keeps the client's spelling (callers compare
// case-insensitively); `value` is a string, boolean, number or null (null for `pr`).
struct Comparison {
  std::string attribute;
  CompareOp op = CompareOp::kEq;
  nlohmann::json value;
};

// A conjunction of comparisons: the part of RFC 7644's filter grammar that SCIM servers such as
// AWS accept. `or`, `not`, grouping and value-path brackets are refused by the parser.
struct Filter {
  std::vector<Comparison> clauses;  // joined by "and"; never empty
};

// Named limits on untrusted filters.
inline constexpr std::size_t kMaxFilterLength = 4096;
inline constexpr std::size_t kMaxFilterClauses = 16;

// Parses a filter. Operators and "and" are case-insensitive (RFC 7644 §3.4.2.2); string values
// use JSON escapes. Throws Error::invalid_filter with the reason and byte position.
Filter parse_filter(std::string_view text);

}  // namespace core::scim
