#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core::crypto {

// RFC 4648 §4 base64 with padding, no line breaks.
std::string base64_encode(std::string_view bytes);
// Decodes RFC 4648 §4 base64. ASCII whitespace (CR, LF, space, tab) is skipped, as XML
// <X509Certificate> and HTML form values carry line breaks; padding is optional. Returns nullopt
// for any other character, misplaced padding or a dangling final symbol.
std::optional<std::string> base64_decode(std::string_view text);

// Percent-encodes everything except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~);
// a space becomes "%20". Suitable for query values of the SAML HTTP-Redirect binding.
std::string url_encode(std::string_view text);
// Decodes %XX escapes; with `plus_is_space` (application/x-www-form-urlencoded) '+' becomes a
// space. Returns nullopt for a truncated or non-hex escape.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space = true);

// Lower-case hex of `bytes`; `upper` for Windows-style thumbprints.
std::string hex_encode(std::string_view bytes, bool upper = false);

}  // namespace core::crypto
