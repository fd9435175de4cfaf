#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/net/http_client.hpp"
#include "mock-idp/provisioning/scim_transport.hpp"

namespace mock_idp::provisioning {

// The SCIM transport over HTTP(S): requests go to the Tenant URL's path (its query, such as
// ?aadOptscim062020, is not forwarded) with "Authorization: Bearer <Secret Token>" and
// "Content-Type: application/scim+json". Keeps a pool of keep-alive connections, one per
// concurrent caller, so parallel workers never reconnect per request. Thread-safe.
class HttpScimTransport final : public ScimTransport {
 public:
  // Throws std::invalid_argument if tenant_url is not an http(s) URL.
  HttpScimTransport(const std::string& tenant_url, std::string secret_token,
                    core::net::HttpClientOptions options = {});
  ScimReply send(std::string_view method, const std::string& target,
                 const std::string& body) override;

 private:
  std::unique_ptr<core::net::HttpClient> acquire();
  void release(std::unique_ptr<core::net::HttpClient> client);

  std::string origin_;
  std::string base_path_;
  std::string token_;
  core::net::HttpClientOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<core::net::HttpClient>> idle_;
};

}  // namespace mock_idp::provisioning
