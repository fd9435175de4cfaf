#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace test_support {

// One real server binary started for a test: `binary --listen 127.0.0.1:0 <args>`. The
// constructor waits for the readiness line ("listening on URL") and throws if the process
// exits or stays silent for 10 s. stop() sends SIGTERM and returns the exit status; the
// destructor stops a server that is still running. stderr goes to the test's stderr.
class ServerProcess {
 public:
  ServerProcess(const std::string& binary, std::vector<std::string> args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& url() const { return url_; }  // "http://127.0.0.1:PORT"
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // A fresh keep-alive client for this server (5 s timeouts).
  std::unique_ptr<httplib::Client> client() const;

  // SIGTERM, then waits (up to 10 s, then SIGKILL). Returns the exit status, or 128+signal
  // if it died by a signal.
  int stop();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string url_;
  std::string host_;
  int port_ = 0;
};

// What a program printed (stdout and stderr together) and its exit status (-1 if it died by a
// signal). Stdin is /dev/null.
struct ExitResult {
  int status = -1;
  std::string output;
};
// Runs `binary args...` to completion. Arguments are single-quoted for the shell (they must
// not contain a single quote).
ExitResult run_to_exit(const std::string& binary, const std::vector<std::string>& args);

}  // namespace test_support
