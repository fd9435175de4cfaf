// mock-idp's own /_harness routes: what the Azure portal offers only as clicks (upload SP
// metadata, SAML settings, certificates), the sign-in settings of the non-interactive mode,
// and a headless Response mint. Loopback only unless --harness-remote.
#include "core/crypto/encoding.hpp"
#include "core/net/harness.hpp"
#include "core/util/iso8601.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/directory/graph_json.hpp"
#include "mock-idp/http/routes.hpp"
#include "mock-idp/sso/app_settings.hpp"
#include "mock-idp/sso/federation.hpp"

namespace mock_idp::http {

namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

using Handler = std::function<void(const Request&, Response&)>;

// Loopback guard plus errors in the harness shape {"error":{"code","message"}}.
httplib::Server::Handler guarded(App& app, Handler handler) {
  App* a = &app;
  return [a, handler = std::move(handler)](const Request& req, Response& res) {
    if (!core::net::harness_guard(a->server(), req, res)) return;
    try {
      handler(req, res);
    } catch (const directory::GraphError& e) {
      core::net::send_harness_error(res, e.status(), e.code(), e.what());
    } catch (const std::invalid_argument& e) {
      core::net::send_harness_error(res, 400, "InvalidRequest", e.what());
    }
  };
}

json body_json(const Request& req) {
  std::string error;
  auto body = core::net::parse_json_body(req.body, error);
  if (!body) throw directory::GraphError(400, "InvalidRequest", "the body is not JSON: " + error);
  return std::move(*body);
}

directory::ServicePrincipal sp_of(App& app, const std::string& app_id) {
  const auto sp = app.directory().find_service_principal(app_id);
  if (!sp || sp->app_id != app_id) {
    throw directory::GraphError(404, "NotFound", "no application with appId '" + app_id + "'");
  }
  return *sp;
}

void ensure_certificate(App& app, const directory::ServicePrincipal& sp) {
  if (sp.preferred_single_sign_on_mode == "saml" && app.certificates().list(sp.id).empty()) {
    app.certificates().create(sp.id);
  }
}

}  // namespace

void install_harness_routes(App& app) {
  core::net::Router& s = app.server().routes();
  App* a = &app;

  s.Get("/_harness/tenant", guarded(app, [a](const Request&, Response& res) {
          const auto& t = a->directory().tenant();
          core::net::send_json(res, 200,
                               {{"id", t.id},
                                {"displayName", t.display_name},
                                {"domains", t.domains},
                                {"issuer", a->sign_in().issuer()},
                                {"changeSequence", a->directory().sequence()}});
        }));

  s.Get("/_harness/settings", guarded(app, [a](const Request&, Response& res) {
          core::net::send_json(res, 200, sso::settings_json(a->sign_in().settings()));
        }));
  s.Put("/_harness/settings", guarded(app, [a](const Request& req, Response& res) {
          sso::SignInSettings settings = a->sign_in().settings();
          if (const auto error = sso::apply_settings(body_json(req), settings)) {
            core::net::send_harness_error(res, 400, "InvalidRequest", *error);
            return;
          }
          a->sign_in().set_settings(settings);
          core::net::send_json(res, 200, sso::settings_json(settings));
        }));

  s.Get("/_harness/apps", guarded(app, [a](const Request&, Response& res) {
          json apps = json::array();
          for (const auto& sp : a->directory().list_service_principals()) {
            apps.push_back({{"appId", sp.app_id},
                            {"servicePrincipalId", sp.id},
                            {"applicationId", a->directory().get_application(sp.app_id).id},
                            {"displayName", sp.display_name}});
          }
          core::net::send_json(res, 200, {{"apps", apps}});
        }));

  s.Put(R"(/_harness/apps/([^/]+)/sp-metadata)",
        guarded(app, [a](const Request& req, Response& res) {
          sp_of(*a, req.matches[1]);
          const auto updated = sso::upload_sp_metadata(a->directory(), req.matches[1], req.body);
          core::net::send_json(
              res, 200,
              {{"identifierUris", updated.identifier_uris}, {"replyUrls", updated.redirect_uris}});
        }));

  s.Get(R"(/_harness/apps/([^/]+)/saml)", guarded(app, [a](const Request& req, Response& res) {
          sp_of(*a, req.matches[1]);
          core::net::send_json(
              res, 200, sso::saml_settings_json(a->directory(), req.matches[1], a->public_url()));
        }));
  s.Put(R"(/_harness/apps/([^/]+)/saml)", guarded(app, [a](const Request& req, Response& res) {
          sp_of(*a, req.matches[1]);
          sso::apply_saml_settings(a->directory(), req.matches[1], body_json(req));
          ensure_certificate(*a, sp_of(*a, req.matches[1]));
          core::net::send_json(
              res, 200, sso::saml_settings_json(a->directory(), req.matches[1], a->public_url()));
        }));

  s.Get(R"(/_harness/apps/([^/]+)/certificates)",
        guarded(app, [a](const Request& req, Response& res) {
          const auto sp = sp_of(*a, req.matches[1]);
          json list = json::array();
          for (const auto& c : a->certificates().list(sp.id))
            list.push_back(sso::certificate_json(c));
          core::net::send_json(res, 200, {{"certificates", list}});
        }));
  s.Post(R"(/_harness/apps/([^/]+)/certificates)",
         guarded(app, [a](const Request& req, Response& res) {
           const auto sp = sp_of(*a, req.matches[1]);
           std::optional<core::util::TimePoint> end;
           if (!req.body.empty()) {
             const json body = body_json(req);
             if (!body.is_object()) throw std::invalid_argument("the body must be a JSON object");
             for (auto it = body.begin(); it != body.end(); ++it) {
               if (it.key() != "endDateTime" || !it->is_string() ||
                   !core::util::parse_datetime(it->get<std::string>())) {
                 throw std::invalid_argument(
                     "only \"endDateTime\" (an ISO-8601 instant) may be given");
               }
               end = core::util::parse_datetime(it->get<std::string>());
             }
           }
           core::net::send_json(res, 201,
                                sso::certificate_json(a->certificates().create(sp.id, end)));
         }));
  s.Post(R"(/_harness/apps/([^/]+)/certificates/([0-9A-Fa-f]+)/activate)",
         guarded(app, [a](const Request& req, Response& res) {
           const auto sp = sp_of(*a, req.matches[1]);
           if (!a->certificates().activate(sp.id, req.matches[2])) {
             throw directory::GraphError(404, "NotFound", "no certificate with that thumbprint");
           }
           a->directory().update_service_principal(sp.id, [&](directory::ServicePrincipal& x) {
             x.preferred_token_signing_key_thumbprint = req.matches[2];
           });
           core::net::send_json(res, 200, {{"active", std::string(req.matches[2])}});
         }));
  s.Delete(R"(/_harness/apps/([^/]+)/certificates/([0-9A-Fa-f]+))",
           guarded(app, [a](const Request& req, Response& res) {
             const auto sp = sp_of(*a, req.matches[1]);
             if (!a->certificates().remove(sp.id, req.matches[2])) {
               throw directory::GraphError(404, "NotFound", "no certificate with that thumbprint");
             }
             res.status = 204;
           }));
  // "Certificate (Base64)" download.
  s.Get(R"(/_harness/apps/([^/]+)/certificates/([0-9A-Fa-f]+)/pem)",
        guarded(app, [a](const Request& req, Response& res) {
          const auto sp = sp_of(*a, req.matches[1]);
          for (const auto& c : a->certificates().list(sp.id)) {
            if (c.thumbprint == req.matches[2]) {
              res.set_content(c.credential.certificate.pem(), "application/x-pem-file");
              return;
            }
          }
          throw directory::GraphError(404, "NotFound", "no certificate with that thumbprint");
        }));

  s.Post(R"(/_harness/apps/([^/]+)/saml-response)",
         guarded(app, [a](const Request& req, Response& res) {
           const json body = body_json(req);
           const auto user = body.is_object() ? body.find("user") : body.end();
           if (!body.is_object() || user == body.end() || !user->is_string() || body.size() != 1) {
             throw std::invalid_argument("the body must be {\"user\": \"<userPrincipalName>\"}");
           }
           const auto o = a->sign_in().mint(req.matches[1], user->get<std::string>());
           if (o.kind != sso::Outcome::Kind::kPostForm) {
             core::net::send_harness_error(
                 res, o.error ? o.error->http_status : 400,
                 o.error ? "AADSTS" + std::to_string(o.error->code) : "SignInFailed",
                 o.error ? o.error->text() : "sign-in failed");
             return;
           }
           core::net::send_json(res, 200,
                                {{"destination", o.acs_url},
                                 {"relayState", o.relay_state},
                                 {"samlResponse", core::crypto::base64_encode(o.response_xml)},
                                 {"xml", o.response_xml}});
         }));
}

}  // namespace mock_idp::http
