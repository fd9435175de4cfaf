#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/scim/list_response.hpp"
#include "mock-scim/identity_store/identity_store.hpp"
#include "mock-scim/quirks.hpp"

namespace mock_scim::scim {

// The SCIM operations with AWS's rules, in plain C++: each takes decoded input and returns the
// response body, or throws core::scim::Error. The HTTP layer only decodes and encodes.
// Thread-safe (the store is; quirks are read per call).
class ScimService {
 public:
  ScimService(identity_store::IdentityStore& store, const Quirks& quirks)
      : store_(store), quirks_(quirks) {}

  std::string create_user(const nlohmann::json& body);  // 201
  std::string get_user(std::string_view id) const;
  std::string replace_user(std::string_view id, const nlohmann::json& body);
  std::string patch_user(std::string_view id, const nlohmann::json& body);  // 200 + user
  void delete_user(std::string_view id);                                    // 204
  std::string list_users(const core::scim::ListQuery& query) const;

  std::string create_group(const nlohmann::json& body);  // 201
  std::string get_group(std::string_view id) const;
  void patch_group(std::string_view id, const nlohmann::json& body);  // 204
  void delete_group(std::string_view id);                             // 204
  std::string list_groups(const core::scim::ListQuery& query) const;

 private:
  identity_store::IdentityStore& store_;
  const Quirks& quirks_;
};

}  // namespace mock_scim::scim
