#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mock_scim::scim {

// Cursor paging ([DG-users]): a cursor names the last resource returned and the filter it was
// made for, in AWS's cursor alphabet [-a-zA-Z0-9+=/:_].
std::string make_cursor(std::uint64_t after_seq, const std::optional<std::string>& filter);

// The seq to continue after: 0 for an empty cursor (the first page). Throws core::scim::Error
// 400 for a cursor this server did not make, or one made for another filter.
std::uint64_t read_cursor(std::string_view cursor, const std::optional<std::string>& filter);

}  // namespace mock_scim::scim
