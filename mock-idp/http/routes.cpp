#include "mock-idp/http/routes.hpp"

#include <exception>

#include "core/util/iso8601.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/http/graph_support.hpp"

namespace mock_idp::http {

void send_graph_error(App& app, const httplib::Request& req, httplib::Response& res, int status,
                      const std::string& code, const std::string& message) {
  const std::string rid = app.server().request_id(res);
  std::string client_rid = req.get_header_value("client-request-id");
  if (client_rid.empty()) client_rid = rid;
  std::string date = core::util::format_utc(app.clock().now());
  if (!date.empty() && date.back() == 'Z') date.pop_back();  // Graph writes it without a zone
  core::net::send_json(
      res, status,
      {{"error",
        {{"code", code},
         {"message", message},
         {"innerError",
          {{"date", date}, {"request-id", rid}, {"client-request-id", client_rid}}}}}});
}

nlohmann::json graph_body(const httplib::Request& req) {
  std::string error;
  auto body = core::net::parse_json_body(req.body, error);
  if (!body) {
    throw directory::GraphError(400, "BadRequest", "Unable to read JSON request payload. " + error);
  }
  return std::move(*body);
}

std::multimap<std::string, std::string> query_params(const httplib::Request& req) {
  return std::multimap<std::string, std::string>(req.params.begin(), req.params.end());
}

void install_routes(App& app) {
  App* a = &app;
  app.server().set_exception_mapper(
      [a](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const directory::GraphError& e) {
          send_graph_error(*a, req, res, e.status(), e.code(), e.what());
          return true;
        } catch (const nlohmann::json::exception& e) {
          send_graph_error(*a, req, res, 400, "BadRequest",
                           "Invalid request: " + std::string(e.what()));
          return true;
        } catch (...) {
          return false;
        }
      });
  app.server().set_error_renderer([a](const httplib::Request& req, httplib::Response& res,
                                      int status, const std::string& message) {
    if (req.path.rfind("/v1.0", 0) == 0) {
      const std::string code = status == 404   ? "Request_ResourceNotFound"
                               : status == 405 ? "Request_BadRequest"
                               : status == 413 ? "Request_EntityTooLarge"
                                               : "UnknownError";
      send_graph_error(*a, req, res, status, code, message);
    } else {
      core::net::send_json(res, status, {{"error", message}, {"status", status}});
    }
  });
  install_graph_routes(app);
  install_sso_routes(app);
  install_harness_routes(app);
}

}  // namespace mock_idp::http
