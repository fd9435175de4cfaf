#pragma once

#include <string>
#include <string_view>

namespace core::util {

// ASCII case folding: 'A'-'Z' to 'a'-'z', every other byte (UTF-8 included) unchanged. No program
// here calls setlocale, so this is what std::tolower would do, without a library call per byte.
// For protocol tokens: header names, SCIM attribute names and operators, URL schemes, OData.
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals_ascii(std::string_view a, std::string_view b);
std::string to_lower_ascii(std::string_view text);

}  // namespace core::util
