#include "mock-scim/config.hpp"

#include <fstream>
#include <sstream>

#include "core/net/process.hpp"
#include "mock-scim/sso_admin/organization.hpp"

namespace mock_scim {

std::string usage() {
  std::string text =
      "usage: mock-scim [flags]\n"
      "AWS IAM Identity Center's SCIM v2 server, offline.\n\n" +
      core::net::common_flags_usage() +
      "  --tenant-id ID         tenant id in the SCIM path (default: generated)\n"
      "  --quirk NAME           switch on an observed AWS behaviour (repeatable):\n";
  for (const auto& info : quirk_table()) {
    text += "                           " + std::string(info.name) + "\n";
  }
  return text;
}

bool valid_tenant_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> apply_config_json(const std::string& text, Config& out) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return "the configuration must be a JSON object";
  for (const auto& [key, value] : doc.items()) {
    if (key == "tenantId") {
      if (!value.is_string() || !valid_tenant_id(value.get<std::string>())) {
        return "\"tenantId\" must be 1..64 characters of [A-Za-z0-9-]";
      }
      out.tenant_id = value.get<std::string>();
    } else if (key == "quirks") {
      if (!value.is_array()) return "\"quirks\" must be an array of names";
      for (const auto& name : value) {
        const auto q = name.is_string() ? quirk_from_name(name.get<std::string>()) : std::nullopt;
        if (!q) return "unknown quirk " + name.dump();
        out.quirks.push_back(*q);
      }
    } else if (key == "organization") {
      core::util::IdGenerator check_ids(1);
      sso_admin::Organization check;
      if (auto e = sso_admin::parse_organization(value, check_ids, check))
        return "organization: " + *e;
      out.organization = value;
    } else {
      return "unknown configuration key \"" + key + "\"";
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_config(int argc, const char* const* argv, Config& out,
                                        bool& help) {
  core::net::CommonFlags flags;
  std::vector<std::string> rest;
  if (auto error = core::net::parse_common_flags(argc, argv, flags, rest)) return error;
  out.server = flags.server;
  out.seed = flags.seed;
  out.log_level = flags.log_level;
  help = false;
  if (!flags.config_path.empty()) {
    std::ifstream in(flags.config_path);
    if (!in) return "cannot read " + flags.config_path;
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (auto error = apply_config_json(buffer.str(), out)) {
      return flags.config_path + ": " + *error;
    }
  }
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const std::string& arg = rest[i];
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    auto value = [&](std::string& v) {
      if (eq != std::string::npos) {
        v = arg.substr(eq + 1);
        return true;
      }
      if (i + 1 >= rest.size()) return false;
      v = rest[++i];
      return true;
    };
    std::string v;
    if (name == "--help" || name == "-h") {
      help = true;
    } else if (name == "--tenant-id") {
      if (!value(v) || !valid_tenant_id(v)) return "--tenant-id needs 1..64 of [A-Za-z0-9-]";
      out.tenant_id = v;
    } else if (name == "--quirk") {
      if (!value(v)) return "--quirk needs a name";
      const auto q = quirk_from_name(v);
      if (!q) return "unknown quirk \"" + v + "\" (see --help)";
      out.quirks.push_back(*q);
    } else {
      return "unknown flag \"" + arg + "\" (see --help)";
    }
  }
  return std::nullopt;
}

}  // namespace mock_scim
