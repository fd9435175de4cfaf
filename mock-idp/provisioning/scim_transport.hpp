#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mock_idp::provisioning {

// One SCIM exchange as the engine sees it. `status` 0 means no HTTP answer (see error).
struct ScimReply {
  int status = 0;
  std::string body;
  std::optional<std::chrono::seconds> retry_after;  // from a 429/503 Retry-After header
  std::string error;                                // transport failure text when status == 0
  bool tls_failure = false;
};

// Sends requests to the Tenant URL with the Secret Token. `target` is relative to the Tenant
// URL ("/Users?filter=..."), already percent-encoded. Must be safe to call from several threads
// at once (the engine runs a few workers in parallel, as Azure does).
class ScimTransport {
 public:
  virtual ~ScimTransport() = default;
  virtual ScimReply send(std::string_view method, const std::string& target,
                         const std::string& body) = 0;
};

}  // namespace mock_idp::provisioning
