#pragma once

#include <string>
#include <string_view>

namespace core::scim {

// ASCII case-insensitive comparison (SCIM attribute names and operators, RFC 7644 §3.4.2.2).
bool iequals(std::string_view a, std::string_view b);
// ASCII lower case; other bytes (UTF-8) unchanged.
std::string to_lower(std::string_view text);
// Appends `text` as a JSON string literal (quotes included). `text` must be UTF-8; control
// characters are escaped, other bytes are copied.
void append_json_string(std::string& out, std::string_view text);

}  // namespace core::scim
