#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/clock.hpp"
#include "scenarios/transport.hpp"

namespace scenarios {

enum class TargetKind { kExternal, kProcess, kEmbedded, kDerived };
std::string to_string(TargetKind kind);

// A server a scenario talks to, by name ("scim", "idp"). The runner speaks HTTP only: requests
// go to base_url() + path, and virtual time moves through POST <harness>/_harness/clock,
// whatever kind of target it is.
class Target {
 public:
  Target(std::string name, std::string base_url, std::optional<std::string> token);
  virtual ~Target() = default;
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;

  virtual TargetKind kind() const = 0;

  const std::string& name() const { return name_; }
  // Never ends with '/'.
  const std::string& base_url() const { return base_url_; }
  const std::optional<std::string>& token() const { return token_; }
  // Where /_harness/ lives: the origin of base_url() unless set otherwise; "" = none.
  const std::string& harness_url() const { return harness_url_; }
  void set_harness_url(std::string url) { harness_url_ = std::move(url); }

  // POST /_harness/clock {"advance": "<ISO duration>"}; nullopt on 200, else the reason.
  std::optional<std::string> advance_clock(core::util::Millis by, Transport& transport) const;
  // POST /_harness/clock {"set": "<instant>"}.
  std::optional<std::string> set_clock(const std::string& instant, Transport& transport) const;

 private:
  std::optional<std::string> post_clock(const std::string& body, Transport& transport) const;

  std::string name_;
  std::string base_url_;
  std::optional<std::string> token_;
  std::string harness_url_;
};

// A server somebody else runs, given by URL (and bearer token) on the command line.
class ExternalTarget final : public Target {
 public:
  using Target::Target;
  TargetKind kind() const override { return TargetKind::kExternal; }
};

// A target seen through an include's override: another base URL and token on the same server
// (the harness stays the parent's).
class DerivedTarget final : public Target {
 public:
  using Target::Target;
  TargetKind kind() const override { return TargetKind::kDerived; }
};

// A server binary started by the runner with --listen 127.0.0.1:0; the URL comes from its
// readiness line ("listening on URL"). The destructor sends SIGTERM and waits.
class ProcessTarget final : public Target {
 public:
  // Throws std::runtime_error if the binary cannot start or prints no readiness line in time.
  static std::unique_ptr<ProcessTarget> spawn(const std::string& name, const std::string& binary,
                                              const std::vector<std::string>& args,
                                              std::optional<std::string> token);
  ~ProcessTarget() override;
  TargetKind kind() const override { return TargetKind::kProcess; }
  // SIGTERM, wait; returns the exit status (128+signal if killed).
  int stop();

 private:
  ProcessTarget(std::string name, std::string url, std::optional<std::string> token, int pid,
                int stdout_fd);
  int pid_;
  int stdout_fd_;
};

// The named targets of a run. Owns them.
class TargetSet {
 public:
  void add(std::unique_ptr<Target> target);
  Target* find(const std::string& name) const;
  std::vector<Target*> all() const;
  bool empty() const { return targets_.empty(); }

 private:
  std::map<std::string, std::unique_ptr<Target>> targets_;
};

}  // namespace scenarios
