#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace mock_scim::provisioning {

// [UG-ROTATE]: "up to two access tokens at a time"; [UG-AUTO]: valid one year.
inline constexpr std::size_t kMaxTokens = 2;
inline constexpr int kTokenValidityYears = 1;

struct TokenInfo {
  std::string id;
  core::util::TimePoint created{};
  core::util::TimePoint expires{};
};

struct IssuedToken {
  TokenInfo info;
  std::string secret;  // shown once, never again
};

// A console action the current state refuses (HTTP 409 on the harness routes).
class ConsoleRefusal : public std::runtime_error {
 public:
  explicit ConsoleRefusal(const std::string& message) : std::runtime_error(message) {}
};

enum class AuthResult { kOk, kNotEnabled, kMissing, kUnknown, kExpired };

// Automatic provisioning and its access tokens, as the console manages them ([UG-AUTO],
// [UG-ROTATE]). Expiry is read from the injected clock. Thread-safe.
class Provisioning {
 public:
  Provisioning(const core::util::Clock& clock, core::util::IdGenerator& ids)
      : clock_(clock), ids_(ids) {}

  // Enables provisioning and issues the first token. Refused while enabled.
  IssuedToken enable();
  // Refused unless enabled and no token remains ("delete the token first", [UG-AUTO]).
  void disable();
  // Refused unless enabled, and when two tokens exist (expired ones count).
  IssuedToken create_token();
  // False if no such token.
  bool delete_token(std::string_view id);
  std::vector<TokenInfo> tokens() const;
  bool enabled() const;
  bool expired(const TokenInfo& token) const;
  // Checks the bearer secret; the comparison does not stop at the first differing byte.
  AuthResult authenticate(std::string_view secret) const;
  void reset();

 private:
  struct Token {
    TokenInfo info;
    std::string secret;
  };
  IssuedToken issue_locked();

  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  mutable std::shared_mutex mutex_;
  bool enabled_ = false;
  std::vector<Token> tokens_;
};

}  // namespace mock_scim::provisioning
