#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/id_generator.hpp"

namespace mock_scim::sso_admin {

struct Account {
  std::string id;  // 12 digits
  std::string name;
  std::string email;
};

// The emulated AWS Organization and the IAM Identity Center instance in it. Immutable after
// start-up (config file or flags, validated once).
struct Organization {
  std::string region = "eu-central-1";
  std::string instance_id;        // "ssoins-" + 16 hex
  std::string identity_store_id;  // "d-" + 10 hex
  std::string instance_name = "Identity Center";
  std::string management_account_id;
  std::vector<Account> accounts;  // every account, the management account included

  std::string instance_arn() const { return "arn:aws:sso:::instance/" + instance_id; }
  // "https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx" (the SP entity id).
  std::string saml_issuer() const;
  const Account* find_account(std::string_view id) const;
  // GET /_harness/organization: {"managementAccountId","accounts":[{"id","name","email"}],
  // "region","instanceArn","identityStoreId"}.
  nlohmann::json to_json() const;
};

// Reads {"region","instance":{"id","identityStoreId","name"},"managementAccount":{"id","name",
// "email"},"accounts":[{"id","name","email"}]}; every member is optional. Missing ids are drawn
// from `ids` (deterministic with a seed). Returns an error message for invalid input (the
// binary exits 2): bad account id, duplicate accounts, bad instance or identity store id,
// unknown region shape.
std::optional<std::string> parse_organization(const nlohmann::json& in,
                                              core::util::IdGenerator& ids, Organization& out);

// A default organization: a management account and three member accounts.
Organization default_organization(core::util::IdGenerator& ids);

}  // namespace mock_scim::sso_admin
