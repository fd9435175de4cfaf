#pragma once

#include <stdexcept>
#include <string>

namespace mock_idp::directory {

// A Microsoft Graph failure: the HTTP status and Graph's error code ("Request_ResourceNotFound",
// "Request_BadRequest", ...). Thrown by the directory; rendered in one place (http/) as
// {"error":{"code","message","innerError":{...}}}. `what()` is the message shown to the client.
class GraphError : public std::runtime_error {
 public:
  GraphError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }

  static GraphError not_found(const std::string& id) {
    return GraphError(404, "Request_ResourceNotFound",
                      "Resource '" + id +
                          "' does not exist or one of its queried reference-property objects are "
                          "not present.");
  }
  static GraphError bad_request(const std::string& message) {
    return GraphError(400, "Request_BadRequest", message);
  }

 private:
  int status_;
  std::string code_;
};

}  // namespace mock_idp::directory
