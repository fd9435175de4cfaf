#include "core/net/router.hpp"

#include <string_view>

namespace core::net {
namespace {

// Literal text every path this pattern can match starts with: a cheap test before the regex.
std::string literal_prefix(const std::string& pattern) {
  // With alternation, "a|b" may match paths that do not start with "a": no prefix at all.
  if (pattern.find('|') != std::string::npos) return {};
  const auto special = pattern.find_first_of(R"(\.^$|?*+()[]{})");
  std::string prefix = pattern.substr(0, special);
  // A quantifier applies to the character before it, which is then not required.
  if (special != std::string::npos && !prefix.empty() &&
      std::string_view("?*{").find(pattern[special]) != std::string_view::npos) {
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace

Router& Router::add(const char* method, const std::string& pattern, Handler handler,
                    HandlerWithContentReader reader_handler) {
  routes_.push_back(Route{method, literal_prefix(pattern), std::regex(pattern), std::move(handler),
                          std::move(reader_handler)});
  return *this;
}

Router& Router::Get(const std::string& pattern, Handler handler) {
  return add("GET", pattern, std::move(handler), nullptr);
}
Router& Router::Post(const std::string& pattern, Handler handler) {
  return add("POST", pattern, std::move(handler), nullptr);
}
Router& Router::Post(const std::string& pattern, HandlerWithContentReader handler) {
  return add("POST", pattern, nullptr, std::move(handler));
}
Router& Router::Put(const std::string& pattern, Handler handler) {
  return add("PUT", pattern, std::move(handler), nullptr);
}
Router& Router::Patch(const std::string& pattern, Handler handler) {
  return add("PATCH", pattern, std::move(handler), nullptr);
}
Router& Router::Delete(const std::string& pattern, Handler handler) {
  return add("DELETE", pattern, std::move(handler), nullptr);
}
Router& Router::Options(const std::string& pattern, Handler handler) {
  return add("OPTIONS", pattern, std::move(handler), nullptr);
}

bool Router::dispatch(httplib::Request& req, httplib::Response& res) const {
  const std::string_view method =
      req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
  for (const auto& route : routes_) {
    if (route.method != method ||
        req.path.compare(0, route.literal_prefix.size(), route.literal_prefix) != 0) {
      continue;
    }
    if (!std::regex_match(req.path, req.matches, route.pattern)) continue;
    if (route.handler) {
      route.handler(req, res);
    } else {
      const std::string& body = req.body;
      httplib::ContentReader reader(
          [&body](const httplib::ContentReceiver& receiver) {
            return body.empty() || receiver(body.data(), body.size());
          },
          [](const httplib::MultipartContentHeader&, const httplib::ContentReceiver&) {
            return false;
          });
      route.reader_handler(req, res, reader);
    }
    return true;
  }
  return false;
}

}  // namespace core::net
