#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/server_process.hpp"

namespace scim_e2e {

// A running mock-scim with automatic provisioning enabled: `base` is the SCIM path prefix
// ("/<tenant>/scim/v2") and `token` the access token it was given.
struct Scim {
  explicit Scim(std::vector<std::string> args = {}, bool enable = true);

  httplib::Result get(const std::string& path, const std::string& token_override = "-") const;
  httplib::Result post(const std::string& path, const nlohmann::json& body) const;
  httplib::Result put(const std::string& path, const nlohmann::json& body) const;
  httplib::Result patch(const std::string& path, const nlohmann::json& body) const;
  httplib::Result del(const std::string& path) const;
  httplib::Result raw(const std::string& method, const std::string& path, const std::string& body,
                      const httplib::Headers& headers) const;
  // POST to a /_harness/ route with a JSON body.
  httplib::Result harness_post(const std::string& path, const std::string& body = "{}") const;
  httplib::Headers auth() const;

  // GET <base>/Users?filter=... (URL-encoded here).
  nlohmann::json list(const std::string& resource, const std::string& query) const;
  // POST /Users with a valid user named `user_name`; returns the created user.
  nlohmann::json create_user(const std::string& user_name) const;
  nlohmann::json create_group(const std::string& display_name) const;

  std::unique_ptr<test_support::ServerProcess> server;
  std::unique_ptr<httplib::Client> client;
  std::string endpoint;  // the full scimEndpoint
  std::string base;      // its path
  std::string tenant;
  std::string token;
};

// A user body as Azure AD's legacy dialect sends it (facts/azure-ad.md §5.2).
nlohmann::json azure_user(const std::string& user_name);

// The AWS envelope checks every error answer must pass; returns the parsed body.
nlohmann::json check_envelope(const httplib::Result& res, int status);

std::string url_encode(const std::string& text);

}  // namespace scim_e2e
