#include "mock-idp/config.hpp"

#include <fstream>
#include <sstream>

#include "core/util/iso8601.hpp"
#include "mock-idp/directory/graph_json.hpp"
#include "mock-idp/sso/app_settings.hpp"

namespace mock_idp {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxConfigBytes = 64 * 1024 * 1024;

std::string where(const std::string& section, std::size_t index) {
  return section + "[" + std::to_string(index) + "]";
}

json array_of(const json& fixture, const char* key) {
  const auto it = fixture.find(key);
  if (it == fixture.end()) return json::array();
  if (!it->is_array()) throw ConfigError(std::string("\"") + key + "\" must be an array");
  return *it;
}

std::string string_field(const json& object, const char* key, const std::string& at) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw ConfigError(at + ": \"" + key + "\" must be a non-empty string");
  }
  return it->get<std::string>();
}

// A member or assignee named by UPN (users) or displayName (groups).
std::string resolve_principal(const directory::Directory& dir, const json& name,
                              const std::string& at) {
  if (!name.is_string()) throw ConfigError(at + ": members are named by strings");
  const std::string n = name.get<std::string>();
  if (const auto user = dir.find_user(n)) return user->id;
  for (const auto& g : dir.list_groups()) {
    if (g.display_name == n || g.id == n) return g.id;
  }
  throw ConfigError(at + ": no user or group named \"" + n + "\"");
}

}  // namespace

Config config_from_json(const json& j, Config base) {
  if (!j.is_object()) throw ConfigError("the configuration must be a JSON object");
  Config c = std::move(base);
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (k == "tenant") {
      if (!v.is_object()) throw ConfigError("\"tenant\" must be an object");
      for (auto t = v.begin(); t != v.end(); ++t) {
        if (t.key() == "id") {
          c.tenant.id = string_field(v, "id", "tenant");
        } else if (t.key() == "displayName") {
          c.tenant.display_name = string_field(v, "displayName", "tenant");
        } else if (t.key() == "domains") {
          if (!t->is_array() || t->empty()) {
            throw ConfigError("tenant.domains must be a non-empty array of domain names");
          }
          c.tenant.domains.clear();
          for (const auto& d : *t) {
            if (!d.is_string() || d.get_ref<const std::string&>().find('.') == std::string::npos) {
              throw ConfigError("tenant.domains must hold domain names");
            }
            c.tenant.domains.push_back(d.get<std::string>());
          }
        } else {
          throw ConfigError("unknown key tenant." + t.key());
        }
      }
    } else if (k == "signIn") {
      if (const auto error = sso::apply_settings(v, c.sign_in)) {
        throw ConfigError("signIn: " + *error);
      }
    } else if (k == "directory") {
      if (!v.is_object()) throw ConfigError("\"directory\" must be an object");
      for (auto d = v.begin(); d != v.end(); ++d) {
        if (d.key() == "softDeleteSecurityGroups" && d->is_boolean()) {
          c.directory.soft_delete_security_groups = d->get<bool>();
        } else {
          throw ConfigError("unknown or malformed key directory." + d.key());
        }
      }
    } else if (k == "provisioning") {
      if (!v.is_object()) throw ConfigError("\"provisioning\" must be an object");
      for (auto d = v.begin(); d != v.end(); ++d) {
        if (d.key() == "outboxFile" && d->is_string()) {
          c.provisioning.outbox_file = d->get<std::string>();
        } else if (d.key() == "cycleInterval" && d->is_string()) {
          const auto every = core::util::parse_duration(d->get<std::string>());
          if (!every || every->count() < 60'000) {
            throw ConfigError(
                "provisioning.cycleInterval must be an ISO-8601 duration of at "
                "least PT1M");
          }
          c.provisioning.interval = *every;
        } else {
          throw ConfigError("unknown or malformed key provisioning." + d.key());
        }
      }
    } else if (k == "users" || k == "groups" || k == "apps") {
      if (!v.is_array()) throw ConfigError("\"" + k + "\" must be an array");
      c.fixture[k] = v;
    } else if (k == "$comment" || k == "description") {
      continue;
    } else {
      throw ConfigError("unknown configuration key \"" + k + "\"");
    }
  }
  return c;
}

Config load_config_file(const std::string& path, Config base) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  if (text.size() > kMaxConfigBytes) throw ConfigError(path + " is too large");
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw ConfigError(path + " is not valid JSON");
  return config_from_json(j, std::move(base));
}

void load_fixture(const json& fixture, directory::Directory& dir,
                  sso::CertificateStore& certificates) {
  try {
    const json groups = array_of(fixture, "groups");
    std::vector<std::string> group_ids;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const json& g = groups[i];
      const std::string at = where("groups", i);
      if (!g.is_object()) throw ConfigError(at + " must be an object");
      json body = json::object();
      directory::Group group;
      group.mail_nickname = "group" + std::to_string(i + 1);
      for (auto it = g.begin(); it != g.end(); ++it) {
        if (it.key() == "id") {
          group.id = string_field(g, "id", at);
        } else if (it.key() != "members") {
          body[it.key()] = *it;
        }
      }
      directory::apply_group_patch(group, body);
      group_ids.push_back(dir.create_group(std::move(group)).id);
    }
    const json users = array_of(fixture, "users");
    for (std::size_t i = 0; i < users.size(); ++i) {
      const json& u = users[i];
      const std::string at = where("users", i);
      if (!u.is_object()) throw ConfigError(at + " must be an object");
      json body = json::object();
      directory::User user;
      for (auto it = u.begin(); it != u.end(); ++it) {
        if (it.key() == "id") {
          user.id = string_field(u, "id", at);
        } else if (it.key() == "password") {
          user.password = string_field(u, "password", at);
        } else {
          body[it.key()] = *it;
        }
      }
      directory::apply_user_patch(user, body);
      if (user.display_name.empty()) user.display_name = user.user_principal_name;
      dir.create_user(std::move(user));
    }
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const auto members = groups[i].find("members");
      if (members == groups[i].end()) continue;
      const std::string at = where("groups", i) + ".members";
      if (!members->is_array()) throw ConfigError(at + " must be an array");
      for (const auto& m : *members) dir.add_member(group_ids[i], resolve_principal(dir, m, at));
    }
    const json apps = array_of(fixture, "apps");
    for (std::size_t i = 0; i < apps.size(); ++i) {
      const json& a = apps[i];
      const std::string at = where("apps", i);
      if (!a.is_object()) throw ConfigError(at + " must be an object");
      std::string app_id;
      std::string name = "AWS IAM Identity Center";
      std::string template_id = directory::kAwsTemplateId;
      for (auto it = a.begin(); it != a.end(); ++it) {
        const std::string& k = it.key();
        if (k == "appId") {
          app_id = string_field(a, "appId", at);
        } else if (k == "displayName") {
          name = string_field(a, "displayName", at);
        } else if (k == "templateId") {
          template_id = string_field(a, "templateId", at);
        } else if (k != "saml" && k != "assignments") {
          throw ConfigError(at + ": unknown key \"" + k + "\"");
        }
      }
      const auto [app, sp] = dir.instantiate(template_id, name, app_id);
      dir.update_service_principal(
          sp.id, [](directory::ServicePrincipal& s) { s.preferred_single_sign_on_mode = "saml"; });
      if (const auto saml = a.find("saml"); saml != a.end()) {
        sso::apply_saml_settings(dir, app.app_id, *saml);
      }
      if (const auto assignments = a.find("assignments"); assignments != a.end()) {
        if (!assignments->is_array()) throw ConfigError(at + ".assignments must be an array");
        for (const auto& p : *assignments) {
          dir.assign(sp.id, resolve_principal(dir, p, at + ".assignments"), directory::kUserRoleId);
        }
      }
      certificates.create(sp.id);
    }
  } catch (const directory::GraphError& e) {
    throw ConfigError(std::string("fixture: ") + e.what());
  }
}

}  // namespace mock_idp
