#include "mock-idp/sso/aadsts.hpp"

#include "core/util/iso8601.hpp"
#include "core/xml/document.hpp"

namespace mock_idp::sso {

namespace aadsts {

AadstsError tenant_not_found(const std::string& tenant) {
  return {90002,
          "Tenant '" + tenant +
              "' not found. Check to make sure you have the correct tenant ID and are signing "
              "into the correct cloud.",
          400};
}

AadstsError no_saml_request() {
  return {750054,
          "SAMLRequest or SAMLResponse must be present as query string parameters in HTTP "
          "request for SAML Redirect binding.",
          400};
}

AadstsError invalid_saml_message(const std::string& why) {
  return {75005, "The request is not a valid Saml2 protocol message. " + why, 400};
}

AadstsError invalid_saml_id(const std::string& id) {
  return {7500529,
          "The value '" + id + "' is not a valid SAML ID. The ID must not begin with a number.",
          400};
}

AadstsError unknown_issuer(const std::string& issuer, const std::string& tenant) {
  return {700016,
          "Application with identifier '" + issuer + "' was not found in the directory '" + tenant +
              "'. This can happen if the application has not been installed by the administrator "
              "of the tenant or consented to by any user in the tenant. You may have sent your "
              "authentication request to the wrong tenant.",
          400};
}

AadstsError unknown_application(const std::string& app_id, const std::string& tenant) {
  return unknown_issuer(app_id, tenant);
}

AadstsError signed_request_required(const std::string& app_id) {
  return {76021,
          "The application '" + app_id +
              "' requires signed requests, but the request received was not signed.",
          400};
}

AadstsError subject_not_supported() {
  return invalid_saml_message(
      "A Subject is not supported in an AuthnRequest; pass the user with the login_hint query "
      "parameter instead.");
}

AadstsError reply_url_mismatch(const std::string& url, const std::string& app_id) {
  return {50011,
          "The redirect URI '" + url +
              "' specified in the request does not match the redirect URIs configured for the "
              "application '" +
              app_id +
              "'. Make sure the redirect URI sent in the request matches one added to your "
              "application in the Azure portal.",
          400};
}

AadstsError no_reply_url(const std::string& app_id) {
  return {50011,
          "No reply address is registered for the application '" + app_id +
              "'. Add a Reply URL (Assertion Consumer Service URL) in the Basic SAML "
              "Configuration.",
          400};
}

AadstsError name_id_policy(const std::string& format) {
  return {75016,
          "The requested NameIDPolicy format '" + format +
              "' is not supported. Use persistent, emailAddress, unspecified or transient.",
          400};
}

AadstsError authn_context_mismatch(const std::string& requested) {
  return {75011,
          "Authentication method 'Password' by which the user authenticated with the service "
          "doesn't match requested authentication method '" +
              requested + "'. Contact the application owner.",
          400};
}

AadstsError user_not_found(const std::string& upn, const std::string& tenant) {
  return {50034,
          "The user account " + upn + " does not exist in the " + tenant +
              " directory. To sign into this application, the account must be added to the "
              "directory.",
          400};
}

AadstsError bad_password() {
  return {50126, "Error validating credentials due to invalid username or password.", 400};
}

AadstsError user_disabled() { return {50057, "The user account is disabled.", 400}; }

AadstsError not_assigned(const std::string& user_id, const std::string& app_id,
                         const std::string& app_name) {
  return {50105,
          "Your administrator has configured the application " + app_name + " ('" + app_id +
              "') to block users unless they are specifically granted ('assigned') access to the "
              "application. The signed in user '{EUII Hidden}' (" +
              user_id +
              ") is blocked because they are not a direct member of a group with access, nor "
              "had access directly assigned by an administrator. Please contact your "
              "administrator to assign access to this application.",
          403};
}

AadstsError name_id_missing(const std::string& source) {
  return {501241,
          "Mandatory Input '" + source +
              "' missing from transformation 'NameIdentifier'. The user has no value for the "
              "attribute chosen as Unique User Identifier.",
          400};
}

AadstsError no_signing_key(const std::string& app_id) {
  return {50003, "No signing key configured for the application '" + app_id + "'.", 500};
}

AadstsError login_context_expired() {
  return {50058,
          "The sign-in request expired or is unknown. Start the sign-in again from the "
          "application.",
          400};
}

}  // namespace aadsts

namespace {

std::string details(const TraceInfo& trace) {
  return "Trace ID: " + trace.request_id + "\r\nCorrelation ID: " + trace.correlation_id +
         "\r\nTimestamp: " + core::util::format_utc(trace.timestamp);
}

}  // namespace

std::string render_error_page(const AadstsError& error, const TraceInfo& trace) {
  using core::xml::escape;
  const std::string code = std::to_string(error.code);
  std::string html;
  html.reserve(2048);
  html +=
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>Sign in to your account</title>"
      "<style>body{font-family:'Segoe UI',sans-serif;background:#f2f2f2}"
      ".box{max-width:440px;margin:60px auto;background:#fff;padding:44px;"
      "box-shadow:0 2px 6px rgba(0,0,0,.2)}.err{color:#1b1b1b}"
      "table{font-size:12px;color:#666}</style></head><body><div class=\"box\">"
      "<div class=\"logo\">Microsoft</div>"
      "<h1 id=\"title\">Sign in</h1>"
      "<p>Sorry, but we&#39;re having trouble signing you in.</p>"
      "<p class=\"err\" id=\"error\" data-code=\"AADSTS";
  html += code;
  html += "\">";
  html += escape(error.text());
  html +=
      "</p><details open><summary>Troubleshooting details</summary>"
      "<p>If you contact your administrator, send this info to them.</p><table>"
      "<tr><td>Request Id:</td><td id=\"request-id\">";
  html += escape(trace.request_id);
  html += "</td></tr><tr><td>Correlation Id:</td><td id=\"correlation-id\">";
  html += escape(trace.correlation_id);
  html += "</td></tr><tr><td>Timestamp:</td><td id=\"timestamp\">";
  html += escape(core::util::format_utc(trace.timestamp));
  html += "</td></tr><tr><td>Message:</td><td>";
  html += escape(error.text());
  html += "</td></tr></table><p><a href=\"https://login.microsoftonline.com/error?code=";
  html += code;
  html += "\">More details</a></p></details></div></body></html>\n";
  return html;
}

nlohmann::json error_json(const AadstsError& error, const TraceInfo& trace) {
  return {
      {"error", error.http_status == 403 ? "unauthorized_client" : "invalid_request"},
      {"error_description", error.text() + "\r\n" + details(trace)},
      {"error_codes", nlohmann::json::array({error.code})},
      {"timestamp", core::util::format_utc(trace.timestamp)},
      {"trace_id", trace.request_id},
      {"correlation_id", trace.correlation_id},
      {"error_uri", "https://login.microsoftonline.com/error?code=" + std::to_string(error.code)}};
}

}  // namespace mock_idp::sso
