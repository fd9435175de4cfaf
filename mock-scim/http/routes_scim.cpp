#include "mock-scim/http/routes_scim.hpp"

#include <chrono>
#include <optional>
#include <thread>

#include "core/net/server.hpp"
#include "core/scim/error.hpp"
#include "core/scim/list_response.hpp"
#include "mock-scim/app.hpp"
#include "mock-scim/http/auth.hpp"
#include "mock-scim/http/error_rendering.hpp"
#include "mock-scim/scim/discovery.hpp"

namespace mock_scim::http {
namespace {

using core::scim::Error;

constexpr const char* kScimPattern = R"(/([^/]+)/scim/v2(/.*)?)";
constexpr const char* kJson = "application/json";

nlohmann::json body_json(const httplib::Request& req) {
  std::string error;
  auto body = core::net::parse_json_body(req.body, error);
  if (!body) throw Error::invalid_syntax(std::string(core::scim::kDetailUnparsable));
  return std::move(*body);
}

std::optional<std::string> param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

core::scim::ListQuery list_query(const httplib::Request& req) {
  // startIndex, attributes and excludedAttributes are accepted and ignored ([DG-users]).
  return core::scim::parse_list_query(param(req, "filter"), param(req, "count"),
                                      param(req, "cursor"));
}

void reply(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), kJson);
}

[[noreturn]] void not_allowed() {
  throw Error(405, core::scim::ScimType::kNone, "The method is not allowed on this resource.");
}

[[noreturn]] void not_found() {
  throw Error::not_found("Specified resource or endpoint does not exist.");
}

void dispatch(App& app, const httplib::Request& req, httplib::Response& res,
              std::string_view rest) {
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.front() != '/') not_found();
  rest.remove_prefix(1);
  const auto slash = rest.find('/');
  const std::string_view collection = rest.substr(0, slash);
  const std::string_view id = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (id.find('/') != std::string_view::npos) not_found();
  const std::string& m = req.method;
  auto& scim = app.scim();

  if (collection == "Users") {
    if (id.empty()) {
      if (m == "GET") return reply(res, 200, scim.list_users(list_query(req)));
      if (m == "POST") return reply(res, 201, scim.create_user(body_json(req)));
      not_allowed();
    }
    if (m == "GET") return reply(res, 200, scim.get_user(id));
    if (m == "PUT") return reply(res, 200, scim.replace_user(id, body_json(req)));
    if (m == "PATCH") return reply(res, 200, scim.patch_user(id, body_json(req)));
    if (m == "DELETE") {
      scim.delete_user(id);
      res.status = 204;
      return;
    }
    not_allowed();
  }
  if (collection == "Groups") {
    if (id.empty()) {
      if (m == "GET") return reply(res, 200, scim.list_groups(list_query(req)));
      if (m == "POST") return reply(res, 201, scim.create_group(body_json(req)));
      not_allowed();
    }
    if (m == "GET") return reply(res, 200, scim.get_group(id));
    if (m == "PATCH") {
      scim.patch_group(id, body_json(req));
      res.status = 204;
      return;
    }
    if (m == "DELETE") {
      scim.delete_group(id);
      res.status = 204;
      return;
    }
    if (m == "PUT") {
      // There is no PutGroup operation ([DG-APIS]); unsupported operations are a 400.
      throw Error::invalid_value("The operation is unsupported: groups are changed with PATCH.");
    }
    not_allowed();
  }
  const std::string base = app.scim_endpoint();
  if (collection == "ServiceProviderConfig" && id.empty()) {
    if (m != "GET") not_allowed();
    return reply(res, 200, scim::service_provider_config_json());
  }
  if (collection == "Schemas") {
    if (m != "GET") not_allowed();
    if (id.empty()) return reply(res, 200, scim::schemas_json(base));
    if (auto schema = scim::schema_json(id, base)) return reply(res, 200, std::move(*schema));
    not_found();
  }
  if (collection == "ResourceTypes" && id.empty()) {
    if (m != "GET") not_allowed();
    return reply(res, 200, scim::resource_types_json(base));
  }
  not_found();
}

}  // namespace

void install_scim_routes(App& app) {
  App* a = &app;
  const auto handler = [a](const httplib::Request& req, httplib::Response& res) {
    const auto fault = a->faults().next();
    if (fault.latency.count() > 0) std::this_thread::sleep_for(fault.latency);
    if (fault.status == 429) {
      res.set_header("Retry-After", std::to_string(fault.retry_after_seconds));
      return send_scim_error(*a, res, 429, "Rate exceeded.");
    }
    if (fault.status != 0) {
      return send_scim_error(*a, res, fault.status, "Fault injected by /_harness/faults.");
    }
    authorize(*a, req, req.matches[1].str());
    dispatch(*a, req, res, req.matches[2].str());
  };
  auto& http = app.server().routes();
  http.Get(kScimPattern, handler);
  http.Post(kScimPattern, handler);
  http.Put(kScimPattern, handler);
  http.Patch(kScimPattern, handler);
  http.Delete(kScimPattern, handler);
}

}  // namespace mock_scim::http
