#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace mock_idp::sso {

// How users authenticate at the sign-in endpoints (GET|PUT /_harness/settings).
struct SignInSettings {
  // Non-interactive mode for CI: a request that names a user (login_hint, or default_user)
  // is approved at once and answered with the auto-posting Response form, no login page.
  bool auto_approve = false;
  // The user signed in when auto_approve is on and the request carries no login_hint.
  std::optional<std::string> default_user;
};

// Deliberate defects in the Responses the IdP issues (GET|PUT /_harness/faults), so that SP
// developers can watch their SP refuse them. All off by default.
struct SignInFaults {
  bool unsigned_response = false;           // "unsigned": no signature anywhere
  bool foreign_key = false;                 // "foreignKey": signed by a key not in the metadata
  bool expired = false;                     // "expired": NotOnOrAfter already past
  bool not_yet_valid = false;               // "notYetValid": NotBefore an hour ahead
  bool wrong_audience = false;              // "wrongAudience"
  bool wrong_destination = false;           // "wrongDestination": Destination and Recipient
  std::chrono::milliseconds clock_skew{0};  // "clockSkew": ISO-8601 duration, may be negative
};

// Audience and destination written by the wrong* faults.
inline constexpr const char* kWrongAudience = "https://wrong-audience.invalid/";
inline constexpr const char* kWrongDestination = "https://wrong-destination.invalid/acs";

nlohmann::json settings_json(const SignInSettings& settings);
// Applies the keys present in `body` onto `settings`; returns an error message (and leaves
// `settings` unchanged) for unknown keys or wrong types.
std::optional<std::string> apply_settings(const nlohmann::json& body, SignInSettings& settings);

nlohmann::json faults_json(const SignInFaults& faults);
std::optional<std::string> apply_faults(const nlohmann::json& body, SignInFaults& faults);

}  // namespace mock_idp::sso
