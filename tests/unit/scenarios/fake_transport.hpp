#pragma once

#include <functional>
#include <vector>

#include "scenarios/transport.hpp"

namespace scenarios::testing {

// Answers requests from a function, and keeps what was sent. No sockets.
class FakeTransport final : public Transport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}
  HttpResponse send(const HttpRequest& request) override {
    sent.push_back(request);
    return handler_(request);
  }
  std::vector<HttpRequest> sent;

 private:
  Handler handler_;
};

inline HttpResponse json_response(int status, const std::string& body) {
  return HttpResponse{status, {{"Content-Type", "application/json"}}, body, ""};
}

}  // namespace scenarios::testing
