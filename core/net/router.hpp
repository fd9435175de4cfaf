#pragma once

#include <httplib.h>

#include <regex>
#include <string>
#include <vector>

namespace core::net {

// The routes of one server, kept apart from the transport that carries the requests (the event
// loop or cpp-httplib's thread per connection). Registration reads like cpp-httplib's, so a
// route is written the same way for either: a regular expression matched against the whole
// decoded path, captures in req.matches, tried in the order they were added.
class Router {
 public:
  using Handler = httplib::Server::Handler;
  using HandlerWithContentReader = httplib::Server::HandlerWithContentReader;

  Router& Get(const std::string& pattern, Handler handler);  // also answers HEAD
  Router& Post(const std::string& pattern, Handler handler);
  Router& Post(const std::string& pattern, HandlerWithContentReader handler);
  Router& Put(const std::string& pattern, Handler handler);
  Router& Patch(const std::string& pattern, Handler handler);
  Router& Delete(const std::string& pattern, Handler handler);
  Router& Options(const std::string& pattern, Handler handler);

  // Runs the first route whose method and pattern match; false if none does. The body has
  // been read in full: a content-reader route gets a reader that hands it req.body.
  bool dispatch(httplib::Request& req, httplib::Response& res) const;

 private:
  struct Route {
    std::string method;
    std::string literal_prefix;  // the pattern up to its first special character
    std::regex pattern;
    Handler handler;
    HandlerWithContentReader reader_handler;
  };
  Router& add(const char* method, const std::string& pattern, Handler handler,
              HandlerWithContentReader reader_handler);

  std::vector<Route> routes_;
};

}  // namespace core::net
