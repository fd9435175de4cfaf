#include "mock-scim/sp/pages.hpp"

namespace mock_scim::sp {
namespace {

std::string page(std::string_view title, std::string_view body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
         html_escape(title) +
         "</title></head>\n<body style=\"font-family:sans-serif;margin:2em\">\n" +
         std::string(body) + "\n</body></html>\n";
}

std::string url_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string error_page() {
  return page("AWS access portal",
              "<h1>An unexpected error has occurred</h1>\n"
              "<p>Please try again. If the problem persists, contact your administrator.</p>");
}

std::string not_configured_page() {
  return page("AWS access portal",
              "<h1>Sign-in is not available</h1>\n"
              "<p>No external identity provider is configured for this instance.</p>");
}

std::string portal_page(std::string_view user_name, std::string_view portal_url,
                        const std::vector<sso_admin::Entitlement>& entitlements) {
  std::string body = "<h1>AWS access portal</h1>\n<p>" + html_escape(portal_url) +
                     "</p>\n<p>Signed in as <strong id=\"user\">" + html_escape(user_name) +
                     "</strong></p>\n";
  if (entitlements.empty()) {
    body += "<p id=\"none\">You do not have any applications.</p>\n";
  } else {
    body += "<ul id=\"accounts\">\n";
    for (const auto& e : entitlements) {
      body += "<li data-account=\"" + html_escape(e.account_id) + "\" data-role=\"" +
              html_escape(e.permission_set_name) + "\">" + html_escape(e.account_name) + " (" +
              html_escape(e.account_id) +
              ") &mdash; <a href=\"/federation/credentials?account_id=" + url_escape(e.account_id) +
              "&amp;role_name=" + url_escape(e.permission_set_name) + "\">" +
              html_escape(e.permission_set_name) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  body += "<form method=\"post\" action=\"/logout\"><button>Sign out</button></form>";
  return page("AWS access portal", body);
}

}  // namespace mock_scim::sp
