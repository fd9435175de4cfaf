// Seeds a SCIM server through its own API, fast: `scim-seed ENDPOINT TOKEN USERS GROUPS MEMBERS
// [THREADS]` creates USERS users, then GROUPS groups with MEMBERS members each (added by PATCH in
// batches of 100, as Azure AD does), over keep-alive connections. Prints one JSON line:
// {"users":N,"groups":N,"firstUserId":...,"firstUserName":...,"seconds":...}.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Endpoint {
  std::string origin;  // scheme://host:port
  std::string base;    // /tenant/scim/v2
};

Endpoint split(const std::string& url) {
  const auto scheme_end = url.find("://") + 3;
  const auto path = url.find('/', scheme_end);
  std::string base = path == std::string::npos ? "" : url.substr(path);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return {url.substr(0, path), base};
}

std::string user_body(std::size_t i) {
  const std::string n = "seed" + std::to_string(i);
  return nlohmann::json{
      {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
      {"externalId", "ext-" + n},
      {"userName", n + "@contoso.onmicrosoft.com"},
      {"active", true},
      {"displayName", "Seed User " + std::to_string(i)},
      {"title", "Engineer"},
      {"emails", {{{"primary", true}, {"type", "work"}, {"value", n + "@contoso.com"}}}},
      {"name", {{"givenName", "Seed"}, {"familyName", "User" + std::to_string(i)}}}}
      .dump();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: scim-seed ENDPOINT TOKEN USERS GROUPS MEMBERS [THREADS]\n";
    return 2;
  }
  const Endpoint ep = split(argv[1]);
  const std::string token = argv[2];
  const std::size_t users = std::strtoul(argv[3], nullptr, 10);
  const std::size_t groups = std::strtoul(argv[4], nullptr, 10);
  const std::size_t members = std::strtoul(argv[5], nullptr, 10);
  const std::size_t threads = argc > 6 ? std::strtoul(argv[6], nullptr, 10) : 8;
  const httplib::Headers auth{{"Authorization", "Bearer " + token}};
  const auto start = std::chrono::steady_clock::now();

  std::vector<std::string> ids(users);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex err_mutex;
  auto fail = [&](const std::string& what) {
    std::lock_guard lock(err_mutex);
    if (!failed.exchange(true)) std::cerr << "scim-seed: " << what << "\n";
  };
  auto run = [&](auto&& body) {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(body);
    for (auto& th : pool) th.join();
  };

  run([&] {
    httplib::Client c(ep.origin);
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);  // else Nagle + delayed ACK: ~40 ms a request
    c.enable_server_certificate_verification(false);
    for (std::size_t i; (i = next++) < users && !failed;) {
      auto r = c.Post(ep.base + "/Users", auth, user_body(i), "application/scim+json");
      if (!r || r->status != 201) {
        fail("create user " + std::to_string(i) + " -> " +
             (r ? std::to_string(r->status) + " " + r->body : "no answer"));
        return;
      }
      ids[i] = nlohmann::json::parse(r->body).at("id").get<std::string>();
    }
  });
  next = 0;
  run([&] {
    httplib::Client c(ep.origin);
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);  // else Nagle + delayed ACK: ~40 ms a request
    c.enable_server_certificate_verification(false);
    for (std::size_t g; (g = next++) < groups && !failed;) {
      const nlohmann::json create{{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                  {"displayName", "Seed Group " + std::to_string(g)},
                                  {"externalId", "ext-group-" + std::to_string(g)}};
      auto r = c.Post(ep.base + "/Groups", auth, create.dump(), "application/scim+json");
      if (!r || r->status != 201) {
        fail("create group -> " + (r ? std::to_string(r->status) + " " + r->body : "no answer"));
        return;
      }
      const std::string gid = nlohmann::json::parse(r->body).at("id").get<std::string>();
      for (std::size_t done = 0; done < members && users > 0;) {
        nlohmann::json value = nlohmann::json::array();
        for (std::size_t k = 0; k < 100 && done < members; ++k, ++done) {
          value.push_back({{"value", ids[(g * members + done) % users]}});
        }
        const nlohmann::json patch{
            {"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", {{{"op", "Add"}, {"path", "members"}, {"value", value}}}}};
        auto p = c.Patch(ep.base + "/Groups/" + gid, auth, patch.dump(), "application/scim+json");
        if (!p || p->status != 204) {
          fail("add members -> " + (p ? std::to_string(p->status) + " " + p->body : "no answer"));
          return;
        }
      }
    }
  });
  if (failed) return 1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << nlohmann::json{{"users", users},
                              {"groups", groups},
                              {"firstUserId", users ? ids[0] : ""},
                              {"firstUserName", users ? "seed0@contoso.onmicrosoft.com" : ""},
                              {"seconds", seconds}}
                   .dump()
            << std::endl;
  return 0;
}
