#include "tests/e2e/mock-scim/scim_fixture.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <regex>

namespace scim_e2e {

using nlohmann::json;

Scim::Scim(std::vector<std::string> args, bool enable) {
  args.insert(args.begin(), {"--log-level", "warn"});
  server = std::make_unique<test_support::ServerProcess>(HARNESS_MOCK_SCIM_BIN, args);
  client = server->client();
  if (!enable) {
    auto info = client->Get("/_harness/provisioning");
    REQUIRE(info);
    const auto j = json::parse(info->body);
    endpoint = j["scimEndpoint"].get<std::string>();
  } else {
    auto res = harness_post("/_harness/provisioning");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto j = json::parse(res->body);
    endpoint = j["scimEndpoint"].get<std::string>();
    token = j["accessToken"].get<std::string>();
  }
  base = endpoint.substr(endpoint.find('/', endpoint.find("://") + 3));
  tenant = base.substr(1, base.find('/', 1) - 1);
}

httplib::Headers Scim::auth() const { return {{"Authorization", "Bearer " + token}}; }

httplib::Result Scim::get(const std::string& path, const std::string& token_override) const {
  if (token_override == "-") return client->Get(path.c_str(), auth());
  httplib::Headers h;
  if (!token_override.empty()) h.emplace("Authorization", token_override);
  return client->Get(path.c_str(), h);
}

httplib::Result Scim::post(const std::string& path, const json& body) const {
  return client->Post(path.c_str(), auth(), body.dump(), "application/scim+json");
}

httplib::Result Scim::put(const std::string& path, const json& body) const {
  return client->Put(path.c_str(), auth(), body.dump(), "application/scim+json");
}

httplib::Result Scim::patch(const std::string& path, const json& body) const {
  return client->Patch(path.c_str(), auth(), body.dump(), "application/scim+json");
}

httplib::Result Scim::del(const std::string& path) const {
  return client->Delete(path.c_str(), auth());
}

httplib::Result Scim::raw(const std::string& method, const std::string& path,
                          const std::string& body, const httplib::Headers& headers) const {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = headers;
  req.body = body;
  if (!body.empty()) req.set_header("Content-Type", "application/json");
  return client->send(req);
}

httplib::Result Scim::harness_post(const std::string& path, const std::string& body) const {
  return client->Post(path.c_str(), body, "application/json");
}

json Scim::list(const std::string& resource, const std::string& query) const {
  auto res = get(base + "/" + resource + (query.empty() ? "" : "?" + query));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

json Scim::create_user(const std::string& user_name) const {
  auto res = post(base + "/Users", azure_user(user_name));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return json::parse(res->body);
}

json Scim::create_group(const std::string& display_name) const {
  auto res = post(base + "/Groups", {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                     {"displayName", display_name}});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
  return json::parse(res->body);
}

json azure_user(const std::string& user_name) {
  return {{"schemas",
           {"urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}},
          {"externalId", "ext-" + user_name},
          {"userName", user_name},
          {"active", true},
          {"displayName", "Display " + user_name},
          {"emails", {{{"primary", true}, {"type", "work"}, {"value", user_name + "@mail.test"}}}},
          {"meta", {{"resourceType", "User"}}},
          {"name",
           {{"formatted", "givenName familyName"},
            {"familyName", "familyName"},
            {"givenName", "givenName"}}},
          {"roles", json::array()}};
}

json check_envelope(const httplib::Result& res, int status) {
  REQUIRE(res);
  INFO(res->body);
  CHECK(res->status == status);
  CHECK(res->get_header_value("Content-Type") == "application/json");
  const auto rid = res->get_header_value("x-amzn-RequestId");
  CHECK(rid.size() == 36);
  const auto j = json::parse(res->body);
  CHECK(j["schema"] == json::array({"urn:ietf:params:scim:api:messages:2.0:Error"}));
  CHECK(j["schemas"] == json::array({"urn:ietf:params:scim:api:messages:2.0:Error"}));
  CHECK(j["status"] == std::to_string(status));
  CHECK(j["exceptionRequestId"] == rid);
  CHECK(std::regex_match(j["timeStamp"].get<std::string>(),
                         std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})")));
  CHECK(j["detail"].is_string());
  return j;
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace scim_e2e
