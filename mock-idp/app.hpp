#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/net/server.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/logger.hpp"
#include "core/xmlsig/library.hpp"
#include "mock-idp/config.hpp"
#include "mock-idp/directory/directory.hpp"
#include "mock-idp/sso/certificate_store.hpp"
#include "mock-idp/sso/sign_in.hpp"

namespace mock_idp {

// The Azure AD tenant emulator: owns the clock, the id generator, the directory, the signing
// certificates, the SAML identity provider and the HTTP server with every route (Graph,
// federation metadata, sign-in, /_harness). Runs embedded (start()/stop(), e.g. in the scenario
// runner) or from main() (server() + serve_until_signalled).
//
// Modules that extend the app (the provisioning service) read the directory through
// directory() (snapshot(), changes_since()), add routes on server().routes() before start(),
// subscribe to on_reset()/on_clock_changed(), and hand their state to own().
class App {
 public:
  // Loads config.fixture. `seed` fixes every generated id (0: random). Throws ConfigError for a
  // fixture that cannot be loaded.
  App(Config config, core::util::Logger& log, std::uint64_t seed = 0);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds (port 0 picks a free one) and serves on a background thread. Returns the listen URL
  // "http://127.0.0.1:PORT". Throws std::runtime_error if the address cannot be bound.
  std::string start();
  // Stops serving and joins the thread. Idempotent.
  void stop();
  // The listen URL once bound ("" before), and the base put into documents (--public-url or
  // the listen URL; never ends with '/').
  std::string url() const;
  std::string public_url() const;

  core::util::VirtualClock& clock() { return clock_; }
  core::util::IdGenerator& ids() { return ids_; }
  core::util::Logger& log() { return log_; }
  core::net::HttpServer& server() { return server_; }
  const Config& config() const { return config_; }
  directory::Directory& directory() { return directory_; }
  sso::CertificateStore& certificates() { return certificates_; }
  sso::SignInService& sign_in() { return sign_in_; }
  const std::string& tenant_id() const { return directory_.tenant().id; }

  // Called (in registration order) after POST /_harness/reset restored the start-up state,
  // and after /_harness/clock moved the clock. Register before start().
  void on_reset(std::function<void()> listener);
  void on_clock_changed(std::function<void()> listener);
  // Keeps a module's state alive as long as the app (destroyed after the server stopped).
  void own(std::shared_ptr<void> module);

  // Back to the state at start-up: directory, certificates, settings, faults, sessions.
  void reset();

 private:
  void clock_changed();

  Config config_;
  core::util::Logger& log_;
  core::xmlsig::Library xmlsec_;
  core::util::SystemClock system_clock_;
  core::util::VirtualClock clock_;
  core::util::IdGenerator ids_;
  directory::Directory directory_;
  sso::CertificateStore certificates_;
  sso::SignInService sign_in_;
  core::net::HttpServer server_;
  directory::Snapshot initial_directory_;
  std::map<std::string, std::vector<sso::SigningCertificate>> initial_certificates_;
  std::vector<std::function<void()>> reset_listeners_;
  std::vector<std::function<void()>> clock_listeners_;
  std::vector<std::shared_ptr<void>> modules_;
  std::mutex run_mutex_;
  std::thread thread_;
  bool started_ = false;
};

}  // namespace mock_idp
