#include "scenarios/http_types.hpp"

#include <catch2/catch.hpp>

TEST_CASE("http_types: URLs split and resolve", "[scenarios][http]") {
  const auto parts = scenarios::split_url("https://h:8443/a/b?x=1#frag");
  REQUIRE(parts);
  CHECK(parts->origin == "https://h:8443");
  CHECK(parts->path_and_query == "/a/b?x=1");
  CHECK(scenarios::split_url("http://h")->path_and_query == "/");
  CHECK(scenarios::split_url("http://h?q")->path_and_query == "/?q");
  CHECK_FALSE(scenarios::split_url("ftp://h/"));
  CHECK_FALSE(scenarios::split_url("http:///x"));
  const std::string base = "http://h:1/a/b/c?q=1";
  CHECK(scenarios::resolve_url(base, "https://o/x") == "https://o/x");
  CHECK(scenarios::resolve_url(base, "/root") == "http://h:1/root");
  CHECK(scenarios::resolve_url(base, "d") == "http://h:1/a/b/d");
  CHECK(scenarios::resolve_url(base, "../d?z") == "http://h:1/a/d?z");
  CHECK(scenarios::resolve_url(base, "?z=2") == "http://h:1/a/b/c?z=2");
  CHECK(scenarios::resolve_url(base, "") == base);
  CHECK(scenarios::resolve_url(base, "//other/p") == "http://other/p");
}

TEST_CASE("http_types: forms encode and decode", "[scenarios][http]") {
  const std::string body = scenarios::form_encode({{"a b", "c&d=e"}, {"SAMLResponse", "x+/="}});
  CHECK(body == "a%20b=c%26d%3De&SAMLResponse=x%2B%2F%3D");
  const auto fields = scenarios::form_decode(body);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].second == "c&d=e");
  CHECK(fields[1].second == "x+/=");
  CHECK(scenarios::url_decode("%zz%4") == "%zz%4");
  CHECK(scenarios::form_decode("a&=b&&c=").size() == 3);
}

TEST_CASE("http_types: headers are case-insensitive", "[scenarios][http]") {
  scenarios::Headers h{{"Content-Type", "a"}, {"X", "1"}};
  CHECK(scenarios::find_header(h, "content-type").value() == "a");
  scenarios::set_header(h, "CONTENT-TYPE", "b");
  CHECK(h.size() == 2);
  CHECK(scenarios::find_header(h, "Content-Type").value() == "b");
  CHECK_FALSE(scenarios::find_header(h, "Y"));
}
