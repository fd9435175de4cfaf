#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/util/clock.hpp"

namespace mock_idp::sso {

// A sign-in failure as Azure AD reports it: "AADSTS<code>: <message>" on the error page, or
// in the JSON error body a client gets when it asks for application/json
// (facts/azure-ad.md §3.4).
struct AadstsError {
  int code = 0;         // 50011, 700016, ...
  std::string message;  // without the "AADSTSnnnn: " prefix
  int http_status = 400;

  std::string text() const { return "AADSTS" + std::to_string(code) + ": " + message; }
};

// The ids and instant shown under "Troubleshooting details".
struct TraceInfo {
  std::string request_id;      // Trace ID
  std::string correlation_id;  // Correlation ID
  core::util::TimePoint timestamp{};
};

// Azure's errors (reference-error-codes). Messages follow Azure's wording.
namespace aadsts {
AadstsError tenant_not_found(const std::string& tenant);                                // 90002
AadstsError no_saml_request();                                                          // 750054
AadstsError invalid_saml_message(const std::string& why);                               // 75005
AadstsError invalid_saml_id(const std::string& id);                                     // 7500529
AadstsError unknown_issuer(const std::string& issuer, const std::string& tenant);       // 700016
AadstsError unknown_application(const std::string& app_id, const std::string& tenant);  // 700016
AadstsError signed_request_required(const std::string& app_id);                         // 76021
AadstsError subject_not_supported();                                                    // 75005
AadstsError reply_url_mismatch(const std::string& url, const std::string& app_id);      // 50011
AadstsError no_reply_url(const std::string& app_id);                                    // 50011
AadstsError name_id_policy(const std::string& format);                                  // 75016
AadstsError authn_context_mismatch(const std::string& requested);                       // 75011
AadstsError user_not_found(const std::string& upn, const std::string& tenant);          // 50034
AadstsError bad_password();                                                             // 50126
AadstsError user_disabled();                                                            // 50057
AadstsError not_assigned(const std::string& user_id, const std::string& app_id,
                         const std::string& app_name);   // 50105
AadstsError name_id_missing(const std::string& source);  // 501241
AadstsError no_signing_key(const std::string& app_id);   // 50003
AadstsError login_context_expired();                     // 50058
}  // namespace aadsts

// Azure's error page: "Sign in to your account", "Sorry, but we're having trouble signing you
// in.", the AADSTS text and the troubleshooting details. All values HTML-escaped.
std::string render_error_page(const AadstsError& error, const TraceInfo& trace);

// The JSON shape of Azure's login errors: error, error_description (with Trace ID, Correlation
// ID and Timestamp lines), error_codes, timestamp, trace_id, correlation_id, error_uri.
nlohmann::json error_json(const AadstsError& error, const TraceInfo& trace);

}  // namespace mock_idp::sso
