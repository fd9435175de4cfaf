#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
class Client;
}

namespace core::net {

// Header names compare case-insensitively (RFC 9110 §5.1); lookups go through header().
struct HttpClientResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;
  std::string body;
  // First value of `name` (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// Why no HTTP response arrived. `tls` is set when the TLS handshake or certificate check failed.
struct HttpClientError {
  std::string message;
  bool tls = false;
  bool timeout = false;
};

struct HttpClientResult {
  std::optional<HttpClientResponse> response;  // set when the peer answered
  HttpClientError error;                       // meaningful when response is empty
  bool ok() const { return response.has_value(); }
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  bool verify_tls = false;  // self-signed lab certificates are the norm
  bool keep_alive = true;   // one connection reused across requests
};

// A small blocking HTTP/1.1 client for one origin ("http://host:port" or "https://host:port").
// Not thread-safe: one instance per thread (the connection is reused between requests).
class HttpClient {
 public:
  // `origin` is scheme://host[:port] with no path. Throws std::invalid_argument otherwise.
  HttpClient(const std::string& origin, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sent with every request as "Authorization: Bearer <token>" when non-empty.
  void set_bearer_token(std::string token) { bearer_ = std::move(token); }
  void set_default_header(std::string name, std::string value);

  // `target` is the path plus query, already percent-encoded. An empty content_type sends no body.
  HttpClientResult send(std::string_view method, const std::string& target,
                        const std::string& body = {}, const std::string& content_type = {},
                        const std::multimap<std::string, std::string>& headers = {});

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  HttpClientOptions options_;
  std::string bearer_;
  std::multimap<std::string, std::string> default_headers_;
  std::unique_ptr<httplib::Client> client_;
};

// Splits "https://host:8443/a/b?x" into origin "https://host:8443" and target "/a/b?x".
// nullopt unless the scheme is http or https and a host is present.
struct SplitUrl {
  std::string origin;
  std::string path;   // "" or starting with '/', no query
  std::string query;  // without '?'
};
std::optional<SplitUrl> split_url(std::string_view url);

// Percent-encodes a query component (RFC 3986 unreserved characters are kept).
std::string url_encode(std::string_view text);

}  // namespace core::net
