#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/net/server.hpp"
#include "core/util/clock.hpp"
#include "mock-idp/directory/directory.hpp"
#include "mock-idp/sso/certificate_store.hpp"
#include "mock-idp/sso/settings.hpp"

namespace mock_idp {

// A configuration or fixture that cannot be used. main() prints what() and exits 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything mock-idp needs to start: how to serve, the tenant, the sign-in settings and the
// fixture that seeds the directory (users, groups, apps). Immutable once the App is built.
// The provisioning service's settings ("provisioning" in the config file).
struct ProvisioningSettings {
  std::string outbox_file;                     // notification mails also appended here (JSON lines)
  std::optional<core::util::Millis> interval;  // between incremental cycles (default PT40M)
};

struct Config {
  core::net::ServerOptions server;
  ProvisioningSettings provisioning;
  directory::Tenant tenant;  // id empty: generated from the seed
  directory::DirectoryOptions directory;
  sso::SignInSettings sign_in;
  // The "users", "groups" and "apps" arrays of the fixture file (see README.md), validated
  // when the App loads them.
  nlohmann::json fixture = nlohmann::json::object();
};

// Reads the fixture/config JSON (see mock-idp/config/example.json) on top of `base` (which
// carries the command-line server options). Throws ConfigError with a one-line reason.
Config config_from_json(const nlohmann::json& json, Config base = {});
// Same, from a file. Throws ConfigError if it cannot be read or parsed.
Config load_config_file(const std::string& path, Config base = {});

// Seeds `directory` and `certificates` from config.fixture: groups first, then users, then
// memberships (members named by userPrincipalName or group displayName), then apps from the
// gallery template with their SAML settings, assignments and a signing certificate each.
// Throws ConfigError naming the offending entry; the stores may then be half-filled (the App
// is not started).
void load_fixture(const nlohmann::json& fixture, directory::Directory& directory,
                  sso::CertificateStore& certificates);

}  // namespace mock_idp
