#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/clock.hpp"

namespace scenarios {

// Header lines in the order they were sent or received; names keep their spelling.
using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of `name` (case-insensitive), or nullopt.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);
// Replaces every `name` header (case-insensitive) with one line.
void set_header(Headers& headers, std::string name, std::string value);
bool iequals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host:port/path?query
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;  // 0: no response (see error)
  Headers headers;
  std::string body;
  std::string error;  // transport failure (connection refused, timeout, TLS), else ""
};

// One request and its answer as the runner saw them: what the HAR export writes and what the
// demo mode shows. `step` names the step that caused it ("3. create the user").
struct Exchange {
  HttpRequest request;
  HttpResponse response;
  core::util::TimePoint started{};
  core::util::Millis duration{0};
  std::string step;
};

// "https://host:8443/a/b?x=1" -> {"https://host:8443", "/a/b?x=1"}. The path is "/" when the
// URL has none. nullopt for anything that is not an absolute http(s) URL.
struct SplitUrl {
  std::string origin;
  std::string path_and_query;
};
std::optional<SplitUrl> split_url(std::string_view url);

// Resolves a Location header or a form action against the URL of the page it came from.
std::string resolve_url(std::string_view base, std::string_view reference);

// Percent-encoding for queries and form bodies (a space is %20, which servers read the same in
// both places; '+' is decoded as a space); malformed escapes are kept literally.
std::string url_encode(std::string_view text);
std::string url_decode(std::string_view text);
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
std::vector<std::pair<std::string, std::string>> form_decode(std::string_view body);

}  // namespace scenarios
