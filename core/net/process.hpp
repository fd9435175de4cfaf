#pragma once

#include <atomic>
#include <csignal>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/net/server.hpp"

namespace core::net {

// The flags every server binary shares (DESIGN.md, automation contract).
struct CommonFlags {
  ServerOptions server;
  std::string config_path;  // --config FILE
  std::uint64_t seed = 0;   // --seed N: reproducible ids (0 = random)
  std::string log_level = "info";
};

// Usage text for the common flags, one per line, for --help.
std::string common_flags_usage();

// Parses the common flags from argv; anything it does not know goes to `rest` in order.
// Returns an error message for a malformed value (the caller exits 2).
std::optional<std::string> parse_common_flags(int argc, const char* const* argv, CommonFlags& out,
                                              std::vector<std::string>& rest);

// Blocks SIGTERM and SIGINT in this thread and every thread started after it (construct it
// first in main), and ignores SIGPIPE. wait() returns when one arrives or stop() is called.
class ShutdownSignals {
 public:
  ShutdownSignals();
  // Returns the signal number, or 0 if stop() ended the wait.
  int wait();
  void stop() { stopped_.store(true); }

 private:
  sigset_t set_{};
  std::atomic<bool> stopped_{false};
};

// Binds, prints exactly "listening on <url>" on `ready` and flushes, serves until a signal,
// then stops gracefully. Returns the process exit status (0 on SIGTERM/SIGINT).
int serve_until_signalled(HttpServer& server, ShutdownSignals& signals, std::ostream& ready);

}  // namespace core::net
