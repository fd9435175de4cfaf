#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/net/http_client.hpp"
#include "scenarios/http_types.hpp"

namespace scenarios {

// Sends one request and returns the answer. Network failures come back as
// HttpResponse::error, never as exceptions. Redirects are not followed.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// The real network, through core/net/http_client: one keep-alive client per origin.
// Thread-safe (one request at a time).
class NetworkTransport final : public Transport {
 public:
  explicit NetworkTransport(core::net::HttpClientOptions options = {}) : options_(options) {}
  HttpResponse send(const HttpRequest& request) override;

 private:
  core::net::HttpClientOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<core::net::HttpClient>> clients_;
};

}  // namespace scenarios
