// mock-idp: the Azure AD tenant emulator. Flags → Config → App → serve until SIGTERM.
#include <iostream>

#include "core/net/process.hpp"
#include "core/util/logger.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/config.hpp"

namespace {

constexpr const char* kUsage =
    "usage: mock-idp [options]\n"
    "Emulates an Azure AD (Microsoft Entra ID) tenant: Microsoft Graph directory API, the\n"
    "\"AWS IAM Identity Center\" enterprise application and its SAML identity provider.\n\n";

constexpr const char* kOwnFlags =
    "  --auto-approve         non-interactive sign-in: a login_hint (or --default-user) is\n"
    "                         signed in at once, no login page\n"
    "  --default-user UPN     user signed in by --auto-approve when a request has no login_hint\n"
    "  --outbox FILE          also append each notification email to FILE (one JSON per line)\n"
    "  --help                 this text\n";

}  // namespace

int main(int argc, char** argv) {
  core::net::ShutdownSignals signals;
  core::net::CommonFlags flags;
  std::vector<std::string> rest;
  if (const auto error = core::net::parse_common_flags(argc, argv, flags, rest)) {
    std::cerr << "mock-idp: " << *error << "\n";
    return 2;
  }
  std::optional<bool> auto_approve;
  std::optional<std::string> default_user;
  std::optional<std::string> outbox_file;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == "--help" || rest[i] == "-h") {
      std::cout << kUsage << core::net::common_flags_usage() << kOwnFlags;
      return 0;
    }
    if (rest[i] == "--auto-approve") {
      auto_approve = true;
    } else if (rest[i] == "--default-user" && i + 1 < rest.size()) {
      default_user = rest[++i];
    } else if (rest[i] == "--outbox" && i + 1 < rest.size()) {
      outbox_file = rest[++i];
    } else {
      std::cerr << "mock-idp: unknown argument \"" << rest[i] << "\" (see --help)\n";
      return 2;
    }
  }
  core::util::Logger log(std::cerr, "mock-idp");
  core::util::Logger::Level level;
  if (!core::util::Logger::parse_level(flags.log_level, level)) {
    std::cerr << "mock-idp: unknown log level \"" << flags.log_level << "\"\n";
    return 2;
  }
  log.set_level(level);
  try {
    mock_idp::Config config;
    config.server = flags.server;
    if (!flags.config_path.empty()) {
      config = mock_idp::load_config_file(flags.config_path, std::move(config));
    }
    if (auto_approve) config.sign_in.auto_approve = *auto_approve;
    if (default_user) config.sign_in.default_user = *default_user;
    if (outbox_file) config.provisioning.outbox_file = *outbox_file;
    mock_idp::App app(std::move(config), log, flags.seed);
    log.info("tenant " + app.tenant_id());
    return core::net::serve_until_signalled(app.server(), signals, std::cout);
  } catch (const mock_idp::ConfigError& e) {
    std::cerr << "mock-idp: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mock-idp: " << e.what() << "\n";
    return 1;
  }
}
