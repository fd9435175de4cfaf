#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/net/server.hpp"
#include "mock-scim/quirks.hpp"

namespace mock_scim {

// Everything mock-scim needs to start; immutable once the App is built.
struct Config {
  core::net::ServerOptions server;  // listen address, public URL, limits, TLS
  std::uint64_t seed = 0;           // reproducible ids and tokens; 0 = random
  std::string log_level = "info";
  // The SCIM tenant id in the path; "" = generated in AWS's observed shape at start.
  std::string tenant_id;
  std::vector<Quirk> quirks;  // switched on at start (and again after /_harness/reset)
  // "organization" of the config file (sso_admin::parse_organization shape); null = generated.
  nlohmann::json organization;
};

// Command-line help for mock-scim (common flags included).
std::string usage();

// Parses the command line into `out`: the common flags plus --tenant-id ID and --quirk NAME
// (repeatable). A --config FILE is read as JSON {"tenantId": "...", "quirks": ["..."]}.
// Returns a one-line reason on error (main exits 2). Sets `help` for --help.
std::optional<std::string> parse_config(int argc, const char* const* argv, Config& out, bool& help);

// Applies a JSON configuration document to `out`; returns a reason on error.
std::optional<std::string> apply_config_json(const std::string& text, Config& out);

// True if `id` may be used as a tenant id: 1..64 characters of [A-Za-z0-9-].
bool valid_tenant_id(const std::string& id);

}  // namespace mock_scim
