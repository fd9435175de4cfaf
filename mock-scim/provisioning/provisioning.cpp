#include "mock-scim/provisioning/provisioning.hpp"

#include <algorithm>

#include "core/util/iso8601.hpp"

namespace mock_scim::provisioning {
namespace {

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  }
  return diff == 0;
}

}  // namespace

IssuedToken Provisioning::issue_locked() {
  Token token;
  token.info.id = ids_.uuid4();
  token.info.created = clock_.now();
  token.info.expires = core::util::add_years(token.info.created, kTokenValidityYears);
  // Shaped like tokens seen in the wild: <uuid>:<uuid>:<opaque>.
  token.secret = ids_.uuid4() + ":" + ids_.uuid4() + ":" + ids_.secret(96);
  tokens_.push_back(token);
  return {token.info, token.secret};
}

IssuedToken Provisioning::enable() {
  std::unique_lock lock(mutex_);
  if (enabled_) {
    throw ConsoleRefusal(
        "automatic provisioning is already enabled; create another access token with POST "
        "/_harness/provisioning/tokens");
  }
  enabled_ = true;
  return issue_locked();
}

void Provisioning::disable() {
  std::unique_lock lock(mutex_);
  if (!enabled_) throw ConsoleRefusal("automatic provisioning is not enabled");
  if (!tokens_.empty()) {
    throw ConsoleRefusal(
        "delete every access token first (DELETE /_harness/provisioning/tokens/{tokenId}), as "
        "the console demands");
  }
  enabled_ = false;
}

IssuedToken Provisioning::create_token() {
  std::unique_lock lock(mutex_);
  if (!enabled_) {
    throw ConsoleRefusal("automatic provisioning is not enabled (POST /_harness/provisioning)");
  }
  if (tokens_.size() >= kMaxTokens) {
    throw ConsoleRefusal(
        "an IAM Identity Center directory supports up to two access tokens at a time; delete "
        "an expired or unused token first");
  }
  return issue_locked();
}

bool Provisioning::delete_token(std::string_view id) {
  std::unique_lock lock(mutex_);
  const auto it =
      std::find_if(tokens_.begin(), tokens_.end(), [&](const Token& t) { return t.info.id == id; });
  if (it == tokens_.end()) return false;
  tokens_.erase(it);
  return true;
}

std::vector<TokenInfo> Provisioning::tokens() const {
  std::shared_lock lock(mutex_);
  std::vector<TokenInfo> out;
  for (const auto& t : tokens_) out.push_back(t.info);
  return out;
}

bool Provisioning::enabled() const {
  std::shared_lock lock(mutex_);
  return enabled_;
}

bool Provisioning::expired(const TokenInfo& token) const { return clock_.now() >= token.expires; }

AuthResult Provisioning::authenticate(std::string_view secret) const {
  std::shared_lock lock(mutex_);
  if (!enabled_) return AuthResult::kNotEnabled;
  if (secret.empty()) return AuthResult::kMissing;
  for (const auto& t : tokens_) {
    if (same_secret(t.secret, secret)) {
      return clock_.now() >= t.info.expires ? AuthResult::kExpired : AuthResult::kOk;
    }
  }
  return AuthResult::kUnknown;
}

void Provisioning::reset() {
  std::unique_lock lock(mutex_);
  enabled_ = false;
  tokens_.clear();
}

}  // namespace mock_scim::provisioning
