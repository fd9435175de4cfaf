#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/net/server.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/logger.hpp"
#include "mock-scim/config.hpp"
#include "mock-scim/http/faults.hpp"
#include "mock-scim/identity_store/identity_store.hpp"
#include "mock-scim/provisioning/provisioning.hpp"
#include "mock-scim/quirks.hpp"
#include "mock-scim/scim/service.hpp"

namespace mock_scim {

// The composition root of one emulated IAM Identity Center instance: it owns the clock, the id
// generator, the stores and the HTTP server, and installs every route. Runs from main() or
// in-process (the scenario runner embeds it). Other control planes register their routes on
// server() with the stores below, before start().
class App {
 public:
  // `seed` overrides config.seed (reproducible ids, tokens and tenant id).
  App(Config config, core::util::Logger& log, std::optional<std::uint64_t> seed = std::nullopt);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds (port 0 allowed) and serves on a background thread; returns the listen URL.
  // Throws std::runtime_error if the address cannot be bound.
  std::string start();
  // Stops serving and joins the thread; safe to call twice.
  void stop();
  // The listen URL ("http://127.0.0.1:PORT"); valid after start() or server().bind().
  std::string url() const;

  core::util::VirtualClock& clock() { return clock_; }
  core::util::IdGenerator& ids() { return ids_; }
  core::net::HttpServer& server() { return *server_; }
  identity_store::IdentityStore& identity_store() { return store_; }
  provisioning::Provisioning& provisioning() { return provisioning_; }
  scim::ScimService& scim() { return scim_; }
  Quirks& quirks() { return quirks_; }
  http::Faults& faults() { return faults_; }
  const Config& config() const { return config_; }
  core::util::Logger& log() { return log_; }

  const std::string& tenant_id() const { return tenant_id_; }
  // <public URL>/<tenantId>/scim/v2 (what the console shows as "SCIM endpoint").
  std::string scim_endpoint() const;

  // Back to the state at start-up: no users, groups, tokens or provisioning; faults cleared;
  // quirks as configured. Calls the hooks added with on_reset(). The clock is not touched.
  void reset();
  // Adds state that /_harness/reset must clear too (call before start()).
  void on_reset(std::function<void()> hook) { reset_hooks_.push_back(std::move(hook)); }

 private:
  void apply_configured_quirks();

  Config config_;
  core::util::Logger& log_;
  core::util::SystemClock system_clock_;
  core::util::VirtualClock clock_;
  core::util::IdGenerator ids_;
  Quirks quirks_;
  http::Faults faults_;
  identity_store::IdentityStore store_;
  provisioning::Provisioning provisioning_;
  scim::ScimService scim_;
  std::string tenant_id_;
  std::vector<std::function<void()>> reset_hooks_;
  std::unique_ptr<core::net::HttpServer> server_;
  std::thread thread_;
};

// A tenant id in the shape AWS shows ([SSOSYNC-274]): 11 alphanumerics, then the last four
// groups of a UUID, e.g. "f3vd2aa29dc-223c-4e5c-91b9-8ca1bb1faf7b".
std::string make_tenant_id(core::util::IdGenerator& ids);

}  // namespace mock_scim
