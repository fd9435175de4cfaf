#include "mock-idp/sso/pages.hpp"

#include "core/xml/document.hpp"

namespace mock_idp::sso {

namespace {

constexpr const char* kHead =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Sign in to your account</title>"
    "<style>body{font-family:'Segoe UI',sans-serif;background:#f2f2f2}"
    ".box{max-width:440px;margin:60px auto;background:#fff;padding:44px;"
    "box-shadow:0 2px 6px rgba(0,0,0,.2)}input{display:block;width:100%;margin:8px 0;"
    "padding:6px}.err{color:#e81123}button{background:#0067b8;color:#fff;border:0;"
    "padding:8px 24px}</style></head><body><div class=\"box\"><div class=\"logo\">Microsoft</div>";

}  // namespace

std::string render_login_page(const std::string& action_url, const std::string& context_id,
                              const std::string& app_name, const std::string& login_hint,
                              const std::optional<std::string>& error) {
  using core::xml::escape;
  std::string html = kHead;
  html += "<h1 id=\"title\">Sign in</h1><p>to continue to ";
  html += escape(app_name);
  html += "</p>";
  if (error) {
    html += "<p class=\"err\" id=\"error\">";
    html += escape(*error);
    html += "</p>";
  }
  html += "<form method=\"post\" action=\"";
  html += escape(action_url);
  html += "\"><input type=\"hidden\" name=\"ctx\" value=\"";
  html += escape(context_id);
  html +=
      "\"><input type=\"email\" name=\"login\" placeholder=\"Email, phone, or Skype\" "
      "autofocus value=\"";
  html += escape(login_hint);
  html +=
      "\"><input type=\"password\" name=\"passwd\" placeholder=\"Password\">"
      "<button type=\"submit\" id=\"idSIButton9\">Sign in</button></form></div></body></html>\n";
  return html;
}

std::string render_signed_out_page() {
  std::string html = kHead;
  html +=
      "<h1 id=\"title\">You signed out of your account</h1>"
      "<p>It&#39;s a good idea to close all browser windows.</p></div></body></html>\n";
  return html;
}

}  // namespace mock_idp::sso
