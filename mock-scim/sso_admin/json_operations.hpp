#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.hpp"
#include "mock-scim/sso_admin/pagination.hpp"

namespace mock_scim::sso_admin {

// What the AWS JSON 1.1 APIs (SsoAdminApi, IdentityStoreApi) share.

// One operation: the request object in, the response object out. Throws AwsError.
using JsonOperation = std::function<nlohmann::json(const nlohmann::json&)>;
// Operations by name (the part of X-Amz-Target after the dot).
using JsonOperations = std::map<std::string, JsonOperation, std::less<>>;

// Runs `operation` of `ops` on `body`; UnknownOperationException when `ops` has none.
nlohmann::json call_operation(const JsonOperations& ops, std::string_view operation,
                              const nlohmann::json& body);

// A timestamp as JSON 1.1 sends it: epoch seconds, the milliseconds as the fraction.
double epoch_seconds(core::util::TimePoint t);

// The page `p` of `items` as the array member `member`, each item as `to_json` encodes it, plus
// NextToken (for the list `tag`) when items remain after the page.
template <typename T, typename ToJson>
nlohmann::json json_page(const std::vector<T>& items, const PageRequest& p, std::string_view tag,
                         const char* member, ToJson to_json) {
  nlohmann::json out = {{member, nlohmann::json::array()}};
  for (std::size_t i = p.offset; i < items.size() && i < p.offset + p.limit; ++i) {
    out[member].push_back(to_json(items[i]));
  }
  if (p.offset + p.limit < items.size()) out["NextToken"] = next_token(tag, p.offset + p.limit);
  return out;
}

// The same for items that are JSON values as they are (strings).
template <typename T>
nlohmann::json json_page(const std::vector<T>& items, const PageRequest& p, std::string_view tag,
                         const char* member) {
  return json_page(items, p, tag, member, [](const T& item) { return nlohmann::json(item); });
}

}  // namespace mock_scim::sso_admin
