#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace scenarios {

// Expectations on JSON are subsets: every member of an expected object must be present and
// match; every element of an expected array must match some element of the actual array (any
// order); scalars compare equal. An object whose keys all start with '$' is a matcher:
//   {"$regex": "^urn:"}   ECMAScript regex searched in a string (numbers and booleans as text)
//   {"$type": "string"}   string|number|integer|boolean|object|array|null
//   {"$absent": true}     the member must not exist (inside an object only)
//   {"$exists": true}     any value
//   {"$eq": <json>}       exactly equal (no subset)
//   {"$ne": <json>}       not equal
//   {"$ieq": "Text"}      case-insensitive string equality
//   {"$contains": x}      substring of a string, or an element of an array (subset match)
//   {"$len": n}           length of a string, array or object
// Several operators in one matcher must all hold.

// nullopt if `actual` matches `expected`, else the first difference with its JSON pointer
// ("/Resources/0/userName: expected \"a\", got \"b\"").
std::optional<std::string> match_json(const nlohmann::json& expected, const nlohmann::json& actual);

// Matches text (a header value, a non-JSON body): a JSON string means exact equality; a
// matcher object applies to the text as a JSON string. `absent` says the text does not exist.
std::optional<std::string> match_text(const nlohmann::json& expected, const std::string* actual);

// Load-time check of an expectation: unknown $operators, bad regexes, bad $type names.
// nullopt if fine, else "<pointer>: reason".
std::optional<std::string> check_expectation(const nlohmann::json& expected);

// True if `value` is an object whose keys all start with '$' (and it has at least one).
bool is_matcher(const nlohmann::json& value);

// Regexes are searched in at most this many bytes; a longer subject fails the match with a
// reason (std::regex recursion grows with the subject).
constexpr std::size_t kMaxRegexSubject = 256 * 1024;

}  // namespace scenarios
