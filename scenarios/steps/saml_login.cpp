#include <algorithm>
#include <map>
#include <regex>

#include "scenarios/codec.hpp"
#include "scenarios/html_form.hpp"
#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {
namespace {

// Cookies per origin (host-only, every path): enough for the lab's session cookies.
class CookieJar {
 public:
  void store(const std::string& url, const Headers& headers) {
    const auto parts = split_url(url);
    if (!parts) return;
    auto& jar = jars_[parts->origin];
    for (const auto& [name, value] : headers) {
      if (!iequals(name, "Set-Cookie")) continue;
      const auto semi = value.find(';');
      const std::string pair = value.substr(0, semi);
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0) continue;
      const std::string cookie = trim(pair.substr(0, eq));
      const std::string attrs = semi == std::string::npos ? "" : value.substr(semi);
      std::string lower_attrs = attrs;
      std::transform(lower_attrs.begin(), lower_attrs.end(), lower_attrs.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower_attrs.find("max-age=0") != std::string::npos) {
        jar.erase(cookie);
      } else {
        jar[cookie] = trim(pair.substr(eq + 1));
      }
    }
  }
  std::string header_for(const std::string& url) const {
    const auto parts = split_url(url);
    if (!parts) return "";
    const auto it = jars_.find(parts->origin);
    if (it == jars_.end()) return "";
    std::string out;
    for (const auto& [name, value] : it->second) {
      out += (out.empty() ? "" : "; ") + name + "=" + value;
    }
    return out;
  }

 private:
  static std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
  }
  std::map<std::string, std::map<std::string, std::string>> jars_;
};

bool is_html(const HttpResponse& res) {
  const auto type = find_header(res.headers, "Content-Type").value_or("");
  return type.find("html") != std::string::npos;
}

const HtmlInput* username_input(const HtmlForm& form) {
  static const std::regex kUserish("user|login|email|upn|name|loginfmt", std::regex::icase);
  const HtmlInput* first_text = nullptr;
  for (const auto& in : form.inputs) {
    if (in.name.empty()) continue;
    if (in.type == "email") return &in;
    if (in.type == "text") {
      if (std::regex_search(in.name, kUserish)) return &in;
      if (!first_text) first_text = &in;
    }
  }
  return first_text;
}

// Records SAML messages the browser carries, decoded for expectations and the demo.
void note_saml(const std::vector<std::pair<std::string, std::string>>& fields, Variables& vars) {
  for (const auto& [name, value] : fields) {
    if (name != "SAMLResponse" && name != "SAMLRequest") continue;
    const std::string key = name == "SAMLResponse" ? "saml.response" : "saml.request";
    vars.set(key, value);
    if (auto xml = decode_saml_message(value)) vars.set(key + "_xml", *xml);
  }
}

}  // namespace

std::optional<std::string> run_saml_login(const SamlLoginStep& step, Context& ctx) {
  const Scope scope = ctx.scope();
  const std::string username = substitute(step.username, scope);
  const std::string password = substitute(step.password, scope);
  CookieJar jar;
  HttpRequest req = build_request(step.start, ctx);
  bool credentials_sent = false;
  for (int hop = 0; hop < step.max_hops; ++hop) {
    const std::string cookie = jar.header_for(req.url);
    if (!cookie.empty()) set_header(req.headers, "Cookie", cookie);
    if (const auto parts = split_url(req.url);
        parts && parts->path_and_query.find('?') != std::string::npos) {
      note_saml(form_decode(parts->path_and_query.substr(parts->path_and_query.find('?') + 1)),
                ctx.vars);
    }
    const HttpResponse res = send_recorded(req, ctx);
    if (!res.error.empty()) return "no response: " + res.error + "\n" + describe(req, res);
    jar.store(req.url, res.headers);
    const auto location = find_header(res.headers, "Location");
    if (res.status >= 300 && res.status < 400 && location) {
      const std::string next = resolve_url(req.url, *location);
      req = HttpRequest{};
      req.url = next;
      continue;
    }
    std::optional<HtmlForm> submit;
    if (res.status == 200 && is_html(res)) {
      const auto forms = extract_forms(res.body);
      for (const auto& form : forms) {
        if (form.auto_submit) {
          submit = form;
          break;
        }
      }
      if (!submit) {
        for (const auto& form : forms) {
          if (!form.has_password()) continue;
          if (username.empty()) {
            return "the page asks for credentials: give \"username\" and \"password\"\n" +
                   describe(req, res);
          }
          if (credentials_sent) {
            return "the sign-in page came back after the credentials were sent (wrong "
                   "password?)\n" +
                   describe(req, res);
          }
          HtmlForm filled = form;
          const HtmlInput* user = username_input(form);
          for (auto& in : filled.inputs) {
            if (in.type == "password") in.value = password;
            if (user && in.name == user->name && in.type == user->type) in.value = username;
          }
          credentials_sent = true;
          submit = filled;
          break;
        }
      }
    }
    if (!submit) {
      if (auto e = check_expect(step.expect, res, scope)) return *e + "\n" + describe(req, res);
      if (auto e = apply_captures(step.captures, res, req.url, ctx.vars)) {
        return *e + "\n" + describe(req, res);
      }
      return std::nullopt;
    }
    const auto fields = submit->fields();
    note_saml(fields, ctx.vars);
    const std::string action = resolve_url(req.url, submit->action);
    HttpRequest next;
    if (submit->method == "POST") {
      next.method = "POST";
      next.url = action;
      next.body = form_encode(fields);
      next.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else {
      next.url = action.substr(0, action.find('?')) + "?" + form_encode(fields);
    }
    req = std::move(next);
  }
  return "gave up after " + std::to_string(step.max_hops) + " hops (a redirect loop?) at " +
         req.url;
}

}  // namespace scenarios::steps
