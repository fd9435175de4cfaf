#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mock_scim::sso_admin {

// Where a List* call starts and how many it returns. NextToken is opaque to clients; ours
// encodes the offset (or a store cursor) and a tag of the list it belongs to, so a token of another
// list or a forged one is a ValidationException ("Invalid NextToken").
struct PageRequest {
  std::size_t offset = 0;
  std::size_t limit = 100;
};

// `tag` names the list (e.g. "ps"); `max_results` is the validated MaxResults, if given.
PageRequest read_page(std::string_view tag, const std::optional<std::string>& next_token,
                      std::optional<std::int64_t> max_results, std::size_t default_limit = 100);

// The token for the page that starts at `offset`.
std::string next_token(std::string_view tag, std::size_t offset);

}  // namespace mock_scim::sso_admin
