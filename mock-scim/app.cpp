#include "mock-scim/app.hpp"

#include <chrono>

#include "mock-scim/http/error_rendering.hpp"
#include "mock-scim/http/routes_admin.hpp"
#include "mock-scim/http/routes_scim.hpp"
#include "mock-scim/http/routes_sso_admin.hpp"

namespace mock_scim {

std::string make_tenant_id(core::util::IdGenerator& ids) {
  const std::string uuid = ids.uuid4();
  return ids.alnum(11) + uuid.substr(8);
}

App::App(Config config, core::util::Logger& log, std::optional<std::uint64_t> seed)
    : config_(std::move(config)),
      log_(log),
      clock_(system_clock_),
      ids_(seed ? *seed : config_.seed),
      store_(clock_, ids_),
      provisioning_(clock_, ids_),
      scim_(store_, quirks_),
      tenant_id_(config_.tenant_id.empty() ? make_tenant_id(ids_) : config_.tenant_id) {
  config_.server.request_id_header = "x-amzn-RequestId";
  // Every route answers from memory and never waits on another server.
  config_.server.handlers_may_block = false;
  server_ = std::make_unique<core::net::HttpServer>(config_.server, clock_, ids_, log_);
  apply_configured_quirks();
  http::install_error_rendering(*this);
  http::install_scim_routes(*this);
  http::install_admin_routes(*this);
  // The sso-admin / identitystore / SAML SP routes are installed here, on server() with
  // identity_store() and clock(), once they exist.
  http::install_identity_center_routes(*this);
}

App::~App() { stop(); }

std::string App::start() {
  server_->bind();
  thread_ = std::thread([this] { server_->run(); });
  // run() flips running() as soon as it starts accepting; wait a bounded time for it.
  for (int i = 0; i < 2000 && !server_->running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server_->listen_url();
}

void App::stop() {
  if (thread_.joinable()) {
    // A stop() before run() has started accepting would be lost: wait (bounded) for it.
    for (int i = 0; i < 2000 && !server_->running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    server_->stop();
    thread_.join();
  }
}

std::string App::url() const { return server_->listen_url(); }

std::string App::scim_endpoint() const {
  return server_->public_url() + "/" + tenant_id_ + "/scim/v2";
}

void App::apply_configured_quirks() {
  quirks_.clear();
  for (const auto q : config_.quirks) quirks_.set(q, true);
}

void App::reset() {
  store_.clear();
  provisioning_.reset();
  faults_.clear();
  apply_configured_quirks();
  for (const auto& hook : reset_hooks_) hook();
}

}  // namespace mock_scim
