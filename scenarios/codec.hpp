#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scenarios {

// Standard base64 (RFC 4648 §4); whitespace is skipped. nullopt if malformed.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

// Raw DEFLATE (RFC 1951), as the SAML HTTP-Redirect binding uses it. nullopt if malformed or
// if the output would exceed max_output bytes.
std::optional<std::string> inflate_raw(std::string_view bytes, std::size_t max_output);

// A SAML message as carried by a binding: base64, inflated first if it is deflated
// (HTTP-Redirect). nullopt if it is neither.
std::optional<std::string> decode_saml_message(std::string_view value);

constexpr std::size_t kMaxInflatedBytes = 1024 * 1024;

}  // namespace scenarios
