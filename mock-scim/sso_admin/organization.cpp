#include "mock-scim/sso_admin/organization.hpp"

#include <set>

#include "mock-scim/sso_admin/validation.hpp"

namespace mock_scim::sso_admin {
namespace {

std::string random_account_id(core::util::IdGenerator& ids) {
  std::string out;
  for (int i = 0; i < 12; ++i) {
    out += static_cast<char>('0' + static_cast<int>(ids.next_u64() % 10));
  }
  if (out[0] == '0') out[0] = '1';
  return out;
}

bool is_region(std::string_view r) {
  // "eu-central-1", "us-gov-west-1": lower-case words and a trailing number.
  if (r.empty() || r.size() > 32) return false;
  const auto dash = r.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == r.size()) return false;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const char c = r[i];
    if (i > dash) {
      if (c < '0' || c > '9') return false;
    } else if (!((c >= 'a' && c <= 'z') || c == '-')) {
      return false;
    }
  }
  return true;
}

bool is_instance_id(std::string_view s) {
  return is_instance_arn("arn:aws:sso:::instance/" + std::string(s));
}

std::optional<std::string> read_string(const nlohmann::json& obj, const char* key,
                                       std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (!it->is_string()) return std::string("\"") + key + "\" must be a string";
  out = it->get<std::string>();
  return std::nullopt;
}

std::optional<std::string> read_account(const nlohmann::json& in, Account& out,
                                        core::util::IdGenerator& ids) {
  if (!in.is_object()) return "an account must be an object";
  if (auto e = read_string(in, "id", out.id)) return e;
  if (auto e = read_string(in, "name", out.name)) return e;
  if (auto e = read_string(in, "email", out.email)) return e;
  if (out.id.empty()) out.id = random_account_id(ids);
  if (!is_account_id(out.id)) return "account id \"" + out.id + "\" is not 12 digits";
  if (out.name.empty() || out.name.size() > 50) return "account " + out.id + " needs a name (1-50)";
  return std::nullopt;
}

}  // namespace

std::string Organization::saml_issuer() const {
  return "https://" + region + ".signin.aws.amazon.com/platform/saml/" + identity_store_id;
}

const Account* Organization::find_account(std::string_view id) const {
  for (const auto& a : accounts) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

nlohmann::json Organization::to_json() const {
  nlohmann::json accs = nlohmann::json::array();
  for (const auto& a : accounts) {
    accs.push_back({{"id", a.id},
                    {"name", a.name},
                    {"email", a.email},
                    {"management", a.id == management_account_id}});
  }
  return {{"managementAccountId", management_account_id},
          {"accounts", accs},
          {"region", region},
          {"instanceArn", instance_arn()},
          {"identityStoreId", identity_store_id}};
}

std::optional<std::string> parse_organization(const nlohmann::json& in,
                                              core::util::IdGenerator& ids, Organization& out) {
  if (!in.is_object()) return "the organization must be a JSON object";
  Organization org;
  if (auto e = read_string(in, "region", org.region)) return e;
  if (!is_region(org.region)) return "region \"" + org.region + "\" is not a region name";
  if (const auto it = in.find("instance"); it != in.end()) {
    if (!it->is_object()) return "\"instance\" must be an object";
    if (auto e = read_string(*it, "id", org.instance_id)) return e;
    if (auto e = read_string(*it, "identityStoreId", org.identity_store_id)) return e;
    if (auto e = read_string(*it, "name", org.instance_name)) return e;
  }
  if (org.instance_id.empty()) org.instance_id = "ssoins-" + ids.hex(16);
  if (org.identity_store_id.empty()) org.identity_store_id = "d-" + ids.hex(10);
  if (!is_instance_id(org.instance_id)) {
    return "instance id \"" + org.instance_id + "\" is not ssoins- and 16 characters";
  }
  if (org.identity_store_id.size() != 12 || !is_identity_store_id(org.identity_store_id)) {
    return "identity store id \"" + org.identity_store_id + "\" is not d- and 10 hex digits";
  }
  Account management{"", "Management", ""};
  if (const auto it = in.find("managementAccount"); it != in.end()) {
    if (auto e = read_account(*it, management, ids)) return e;
  } else {
    management.id = random_account_id(ids);
  }
  org.management_account_id = management.id;
  org.accounts.push_back(management);
  if (const auto it = in.find("accounts"); it != in.end()) {
    if (!it->is_array()) return "\"accounts\" must be an array";
    for (const auto& a : *it) {
      Account acc;
      if (auto e = read_account(a, acc, ids)) return e;
      org.accounts.push_back(std::move(acc));
    }
  }
  std::set<std::string> seen;
  for (const auto& a : org.accounts) {
    if (!seen.insert(a.id).second) return "account " + a.id + " is listed twice";
  }
  out = std::move(org);
  return std::nullopt;
}

Organization default_organization(core::util::IdGenerator& ids) {
  Organization org;
  const nlohmann::json in = {
      {"accounts", {{{"name", "Production"}}, {{"name", "Staging"}}, {{"name", "Sandbox"}}}}};
  parse_organization(in, ids, org);
  return org;
}

}  // namespace mock_scim::sso_admin
