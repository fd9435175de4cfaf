#include "mock-scim/http/routes_sp.hpp"

#include "core/net/harness.hpp"
#include "core/saml/bindings.hpp"
#include "core/util/iso8601.hpp"
#include "mock-scim/app.hpp"
#include "mock-scim/http/routes_sso_admin.hpp"
#include "mock-scim/sp/pages.hpp"

namespace mock_scim::http {
namespace {

using core::net::harness_guard;
using core::net::send_harness_error;
using core::net::send_json;
using nlohmann::json;

constexpr const char* kHtml = "text/html; charset=utf-8";
// The portal API's bearer header (botocore "sso" service, GetRoleCredentials and friends).
constexpr const char* kBearerHeader = "x-amz-sso_bearer_token";

// The value of one cookie of the Cookie header, "" if absent.
std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return {};
}

std::optional<sp::Session> session_of(sp::IdentityCenter& ic, const httplib::Request& req) {
  std::string token = req.get_header_value(kBearerHeader);
  if (token.empty()) token = cookie_value(req, sp::kSessionCookie);
  return ic.sp().session(token);
}

// The portal API's error shape (HTTP status, x-amzn-ErrorType, {"message"}).
void portal_api_error(httplib::Response& res, int status, const std::string& type,
                      const std::string& message) {
  res.set_header("x-amzn-ErrorType", type);
  send_json(res, status, {{"message", message}});
}

void send_xml(httplib::Response& res, const std::string& xml) {
  res.status = 200;
  res.set_content(xml, "application/samlmetadata+xml");
}

}  // namespace

void install_sp_routes(App& app, std::shared_ptr<IdentityCenterHost> host) {
  auto& http = app.server().routes();
  App* a = &app;

  // ---- console actions ----
  http.Put("/_harness/identity-source", [a, host](const httplib::Request& req,
                                                  httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    const auto ic = host->get();
    const auto verdict = ic->sp().identity_source().set_metadata(req.body, a->clock().now());
    if (!verdict.ok()) {
      return send_harness_error(res, 400, std::string(core::saml::to_string(verdict.reason)),
                                "The IdP metadata was refused: " + verdict.detail);
    }
    send_json(res, 200,
              sp::IdentitySource::to_json(*ic->sp().identity_source().current(), a->clock().now()));
  });
  http.Get("/_harness/identity-source",
           [a, host](const httplib::Request& req, httplib::Response& res) {
             if (!harness_guard(a->server(), req, res)) return;
             const auto current = host->get()->sp().identity_source().current();
             if (!current) {
               return send_harness_error(res, 404, "not_configured",
                                         "No external identity provider is configured.");
             }
             send_json(res, 200, sp::IdentitySource::to_json(*current, a->clock().now()));
           });
  http.Post("/_harness/identity-source/certificates",
            [a, host](const httplib::Request& req, httplib::Response& res) {
              if (!harness_guard(a->server(), req, res)) return;
              auto& source = host->get()->sp().identity_source();
              if (auto e = source.add_certificate(req.body)) {
                return send_harness_error(res, 400, "invalid_certificate", *e);
              }
              send_json(res, 200, sp::IdentitySource::to_json(*source.current(), a->clock().now()));
            });
  http.Delete(R"(/_harness/identity-source/certificates/([0-9A-Fa-f]{40}))",
              [a, host](const httplib::Request& req, httplib::Response& res) {
                if (!harness_guard(a->server(), req, res)) return;
                auto& source = host->get()->sp().identity_source();
                if (auto e = source.remove_certificate(req.matches[1].str())) {
                  return send_harness_error(res, 400, "invalid_certificate", *e);
                }
                send_json(res, 200,
                          sp::IdentitySource::to_json(*source.current(), a->clock().now()));
              });
  http.Get("/_harness/sp-metadata", [a, host](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    send_xml(res, host->get()->sp().metadata_xml());
  });
  http.Get("/_harness/access-portal",
           [a, host](const httplib::Request& req, httplib::Response& res) {
             if (!harness_guard(a->server(), req, res)) return;
             const auto ic = host->get();
             send_json(res, 200,
                       {{"url", ic->sp().portal_url()},
                        {"customized", ic->sp().portal_customized()},
                        {"localUrl", a->server().public_url() + "/start"},
                        {"acsUrl", ic->sp().acs_url()},
                        {"entityId", ic->sp().entity_id()}});
           });
  http.Put("/_harness/access-portal", [a, host](const httplib::Request& req,
                                                httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    std::string error;
    const auto body = core::net::parse_json_body(req.body, error);
    if (!body || !body->is_object() || !body->contains("subdomain") ||
        !(*body)["subdomain"].is_string()) {
      return send_harness_error(res, 400, "invalid_request", "expected {\"subdomain\": \"name\"}");
    }
    const auto ic = host->get();
    if (auto e = ic->sp().set_portal_subdomain((*body)["subdomain"].get<std::string>())) {
      const bool taken = ic->sp().portal_customized();
      return send_harness_error(res, taken ? 409 : 400,
                                taken ? "already_customized" : "invalid_subdomain", *e);
    }
    send_json(res, 200, {{"url", ic->sp().portal_url()}, {"customized", true}});
  });

  // ---- the ACS ----
  // Read with a ContentReader: Debian's httplib answers 413 to url-encoded bodies over 8 KiB
  // before a plain handler runs, and signed responses are often larger.
  http.Post(R"(/platform/saml/acs/([0-9a-f-]{36}))",
            [a, host](const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) {
              const auto ic = host->get();
              std::string body;
              bool oversized = false;
              reader([&](const char* data, std::size_t length) {
                if (body.size() + length > core::saml::kMaxFormBodyBytes) {
                  oversized = true;
                  return false;
                }
                body.append(data, length);
                return true;
              });
              sp::AcsResult result;
              if (oversized) {
                result.reason = "oversized";
                result.detail = "the form body is larger than " +
                                std::to_string(core::saml::kMaxFormBodyBytes) + " bytes";
              } else if (req.path != ic->sp().acs_path()) {
                result.reason = "wrong_acs_url";
                result.detail = "this instance's ACS is " + ic->sp().acs_path();
              } else {
                result = ic->sp().consume(body);
              }
              const std::string rid = a->server().request_id(res);
              if (!result.ok()) {
                const std::string note = "sign-in refused: " + result.reason + ": " + result.detail;
                a->log().warn(note + " rid=" + rid);
                a->server().journal().annotate(rid, note);
                res.status = 400;
                res.set_content(sp::error_page(), kHtml);
                return;
              }
              a->server().journal().annotate(rid, "sign-in accepted: " + result.user_name);
              res.set_header("Set-Cookie", std::string(sp::kSessionCookie) + "=" +
                                               result.session_token +
                                               "; Path=/; HttpOnly; SameSite=Lax");
              res.set_redirect(result.redirect_path, 302);
            });

  // ---- the access portal ----
  auto portal = [a, host](const httplib::Request& req, httplib::Response& res) {
    const auto ic = host->get();
    if (const auto s = session_of(*ic, req)) {
      res.set_content(
          sp::portal_page(s->user_name, ic->sp().portal_url(), ic->sp().entitlements(*s)), kHtml);
      return;
    }
    // No session: SP-initiated sign-in at the IdP, coming back to the portal.
    if (const auto url = ic->sp().begin_sign_in("/start")) {
      res.set_redirect(*url, 302);
      return;
    }
    res.status = 503;
    res.set_content(sp::not_configured_page(), kHtml);
    (void)a;
  };
  http.Get("/start", portal);
  http.Get("/start/", portal);
  http.Post("/logout", [host](const httplib::Request& req, httplib::Response& res) {
    host->get()->sp().end_session(cookie_value(req, sp::kSessionCookie));
    res.set_header("Set-Cookie", std::string(sp::kSessionCookie) +
                                     "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    res.set_content("<!DOCTYPE html>\n<html><body><p>You have been signed out.</p></body></html>\n",
                    kHtml);
  });

  // ---- the portal API (what `aws sso` and the portal page call) ----
  http.Get("/assignment/accounts", [host](const httplib::Request& req, httplib::Response& res) {
    const auto ic = host->get();
    const auto s = session_of(*ic, req);
    if (!s)
      return portal_api_error(res, 401, "UnauthorizedException",
                              "Session token not found or invalid");
    json list = json::array();
    std::vector<std::string> seen;
    for (const auto& e : ic->sp().entitlements(*s)) {
      if (std::find(seen.begin(), seen.end(), e.account_id) != seen.end()) continue;
      seen.push_back(e.account_id);
      const auto* acc = ic->organization().find_account(e.account_id);
      list.push_back({{"accountId", e.account_id},
                      {"accountName", e.account_name},
                      {"emailAddress", acc != nullptr ? acc->email : ""}});
    }
    send_json(res, 200, {{"accountList", list}});
  });
  http.Get("/assignment/roles", [host](const httplib::Request& req, httplib::Response& res) {
    const auto ic = host->get();
    const auto s = session_of(*ic, req);
    if (!s)
      return portal_api_error(res, 401, "UnauthorizedException",
                              "Session token not found or invalid");
    const std::string account = req.get_param_value("account_id");
    json list = json::array();
    for (const auto& e : ic->sp().entitlements(*s)) {
      if (e.account_id == account) {
        list.push_back({{"roleName", e.permission_set_name}, {"accountId", e.account_id}});
      }
    }
    send_json(res, 200, {{"roleList", list}});
  });
  http.Get("/federation/credentials", [host](const httplib::Request& req, httplib::Response& res) {
    const auto ic = host->get();
    const auto s = session_of(*ic, req);
    if (!s)
      return portal_api_error(res, 401, "UnauthorizedException",
                              "Session token not found or invalid");
    const auto c = ic->sp().role_credentials(*s, req.get_param_value("account_id"),
                                             req.get_param_value("role_name"));
    if (!c) return portal_api_error(res, 403, "ForbiddenException", "No access");
    send_json(res, 200,
              {{"roleCredentials",
                {{"accessKeyId", c->access_key_id},
                 {"secretAccessKey", c->secret_access_key},
                 {"sessionToken", c->session_token},
                 {"expiration", c->expiration.time_since_epoch().count()}}},
               {"roleArn", c->role_arn},
               {"assumedRoleArn", c->assumed_role_arn}});
  });
}

}  // namespace mock_scim::http
