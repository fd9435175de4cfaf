#include "mock-scim/http/routes_sso_admin.hpp"

#include "core/net/harness.hpp"
#include "core/util/iso8601.hpp"
#include "mock-scim/app.hpp"
#include "mock-scim/http/routes_sp.hpp"

namespace mock_scim::http {
namespace {

using core::net::harness_guard;
using core::net::send_harness_error;
using core::net::send_json;
using nlohmann::json;

constexpr const char* kAwsJson = "application/x-amz-json-1.1";

json organization_json(sp::IdentityCenter& ic) {
  auto out = ic.organization().to_json();
  out["accessPortalUrl"] = ic.sp().portal_url();
  out["instanceName"] = ic.organization().instance_name;
  return out;
}

}  // namespace

IdentityCenterHost::IdentityCenterHost(App& app, sso_admin::Organization initial)
    : app_(app), directory_(app.identity_store()), initial_(std::move(initial)) {
  current_ = make(initial_);
}

std::shared_ptr<sp::IdentityCenter> IdentityCenterHost::make(sso_admin::Organization org) const {
  sp::IdentityCenterOptions options;
  if (current_) options.sso_admin = current_->sso_admin().options();
  App* a = &app_;
  options.sp.public_url = [a] { return a->server().public_url(); };
  return std::make_shared<sp::IdentityCenter>(std::move(org), directory_, app_.clock(), app_.ids(),
                                              std::move(options));
}

std::shared_ptr<sp::IdentityCenter> IdentityCenterHost::get() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void IdentityCenterHost::replace(sso_admin::Organization org) {
  std::lock_guard lock(mutex_);
  current_ = make(std::move(org));
  replaced_ = true;
}

void IdentityCenterHost::reset() {
  std::lock_guard lock(mutex_);
  if (replaced_) {
    current_ = make(initial_);
    replaced_ = false;
  } else {
    current_->reset();
  }
}

void install_identity_center_routes(App& app) {
  // The organization of the config file (validated when it was read), else a generated one.
  sso_admin::Organization initial;
  if (app.config().organization.is_null() ||
      sso_admin::parse_organization(app.config().organization, app.ids(), initial)) {
    initial = sso_admin::default_organization(app.ids());
  }
  auto host = std::make_shared<IdentityCenterHost>(app, std::move(initial));
  app.on_reset([host] { host->reset(); });
  auto& http = app.server().routes();
  App* a = &app;

  // The AWS JSON 1.1 protocol: every operation is POST / (botocore "protocol": "json").
  http.Post("/", [a, host](const httplib::Request& req, httplib::Response& res) {
    const auto ic = host->get();
    const std::string rid = a->server().request_id(res);
    const auto reply = ic->aws_json().handle(req.get_header_value("X-Amz-Target"),
                                             req.get_header_value("Authorization"), req.body, rid);
    if (!reply.error_type.empty()) {
      res.set_header("x-amzn-ErrorType", reply.error_type + ":");
      a->log().info("aws-json " + req.get_header_value("X-Amz-Target") + " -> " + reply.error_type +
                    ": " + reply.body.value("Message", ""));
    }
    send_json(res, reply.status, reply.body, kAwsJson);
  });

  http.Get("/_harness/organization",
           [a, host](const httplib::Request& req, httplib::Response& res) {
             if (!harness_guard(a->server(), req, res)) return;
             send_json(res, 200, organization_json(*host->get()));
           });
  http.Put("/_harness/organization",
           [a, host](const httplib::Request& req, httplib::Response& res) {
             if (!harness_guard(a->server(), req, res)) return;
             std::string error;
             const auto body = core::net::parse_json_body(req.body, error);
             if (!body) return send_harness_error(res, 400, "invalid_json", error);
             // A whole config document ({"organization": {...}}) is accepted too.
             const bool wrapped = body->is_object() && body->contains("organization");
             sso_admin::Organization org;
             if (auto e = sso_admin::parse_organization(wrapped ? (*body)["organization"] : *body,
                                                        a->ids(), org)) {
               return send_harness_error(res, 400, "invalid_organization", *e);
             }
             host->replace(std::move(org));
             send_json(res, 200, organization_json(*host->get()));
           });
  http.Get("/_harness/roles", [a, host](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    json roles = json::array();
    for (const auto& r : host->get()->sso_admin().roles()) {
      roles.push_back({{"accountId", r.account_id},
                       {"roleName", r.name},
                       {"path", r.path},
                       {"arn", r.arn},
                       {"permissionSetArn", r.permission_set_arn},
                       {"createDate", core::util::format_utc(r.created)}});
    }
    send_json(res, 200, {{"roles", roles}});
  });
  http.Get("/_harness/sso-admin", [a, host](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    send_json(res, 200,
              {{"asyncDelay",
                core::util::format_duration(host->get()->sso_admin().options().async_delay)}});
  });
  http.Put("/_harness/sso-admin", [a, host](const httplib::Request& req, httplib::Response& res) {
    if (!harness_guard(a->server(), req, res)) return;
    std::string error;
    const auto body = core::net::parse_json_body(req.body, error);
    if (!body || !body->is_object()) {
      return send_harness_error(res, 400, "invalid_json",
                                error.empty() ? "expected an object" : error);
    }
    const auto it = body->find("asyncDelay");
    if (it == body->end() || !it->is_string()) {
      return send_harness_error(res, 400, "invalid_settings",
                                "\"asyncDelay\" must be an ISO-8601 duration");
    }
    const auto d = core::util::parse_duration(it->get<std::string>());
    if (!d || d->count() < 0 || *d > core::util::Millis(24LL * 3600 * 1000)) {
      return send_harness_error(res, 400, "invalid_settings",
                                "\"asyncDelay\" must be a duration between PT0S and P1D");
    }
    host->get()->sso_admin().set_async_delay(*d);
    send_json(res, 200, {{"asyncDelay", core::util::format_duration(*d)}});
  });

  install_sp_routes(app, host);
}

}  // namespace mock_scim::http
