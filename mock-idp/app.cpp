#include "mock-idp/app.hpp"

#include <chrono>

#include "core/net/harness.hpp"
#include "core/util/iso8601.hpp"
#include "mock-idp/http/routes.hpp"
#include "mock-idp/http/routes_provisioning.hpp"

namespace mock_idp {

namespace {

directory::Tenant with_id(directory::Tenant tenant, core::util::IdGenerator& ids) {
  if (tenant.id.empty()) tenant.id = ids.uuid4();
  return tenant;
}

// The key behind the foreignKey fault: same subject as Azure's, never published.
core::crypto::SigningCredential foreign_credential(const core::util::Clock& clock,
                                                   core::util::IdGenerator& ids) {
  const auto now = std::chrono::floor<std::chrono::seconds>(clock.now());
  return core::crypto::make_signing_credential(sso::kCertificateCn, now,
                                               core::util::add_years(now, 3), ids);
}

}  // namespace

App::App(Config config, core::util::Logger& log, std::uint64_t seed)
    : config_(std::move(config)),
      log_(log),
      clock_(system_clock_),
      ids_(seed),
      directory_(with_id(config_.tenant, ids_), clock_, ids_, config_.directory),
      certificates_(clock_, ids_),
      sign_in_(directory_, certificates_, clock_, ids_, foreign_credential(clock_, ids_)),
      server_(config_.server, clock_, ids_, log_) {
  load_fixture(config_.fixture, directory_, certificates_);
  sign_in_.set_settings(config_.sign_in);
  initial_directory_ = directory_.snapshot();
  initial_certificates_ = certificates_.dump();

  core::net::HarnessHooks hooks;
  hooks.service = "mock-idp";
  hooks.reset = [this] { reset(); };
  hooks.clock_changed = [this] { clock_changed(); };
  hooks.faults = [this] { return sso::faults_json(sign_in_.faults()); };
  hooks.set_faults = [this](const nlohmann::json& body) -> std::optional<std::string> {
    sso::SignInFaults faults = sign_in_.faults();
    if (auto error = sso::apply_faults(body, faults)) return error;
    sign_in_.set_faults(faults);
    return std::nullopt;
  };
  core::net::install_harness(server_, clock_, std::move(hooks));
  http::install_routes(*this);
  // Modules that extend the app (provisioning, issue 5) are installed here.
  http::install_provisioning(*this);
}

App::~App() { stop(); }

std::string App::start() {
  std::lock_guard lock(run_mutex_);
  if (started_) return server_.listen_url();
  server_.bind();
  thread_ = std::thread([this] { server_.run(); });
  // stop() before run() has started accepting would be lost; wait until it runs.
  while (!server_.running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  started_ = true;
  log_.info("listening on " + server_.listen_url() + " (tenant " + tenant_id() + ")");
  return server_.listen_url();
}

void App::stop() {
  std::lock_guard lock(run_mutex_);
  if (!started_) return;
  server_.stop();
  if (thread_.joinable()) thread_.join();
  started_ = false;
}

std::string App::url() const { return server_.port() == 0 ? std::string() : server_.listen_url(); }

std::string App::public_url() const { return server_.public_url(); }

void App::on_reset(std::function<void()> listener) {
  reset_listeners_.push_back(std::move(listener));
}

void App::on_clock_changed(std::function<void()> listener) {
  clock_listeners_.push_back(std::move(listener));
}

void App::own(std::shared_ptr<void> module) { modules_.push_back(std::move(module)); }

void App::reset() {
  directory_.restore(initial_directory_);
  certificates_.restore(initial_certificates_);
  sign_in_.reset(config_.sign_in);
  for (const auto& listener : reset_listeners_) listener();
}

void App::clock_changed() {
  directory_.purge_expired();
  for (const auto& listener : clock_listeners_) listener();
}

}  // namespace mock_idp
