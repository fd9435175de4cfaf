#include "core/net/router.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

using core::net::Router;

namespace {

httplib::Request request(std::string method, std::string path, std::string body = "") {
  httplib::Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.body = std::move(body);
  return req;
}

// A handler that answers with `name`, so a test sees which route ran.
Router::Handler answer(std::string name) {
  return [name](const httplib::Request&, httplib::Response& res) { res.body = name; };
}

// Dispatches method and path; the name of the route that ran, or "" if none did.
std::string route_for(const Router& router, std::string method, std::string path) {
  auto req = request(std::move(method), std::move(path));
  httplib::Response res;
  const bool found = router.dispatch(req, res);
  CHECK(found == !res.body.empty());
  return res.body;
}

}  // namespace

TEST_CASE("router: the first matching route in registration order runs", "[net][router]") {
  Router router;
  router.Get(R"(/users/(\d+))", answer("by-id"))
      .Get("/users/.*", answer("any"))
      .Get(R"(/users/(\d+))", answer("by-id-again"));
  CHECK(route_for(router, "GET", "/users/42") == "by-id");
  CHECK(route_for(router, "GET", "/users/abc") == "any");
  CHECK(route_for(router, "GET", "/users").empty());
}

TEST_CASE("router: a pattern matches the whole path", "[net][router]") {
  Router router;
  router.Get("/a", answer("a"));
  CHECK(route_for(router, "GET", "/a") == "a");
  CHECK(route_for(router, "GET", "/ab").empty());
  CHECK(route_for(router, "GET", "/a/").empty());
  CHECK(route_for(router, "GET", "x/a").empty());
}

TEST_CASE("router: captures land in req.matches", "[net][router]") {
  Router router;
  std::string id;
  std::string sub;
  std::size_t count = 0;
  router.Get(R"(/groups/([^/]+)/members/(\d+))",
             [&](const httplib::Request& req, httplib::Response&) {
               count = req.matches.size();
               id = req.matches[1].str();
               sub = req.matches[2].str();
             });
  auto req = request("GET", "/groups/g-1/members/7");
  httplib::Response res;
  REQUIRE(router.dispatch(req, res));
  CHECK(count == 3);
  CHECK(id == "g-1");
  CHECK(sub == "7");
}

TEST_CASE("router: methods", "[net][router]") {
  Router router;
  router.Get("/r", answer("get"))
      .Post("/r", answer("post"))
      .Put("/r", answer("put"))
      .Patch("/r", answer("patch"))
      .Delete("/r", answer("delete"))
      .Options("/r", answer("options"))
      .Post("/only-post", answer("only-post"));

  SECTION("each method goes to its own route") {
    CHECK(route_for(router, "GET", "/r") == "get");
    CHECK(route_for(router, "POST", "/r") == "post");
    CHECK(route_for(router, "PUT", "/r") == "put");
    CHECK(route_for(router, "PATCH", "/r") == "patch");
    CHECK(route_for(router, "DELETE", "/r") == "delete");
    CHECK(route_for(router, "OPTIONS", "/r") == "options");
  }
  SECTION("HEAD is served by the GET route") { CHECK(route_for(router, "HEAD", "/r") == "get"); }
  SECTION("a method with no route: false, and no handler runs") {
    bool ran = false;
    Router only_post;
    only_post.Post("/x", [&](const httplib::Request&, httplib::Response&) { ran = true; });
    auto req = request("GET", "/x");
    httplib::Response res;
    CHECK_FALSE(only_post.dispatch(req, res));
    CHECK_FALSE(ran);
    CHECK(route_for(router, "GET", "/only-post").empty());
    CHECK(route_for(router, "HEAD", "/only-post").empty());
    CHECK(route_for(router, "TRACE", "/r").empty());
    CHECK(route_for(router, "get", "/r").empty());
  }
}

TEST_CASE("router: the literal-prefix shortcut keeps every pattern's meaning", "[net][router]") {
  Router router;
  router.Get("/(?:a|b)/x", answer("alternation"))
      .Get("/starts?", answer("optional-s"))
      .Get("/colou*r", answer("star"))
      .Get("/ab{0,1}c", answer("braces"))
      .Get("/z+", answer("plus"))
      .Get("/one|/two", answer("top-level-alternation"))
      .Get(R"(/v\d/items)", answer("escape"))
      .Get("/[pq]ath", answer("class"));

  CHECK(route_for(router, "GET", "/a/x") == "alternation");
  CHECK(route_for(router, "GET", "/b/x") == "alternation");
  CHECK(route_for(router, "GET", "/c/x").empty());

  CHECK(route_for(router, "GET", "/start") == "optional-s");
  CHECK(route_for(router, "GET", "/starts") == "optional-s");
  CHECK(route_for(router, "GET", "/star").empty());

  CHECK(route_for(router, "GET", "/colour") == "star");
  CHECK(route_for(router, "GET", "/color") == "star");
  CHECK(route_for(router, "GET", "/colouuur") == "star");

  CHECK(route_for(router, "GET", "/ac") == "braces");
  CHECK(route_for(router, "GET", "/abc") == "braces");

  CHECK(route_for(router, "GET", "/zzz") == "plus");
  CHECK(route_for(router, "GET", "/").empty());

  CHECK(route_for(router, "GET", "/one") == "top-level-alternation");
  CHECK(route_for(router, "GET", "/two") == "top-level-alternation");

  CHECK(route_for(router, "GET", "/v2/items") == "escape");
  CHECK(route_for(router, "GET", "/path") == "class");
  CHECK(route_for(router, "GET", "/qath") == "class");
}

TEST_CASE("router: a content-reader POST route reads req.body through the reader",
          "[net][router]") {
  Router router;
  std::string received;
  int calls = 0;
  bool read_ok = false;
  router.Post("/upload", [&](const httplib::Request&, httplib::Response& res,
                             const httplib::ContentReader& reader) {
    read_ok = reader([&](const char* data, std::size_t size) {
      ++calls;
      received.append(data, size);
      return true;
    });
    res.body = "read";
  });

  SECTION("a body") {
    auto req = request("POST", "/upload", "payload bytes");
    httplib::Response res;
    REQUIRE(router.dispatch(req, res));
    CHECK(read_ok);
    CHECK(received == "payload bytes");
    CHECK(calls == 1);
    CHECK(res.body == "read");
  }
  SECTION("no body: the receiver is not called and reading succeeds") {
    auto req = request("POST", "/upload");
    httplib::Response res;
    REQUIRE(router.dispatch(req, res));
    CHECK(read_ok);
    CHECK(calls == 0);
  }
  SECTION("a receiver that refuses makes the read fail") {
    Router refusing;
    bool result = true;
    refusing.Post("/upload", [&](const httplib::Request&, httplib::Response&,
                                 const httplib::ContentReader& reader) {
      result = reader([](const char*, std::size_t) { return false; });
    });
    auto req = request("POST", "/upload", "x");
    httplib::Response res;
    REQUIRE(refusing.dispatch(req, res));
    CHECK_FALSE(result);
  }
}

TEST_CASE("router: an exception from a handler leaves dispatch", "[net][router]") {
  Router router;
  router.Get("/boom",
             [](const httplib::Request&, httplib::Response&) { throw std::runtime_error("boom"); });
  auto req = request("GET", "/boom");
  httplib::Response res;
  CHECK_THROWS_WITH(router.dispatch(req, res), "boom");
}
