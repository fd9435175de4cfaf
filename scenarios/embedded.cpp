#include "scenarios/embedded.hpp"

#if defined(HARNESS_HAVE_MOCK_SCIM)
#include "mock-scim/app.hpp"
#endif
#if defined(HARNESS_HAVE_MOCK_IDP)
#include "mock-idp/app.hpp"
#endif

namespace scenarios {
namespace {

// An app of this build, started in-process; the runner still reaches it over HTTP only.
template <typename App>
class EmbeddedTarget final : public Target {
 public:
  EmbeddedTarget(std::string name, std::unique_ptr<App> app, std::string url,
                 std::optional<std::string> token)
      : Target(std::move(name), std::move(url), std::move(token)), app_(std::move(app)) {}
  ~EmbeddedTarget() override { app_->stop(); }
  TargetKind kind() const override { return TargetKind::kEmbedded; }

 private:
  std::unique_ptr<App> app_;
};

template <typename Config>
Config loopback_config() {
  Config config;
  config.server.host = "127.0.0.1";
  config.server.port = 0;
  config.server.access_log = false;
  return config;
}

template <typename App>
std::unique_ptr<Target> wrap(const std::string& name, std::unique_ptr<App> app,
                             std::optional<std::string> token) {
  const std::string url = app->start();
  return std::make_unique<EmbeddedTarget<App>>(name, std::move(app), url, std::move(token));
}

}  // namespace

std::vector<std::string> embedded_target_names() {
  std::vector<std::string> out;
#if defined(HARNESS_HAVE_MOCK_IDP)
  out.push_back("idp");
#endif
#if defined(HARNESS_HAVE_MOCK_SCIM)
  out.push_back("scim");
#endif
  return out;
}

std::unique_ptr<Target> make_embedded_target(const std::string& name,
                                             std::optional<std::string> token,
                                             core::util::Logger& log, std::uint64_t seed,
                                             std::string& error) {
#if defined(HARNESS_HAVE_MOCK_SCIM)
  if (name == "scim") {
    auto app =
        std::make_unique<mock_scim::App>(loopback_config<mock_scim::Config>(), log,
                                         seed ? std::optional<std::uint64_t>(seed) : std::nullopt);
    return wrap(name, std::move(app), token);
  }
#endif
#if defined(HARNESS_HAVE_MOCK_IDP)
  if (name == "idp") {
    auto app = std::make_unique<mock_idp::App>(loopback_config<mock_idp::Config>(), log, seed);
    return wrap(name, std::move(app), token);
  }
#endif
  (void)token;
  (void)log;
  (void)seed;
  error = "this build cannot embed a target named \"" + name + "\"";
  if (name == "scim" || name == "idp") {
    error += " (it was built without " + std::string(name == "scim" ? "mock-scim" : "mock-idp") +
             "); give --target " + name + "=URL or " + name + "=exec:PATH";
  } else {
    error += ": give --target " + name + "=URL or " + name + "=exec:PATH";
  }
  return nullptr;
}

}  // namespace scenarios
