#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core::crypto {

// Raw DEFLATE (RFC 1951, no zlib or gzip header), as the SAML HTTP-Redirect binding requires
// (SAML bindings §3.4.4.1). Throws std::runtime_error only if zlib itself fails.
std::string deflate_raw(std::string_view data);

// Inverse of deflate_raw. Returns nullopt when the input is not a complete raw DEFLATE stream
// or when the output would exceed `max_output` bytes (decompression bombs stop at the cap
// without allocating beyond it); `too_large`, if given, tells the second case from the first.
std::optional<std::string> inflate_raw(std::string_view data, std::size_t max_output,
                                       bool* too_large = nullptr);

}  // namespace core::crypto
