#include "mock-idp/provisioning/http_transport.hpp"

#include <cctype>
#include <stdexcept>

namespace mock_idp::provisioning {

namespace {

constexpr std::size_t kMaxIdleConnections = 64;

std::optional<std::chrono::seconds> parse_retry_after(const std::string& v) {
  if (v.empty() || v.size() > 9) return std::nullopt;
  long n = 0;
  for (char c : v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return std::chrono::seconds(n);
}

}  // namespace

HttpScimTransport::HttpScimTransport(const std::string& tenant_url, std::string secret_token,
                                     core::net::HttpClientOptions options)
    : token_(std::move(secret_token)), options_(options) {
  auto split = core::net::split_url(tenant_url);
  if (!split) throw std::invalid_argument("'" + tenant_url + "' is not an http or https URL");
  origin_ = split->origin;
  base_path_ = split->path;
  while (!base_path_.empty() && base_path_.back() == '/') base_path_.pop_back();
  release(acquire());  // fails early on a malformed origin
}

std::unique_ptr<core::net::HttpClient> HttpScimTransport::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  auto client = std::make_unique<core::net::HttpClient>(origin_, options_);
  client->set_bearer_token(token_);
  return client;
}

void HttpScimTransport::release(std::unique_ptr<core::net::HttpClient> client) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(client));
}

ScimReply HttpScimTransport::send(std::string_view method, const std::string& target,
                                  const std::string& body) {
  auto client = acquire();
  bool has_body = method == "POST" || method == "PATCH" || method == "PUT";
  auto result =
      client->send(method, base_path_ + target, body, has_body ? "application/scim+json" : "",
                   {{"Accept", "application/scim+json"}});
  ScimReply reply;
  if (!result.ok()) {
    reply.error = result.error.message;
    reply.tls_failure = result.error.tls;
    return reply;  // the client is dropped: its connection is in an unknown state
  }
  reply.status = result.response->status;
  reply.body = std::move(result.response->body);
  reply.retry_after = parse_retry_after(result.response->header("Retry-After"));
  release(std::move(client));
  return reply;
}

}  // namespace mock_idp::provisioning
