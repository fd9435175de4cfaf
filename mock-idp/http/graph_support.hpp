#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "mock-idp/directory/graph_error.hpp"

namespace mock_idp {
class App;
}

namespace mock_idp::http {

// Writes Graph's error body {"error":{"code","message","innerError":{"date","request-id",
// "client-request-id"}}} with `status`.
void send_graph_error(App& app, const httplib::Request& req, httplib::Response& res, int status,
                      const std::string& code, const std::string& message);

// The request body as JSON; throws GraphError(400) when it is empty or malformed.
nlohmann::json graph_body(const httplib::Request& req);

// The query parameters as the OData parser takes them.
std::multimap<std::string, std::string> query_params(const httplib::Request& req);

}  // namespace mock_idp::http
