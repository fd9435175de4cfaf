#include "core/net/http_client.hpp"

#include <httplib.h>

#include <stdexcept>

#include "core/util/ascii.hpp"

namespace core::net {

namespace {

template <typename Duration>
void split_seconds(Duration d, time_t& sec, time_t& usec) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  sec = static_cast<time_t>(us / 1000000);
  usec = static_cast<time_t>(us % 1000000);
}

}  // namespace

std::string HttpClientResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (util::iequals_ascii(key, name)) return value;
  }
  return {};
}

std::optional<SplitUrl> split_url(std::string_view url) {
  SplitUrl out;
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = url.substr(0, scheme_end);
  if (!util::iequals_ascii(scheme, "http") && !util::iequals_ascii(scheme, "https"))
    return std::nullopt;
  std::size_t host_begin = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_begin);
  if (host_end == std::string_view::npos) host_end = url.size();
  if (host_end == host_begin) return std::nullopt;
  std::string_view authority = url.substr(host_begin, host_end - host_begin);
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  out.origin = std::string(url.substr(0, host_end));
  std::string_view rest = url.substr(host_end);
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::size_t q = rest.find('?');
  if (q == std::string_view::npos) {
    out.path = std::string(rest);
  } else {
    out.path = std::string(rest.substr(0, q));
    out.query = std::string(rest.substr(q + 1));
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0F]);
    }
  }
  return out;
}

HttpClient::HttpClient(const std::string& origin, HttpClientOptions options)
    : origin_(origin), options_(options) {
  auto split = split_url(origin);
  if (!split || !split->path.empty() || !split->query.empty()) {
    throw std::invalid_argument("not an http(s) origin: " + origin);
  }
  client_ = std::make_unique<httplib::Client>(origin_);
  time_t sec = 0;
  time_t usec = 0;
  split_seconds(options_.connect_timeout, sec, usec);
  client_->set_connection_timeout(sec, usec);
  split_seconds(options_.read_timeout, sec, usec);
  client_->set_read_timeout(sec, usec);
  split_seconds(options_.write_timeout, sec, usec);
  client_->set_write_timeout(sec, usec);
  client_->set_keep_alive(options_.keep_alive);
  client_->set_tcp_nodelay(true);
  client_->enable_server_certificate_verification(options_.verify_tls);
}

HttpClient::~HttpClient() = default;

void HttpClient::set_default_header(std::string name, std::string value) {
  default_headers_.emplace(std::move(name), std::move(value));
}

HttpClientResult HttpClient::send(std::string_view method, const std::string& target,
                                  const std::string& body, const std::string& content_type,
                                  const std::multimap<std::string, std::string>& headers) {
  httplib::Request req;
  req.method = std::string(method);
  req.path = target;
  for (const auto& [k, v] : default_headers_) req.headers.emplace(k, v);
  for (const auto& [k, v] : headers) req.headers.emplace(k, v);
  if (!bearer_.empty()) req.headers.emplace("Authorization", "Bearer " + bearer_);
  if (!content_type.empty()) {
    req.headers.emplace("Content-Type", content_type);
    req.body = body;
  }
  httplib::Result res = client_->send(req);
  HttpClientResult out;
  if (!res) {
    httplib::Error err = res.error();
    out.error.tls = err == httplib::Error::SSLConnection ||
                    err == httplib::Error::SSLServerVerification ||
                    err == httplib::Error::SSLLoadingCerts;
    out.error.timeout = err == httplib::Error::ConnectionTimeout;
    out.error.message = httplib::to_string(err);
    if (out.error.tls) {
      out.error.message = "TLS handshake with " + origin_ + " failed (" + out.error.message + ")";
      if (err == httplib::Error::SSLServerVerification) {
        out.error.message += ": the server certificate was not trusted";
      }
    } else {
      out.error.message = "request to " + origin_ + " failed: " + out.error.message;
    }
    return out;
  }
  HttpClientResponse response;
  response.status = res->status;
  for (const auto& [k, v] : res->headers) response.headers.emplace(k, v);
  response.body = std::move(res->body);
  out.response = std::move(response);
  return out;
}

}  // namespace core::net
