#include "scenarios/target.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "core/util/iso8601.hpp"

namespace scenarios {
namespace {

// How long a spawned server may take to print its readiness line, and to exit on SIGTERM.
// Process management is the one place that measures real time: it waits for another process.
constexpr std::chrono::seconds kReadyTimeout{10};
constexpr std::chrono::seconds kStopTimeout{10};
constexpr std::size_t kMaxReadinessLine = 4096;

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

int wait_exit(int pid) {
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  while (true) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || r < 0) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::string to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::kExternal:
      return "external";
    case TargetKind::kProcess:
      return "process";
    case TargetKind::kEmbedded:
      return "embedded";
    case TargetKind::kDerived:
      return "derived";
  }
  return "?";
}

Target::Target(std::string name, std::string base_url, std::optional<std::string> token)
    : name_(std::move(name)), base_url_(trim_slash(std::move(base_url))), token_(std::move(token)) {
  if (const auto parts = split_url(base_url_)) harness_url_ = parts->origin;
}

std::optional<std::string> Target::post_clock(const std::string& body, Transport& transport) const {
  if (harness_url_.empty()) return "target " + name_ + " has no /_harness/ to move its clock";
  HttpRequest req;
  req.method = "POST";
  req.url = harness_url_ + "/_harness/clock";
  req.headers = {{"Content-Type", "application/json"}};
  req.body = body;
  const auto res = transport.send(req);
  if (!res.error.empty()) return "target " + name_ + ": POST /_harness/clock: " + res.error;
  if (res.status != 200) {
    return "target " + name_ + ": POST /_harness/clock answered " + std::to_string(res.status) +
           " " + res.body.substr(0, 200);
  }
  return std::nullopt;
}

std::optional<std::string> Target::advance_clock(core::util::Millis by,
                                                 Transport& transport) const {
  return post_clock(nlohmann::json{{"advance", core::util::format_duration(by)}}.dump(), transport);
}

std::optional<std::string> Target::set_clock(const std::string& instant,
                                             Transport& transport) const {
  return post_clock(nlohmann::json{{"set", instant}}.dump(), transport);
}

ProcessTarget::ProcessTarget(std::string name, std::string url, std::optional<std::string> token,
                             int pid, int stdout_fd)
    : Target(std::move(name), std::move(url), std::move(token)), pid_(pid), stdout_fd_(stdout_fd) {}

std::unique_ptr<ProcessTarget> ProcessTarget::spawn(const std::string& name,
                                                    const std::string& binary,
                                                    const std::vector<std::string>& args,
                                                    std::optional<std::string> token) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_s{binary, "--listen", "127.0.0.1:0"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  const int fd = out[0];
  const auto fail = [&](const std::string& why) {
    ::kill(pid, SIGTERM);
    const int status = wait_exit(pid);
    ::close(fd);
    throw std::runtime_error("target " + name + ": " + binary + " " + why + " (exit status " +
                             std::to_string(status) + ")");
  };
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
  while (line.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) fail("printed no readiness line in time");
    if (line.size() > kMaxReadinessLine) fail("printed an overlong first line");
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[256];
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) fail("exited before it was ready");
    line.append(buf, static_cast<std::size_t>(n));
  }
  line.resize(line.find('\n'));
  const std::string prefix = "listening on ";
  if (line.rfind(prefix, 0) != 0) fail("printed an unexpected readiness line: " + line);
  return std::unique_ptr<ProcessTarget>(
      new ProcessTarget(name, line.substr(prefix.size()), std::move(token), pid, fd));
}

int ProcessTarget::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int status = wait_exit(pid_);
  pid_ = -1;
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

ProcessTarget::~ProcessTarget() { stop(); }

void TargetSet::add(std::unique_ptr<Target> target) {
  const std::string name = target->name();
  targets_[name] = std::move(target);
}

Target* TargetSet::find(const std::string& name) const {
  const auto it = targets_.find(name);
  return it == targets_.end() ? nullptr : it->second.get();
}

std::vector<Target*> TargetSet::all() const {
  std::vector<Target*> out;
  for (const auto& [_, t] : targets_) out.push_back(t.get());
  return out;
}

}  // namespace scenarios
