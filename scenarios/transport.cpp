#include "scenarios/transport.hpp"

namespace scenarios {

HttpResponse NetworkTransport::send(const HttpRequest& request) {
  HttpResponse out;
  const auto parts = split_url(request.url);
  if (!parts) {
    out.error = "not an absolute http(s) URL: " + request.url;
    return out;
  }
  std::lock_guard lock(mutex_);
  auto& client = clients_[parts->origin];
  if (!client) {
    try {
      client = std::make_unique<core::net::HttpClient>(parts->origin, options_);
    } catch (const std::exception& e) {
      clients_.erase(parts->origin);
      out.error = e.what();
      return out;
    }
  }
  std::multimap<std::string, std::string> headers;
  std::string content_type;
  for (const auto& [name, value] : request.headers) {
    if (iequals(name, "Content-Type")) {
      content_type = value;
    } else {
      headers.emplace(name, value);
    }
  }
  if (content_type.empty() && !request.body.empty()) content_type = "application/octet-stream";
  const auto result =
      client->send(request.method, parts->path_and_query, request.body, content_type, headers);
  if (!result.ok()) {
    out.error = result.error.message.empty() ? "no response" : result.error.message;
    // A broken keep-alive connection is not reused.
    clients_.erase(parts->origin);
    return out;
  }
  out.status = result.response->status;
  for (const auto& [name, value] : result.response->headers) out.headers.emplace_back(name, value);
  out.body = result.response->body;
  return out;
}

}  // namespace scenarios
