#include "mock-scim/http/routes_admin.hpp"

#include "core/net/harness.hpp"
#include "core/util/iso8601.hpp"
#include "mock-scim/app.hpp"

namespace mock_scim::http {
namespace {

using core::net::harness_guard;
using core::net::send_harness_error;
using core::net::send_json;
using nlohmann::json;

json token_json(App& app, const provisioning::TokenInfo& t) {
  return {{"tokenId", t.id},
          {"createdAt", core::util::format_utc(t.created)},
          {"expiresAt", core::util::format_utc(t.expires)},
          {"status", app.provisioning().expired(t) ? "EXPIRED" : "ACTIVE"}};
}

json issued_json(App& app, const provisioning::IssuedToken& t) {
  return {{"scimEndpoint", app.scim_endpoint()},
          {"tokenId", t.info.id},
          {"accessToken", t.secret},
          {"createdAt", core::util::format_utc(t.info.created)},
          {"expiresAt", core::util::format_utc(t.info.expires)}};
}

// Validates {"name": bool, ...}; applies nothing and returns the reason on error.
std::optional<std::string> apply_quirks(App& app, const json& body) {
  if (!body.is_object()) return "quirks must be an object {\"name\": true|false}";
  for (const auto& [name, value] : body.items()) {
    if (!quirk_from_name(name)) return "unknown quirk \"" + name + "\"";
    if (!value.is_boolean()) return "quirk \"" + name + "\" must be true or false";
  }
  for (const auto& [name, value] : body.items()) {
    app.quirks().set(*quirk_from_name(name), value.get<bool>());
  }
  return std::nullopt;
}

json quirks_json(App& app) {
  json described = json::array();
  for (const auto& info : quirk_table()) {
    described.push_back({{"name", info.name},
                         {"enabled", app.quirks().on(info.quirk)},
                         {"description", info.description}});
  }
  return {{"quirks", app.quirks().to_json()}, {"available", described}};
}

}  // namespace

void install_admin_routes(App& app) {
  App* a = &app;
  auto& server = app.server();
  core::net::HarnessHooks hooks;
  hooks.service = "mock-scim";
  hooks.reset = [a] { a->reset(); };
  hooks.faults = [a] {
    json out = a->faults().to_json();
    out["quirks"] = a->quirks().to_json();
    return out;
  };
  hooks.set_faults = [a](const json& body) -> std::optional<std::string> {
    // Check both parts before applying either.
    if (const auto q = body.find("quirks"); q != body.end()) {
      if (!q->is_object()) return "\"quirks\" must be an object {\"name\": true|false}";
      for (const auto& [name, value] : q->items()) {
        if (!quirk_from_name(name) || !value.is_boolean()) {
          return "unknown quirk or non-boolean value: \"" + name + "\"";
        }
      }
    }
    if (auto error = a->faults().apply(body)) return error;
    if (const auto q = body.find("quirks"); q != body.end()) return apply_quirks(*a, *q);
    return std::nullopt;
  };
  core::net::install_harness(server, app.clock(), std::move(hooks));
  auto& http = server.routes();

  http.Post("/_harness/provisioning", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    try {
      send_json(res, 200, issued_json(*a, a->provisioning().enable()));
    } catch (const provisioning::ConsoleRefusal& e) {
      send_harness_error(res, 409, "Conflict", e.what());
    }
  });

  http.Get("/_harness/provisioning", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    json tokens = json::array();
    for (const auto& t : a->provisioning().tokens()) tokens.push_back(token_json(*a, t));
    send_json(res, 200,
              {{"enabled", a->provisioning().enabled()},
               {"tenantId", a->tenant_id()},
               {"scimEndpoint", a->scim_endpoint()},
               {"tokens", tokens}});
  });

  http.Delete("/_harness/provisioning", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    try {
      a->provisioning().disable();
      res.status = 204;
    } catch (const provisioning::ConsoleRefusal& e) {
      send_harness_error(res, 409, "Conflict", e.what());
    }
  });

  http.Post("/_harness/provisioning/tokens",
            [a](const httplib::Request& req, httplib::Response& res) {
              if (!harness_guard(a->server(), req, res)) return;
              try {
                send_json(res, 201, issued_json(*a, a->provisioning().create_token()));
              } catch (const provisioning::ConsoleRefusal& e) {
                send_harness_error(res, 409, "Conflict", e.what());
              }
            });

  http.Get("/_harness/provisioning/tokens",
           [a](const httplib::Request& req, httplib::Response& res) {
             if (!harness_guard(a->server(), req, res)) return;
             json tokens = json::array();
             for (const auto& t : a->provisioning().tokens()) tokens.push_back(token_json(*a, t));
             send_json(res, 200, {{"tokens", tokens}});
           });

  http.Delete(R"(/_harness/provisioning/tokens/([^/]+))",
              [a](const httplib::Request& req, httplib::Response& res) {
                if (!harness_guard(a->server(), req, res)) return;
                if (!a->provisioning().delete_token(req.matches[1].str())) {
                  send_harness_error(res, 404, "NotFound", "no access token with this id");
                  return;
                }
                res.status = 204;
              });

  http.Get("/_harness/quirks", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    send_json(res, 200, quirks_json(*a));
  });

  http.Put("/_harness/quirks", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    std::string error;
    const auto body = core::net::parse_json_body(req.body, error);
    if (!body) return send_harness_error(res, 400, "InvalidRequest", error);
    if (auto rejected = apply_quirks(*a, *body)) {
      return send_harness_error(res, 400, "InvalidQuirk", *rejected);
    }
    send_json(res, 200, quirks_json(*a));
  });

  http.Get("/_harness/stats", [a](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    send_json(res, 200,
              {{"users", a->identity_store().user_count()},
               {"groups", a->identity_store().group_count()}});
  });
}

}  // namespace mock_scim::http
