// Azure AD's login endpoints for one tenant: per-app federation metadata, the SAML endpoint
// (/{tenant}/saml2, sign-in and logout), the login page, and the My Apps tile (IdP-initiated).
#include <optional>
#include <string>

#include "core/saml/bindings.hpp"
#include "core/util/iso8601.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/http/graph_support.hpp"
#include "mock-idp/http/routes.hpp"
#include "mock-idp/sso/federation.hpp"
#include "mock-idp/sso/pages.hpp"

namespace mock_idp::http {

namespace {

using httplib::Request;
using httplib::Response;

// Azure's browser session cookie.
constexpr const char* kSessionCookie = "ESTSAUTH";
constexpr std::size_t kMaxLoginFormBytes = 16 * 1024;

bool wants_json(const Request& req) {
  return req.get_header_value("Accept").find("application/json") != std::string::npos;
}

std::optional<std::string> session_cookie(const Request& req) {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string key = std::string(kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    auto end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    if (cookies.compare(pos, key.size(), key) == 0) {
      std::string value = cookies.substr(pos + key.size(), end - pos - key.size());
      if (!value.empty()) return value;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string raw_query(const Request& req) {
  const auto q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

std::optional<std::string> param(const Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  std::string v = req.get_param_value(name);
  if (v.empty()) return std::nullopt;
  return v;
}

void send_outcome(App& app, const Request& req, Response& res, const std::string& tenant,
                  const sso::Outcome& o) {
  if (o.set_session) {
    res.set_header("Set-Cookie",
                   std::string(kSessionCookie) + "=" + *o.set_session + "; Path=/; HttpOnly");
  } else if (o.clear_session) {
    res.set_header("Set-Cookie", std::string(kSessionCookie) +
                                     "=; Path=/; HttpOnly; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  }
  res.set_header("Cache-Control", "no-store");
  switch (o.kind) {
    case sso::Outcome::Kind::kError: {
      const std::string rid = app.server().request_id(res);
      std::string correlation = req.get_header_value("client-request-id");
      if (correlation.empty()) correlation = rid;
      const sso::TraceInfo trace{rid, correlation, app.clock().now()};
      if (wants_json(req)) {
        core::net::send_json(res, o.error->http_status, sso::error_json(*o.error, trace));
      } else {
        res.status = o.error->http_status;
        res.set_content(sso::render_error_page(*o.error, trace), "text/html; charset=utf-8");
      }
      app.log().info("sign-in refused: " + o.error->text().substr(0, 200));
      return;
    }
    case sso::Outcome::Kind::kLoginPage:
      res.status = 200;
      res.set_content(sso::render_login_page(app.public_url() + "/" + tenant + "/login",
                                             o.context_id, o.app_name, o.login_hint, o.login_error),
                      "text/html; charset=utf-8");
      return;
    case sso::Outcome::Kind::kPostForm:
    case sso::Outcome::Kind::kHtml:
      res.status = 200;
      res.set_content(o.html, "text/html; charset=utf-8");
      return;
    case sso::Outcome::Kind::kRedirect:
      res.status = 302;
      res.set_header("Location", o.location);
      return;
  }
}

void saml2(App& app, const Request& req, Response& res, bool post, std::string body) {
  sso::SamlEndpointRequest r;
  r.tenant = req.matches[1];
  r.post = post;
  r.login_hint = param(req, "login_hint");
  r.session = session_cookie(req);
  if (post) {
    auto form = core::saml::parse_form_body(body);
    if (!form) {
      send_outcome(app, req, res, r.tenant,
                   sso::error_outcome(sso::aadsts::invalid_saml_message(form.verdict().detail)));
      return;
    }
    r.form = form.value();
    if (!r.login_hint) {
      const auto hint = r.form.find("login_hint");
      if (hint != r.form.end() && !hint->second.empty()) r.login_hint = hint->second;
    }
  } else {
    r.raw_query = raw_query(req);
  }
  send_outcome(app, req, res, r.tenant, app.sign_in().saml2(r));
}

}  // namespace

void install_sso_routes(App& app) {
  core::net::Router& s = app.server().routes();
  App* a = &app;

  s.Get(
      R"(/([^/]+)/(?:federationmetadata|FederationMetadata)/2007-06/(?:federationmetadata|FederationMetadata)\.xml)",
      [a](const Request& req, Response& res) {
        const std::string tenant = req.matches[1];
        if (!a->sign_in().known_tenant(tenant)) {
          send_outcome(*a, req, res, tenant,
                       sso::error_outcome(sso::aadsts::tenant_not_found(tenant)));
          return;
        }
        const auto app_id = param(req, "appid");
        if (!app_id) {
          res.set_content(sso::tenant_federation_metadata(a->directory(), a->certificates(),
                                                          a->public_url(), a->ids()),
                          "application/xml; charset=utf-8");
          return;
        }
        res.set_content(sso::app_federation_metadata(a->directory(), a->certificates(), *app_id,
                                                     a->public_url(), a->clock().now(), a->ids()),
                        "application/xml; charset=utf-8");
      });

  s.Get(R"(/([^/]+)/saml2)",
        [a](const Request& req, Response& res) { saml2(*a, req, res, false, std::string()); });
  s.Post(R"(/([^/]+)/saml2)",
         [a](const Request& req, Response& res, const httplib::ContentReader& reader) {
           // Read the form ourselves: httplib refuses urlencoded bodies over 8 KiB otherwise.
           std::string body;
           bool too_big = false;
           reader([&](const char* data, std::size_t length) {
             if (body.size() + length > core::saml::kMaxFormBodyBytes) {
               too_big = true;
               return false;
             }
             body.append(data, length);
             return true;
           });
           if (too_big) {
             send_outcome(*a, req, res, req.matches[1],
                          sso::error_outcome(sso::aadsts::invalid_saml_message(
                              "The request body is larger than " +
                              std::to_string(core::saml::kMaxFormBodyBytes) + " bytes.")));
             return;
           }
           saml2(*a, req, res, true, std::move(body));
         });

  s.Post(R"(/([^/]+)/login)", [a](const Request& req, Response& res) {
    const std::string tenant = req.matches[1];
    auto form = core::saml::parse_form_body(req.body, kMaxLoginFormBytes);
    if (!form) {
      send_outcome(*a, req, res, tenant,
                   sso::error_outcome(sso::aadsts::invalid_saml_message(form.verdict().detail)));
      return;
    }
    const auto& f = form.value();
    auto field = [&](const char* name) {
      const auto it = f.find(name);
      return it == f.end() ? std::string() : it->second;
    };
    send_outcome(*a, req, res, tenant,
                 a->sign_in().login(tenant, field("ctx"), field("login"), field("passwd")));
  });

  // The My Apps tile: https://myapps.microsoft.com/signin/{appId}?tenantId={tenant}.
  s.Get(R"(/myapps/signin/([^/]+))", [a](const Request& req, Response& res) {
    const std::string tenant = param(req, "tenantId").value_or(a->tenant_id());
    send_outcome(*a, req, res, tenant,
                 a->sign_in().idp_initiated(tenant, req.matches[1], param(req, "login_hint"),
                                            session_cookie(req)));
  });
}

}  // namespace mock_idp::http
