#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/crypto/keys.hpp"
#include "core/saml/names.hpp"
#include "core/saml/response_builder.hpp"
#include "core/saml/response_validator.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/iso8601.hpp"

namespace saml_test {

inline std::string read_data(const std::string& relative) {
  std::ifstream in(std::string(HARNESS_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data " + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "idp", "idp-rollover" or "foreign" (tests/data/saml/test-only-<name>-{key,cert}.pem).
inline core::crypto::SigningCredential credential(const std::string& name) {
  return core::crypto::SigningCredential{
      core::crypto::SigningKey::from_pem(read_data("saml/test-only-" + name + "-key.pem")),
      core::crypto::Certificate::from_pem(read_data("saml/test-only-" + name + "-cert.pem"))};
}

inline core::util::TimePoint t0() {
  return *core::util::parse_datetime("2026-11-27T12:00:00.000Z");
}

inline constexpr const char* kTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
inline constexpr const char* kIdpEntity =
    "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/";
inline constexpr const char* kSpEntity =
    "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f";
inline constexpr const char* kAcs =
    "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/"
    "85f2a8f3-9efd-4a5d-82d4-536a359a8c35";
inline constexpr const char* kRequestId = "_5c2e0b2a-1d4f-4a8e-9b61-1f0e3c7a9d21";

inline core::saml::ResponseSpec golden_spec() {
  namespace n = core::saml::names;
  core::saml::ResponseSpec s;
  s.issuer = kIdpEntity;
  s.destination = kAcs;
  s.audience = kSpEntity;
  s.in_response_to = kRequestId;
  s.name_id = "alice@contoso.onmicrosoft.com";
  s.issue_instant = t0();
  s.authn_instant = t0() - std::chrono::seconds(30);
  s.claims = {
      {std::string(n::kClaimTenantId), {kTenant}},
      {std::string(n::kClaimObjectId), {"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"}},
      {std::string(n::kClaimDisplayName), {"Alice Example"}},
      {std::string(n::kClaimIdentityProvider), {kIdpEntity}},
      {std::string(n::kClaimAuthnMethodsReferences), {std::string(n::kAuthnMethodPassword)}},
      {std::string(n::kClaimGivenName), {"Alice"}},
      {std::string(n::kClaimSurname), {"Example"}},
      {std::string(n::kClaimEmailAddress), {}},  // null mail: left out
      {std::string(n::kClaimName), {"alice@contoso.onmicrosoft.com"}},
  };
  return s;
}

inline core::saml::ValidatorConfig sp_config() {
  core::saml::ValidatorConfig c;
  c.sp_entity_id = kSpEntity;
  c.acs_url = kAcs;
  c.idp_entity_id = kIdpEntity;
  c.trusted_certificates = {credential("idp").certificate};
  return c;
}

inline bool outstanding(std::string_view id) { return id == kRequestId; }

}  // namespace saml_test

namespace saml_test {

// Replaces the first occurrence of `from`; throws if absent so a mutation never silently
// tests the unmodified document.
inline std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos) throw std::runtime_error("mutation target not found: " + from);
  return s.replace(at, from.size(), to);
}

// The text from the first `begin` up to and including the matching first `end` after it.
inline std::string slice(const std::string& s, const std::string& begin, const std::string& end) {
  const auto a = s.find(begin);
  if (a == std::string::npos) throw std::runtime_error("slice start not found: " + begin);
  const auto b = s.find(end, a);
  if (b == std::string::npos) throw std::runtime_error("slice end not found: " + end);
  return s.substr(a, b + end.size() - a);
}

}  // namespace saml_test
