// Many connections at once lose no update.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/e2e/mock-scim/scim_fixture.hpp"

using nlohmann::json;
using scim_e2e::Scim;
using scim_e2e::url_encode;

TEST_CASE("mock-scim: concurrent creates and membership changes lose nothing", "[e2e][mock-scim]") {
  Scim s;
  const auto gid = s.create_group("Everyone")["id"].get<std::string>();
  constexpr int kThreads = 16;
  constexpr int kPerThread = 20;
  std::atomic<int> created{0};
  std::atomic<int> added{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto c = s.server->client();
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "t" + std::to_string(t) + "u" + std::to_string(i);
        auto res = c->Post((s.base + "/Users").c_str(), s.auth(), scim_e2e::azure_user(name).dump(),
                           "application/scim+json");
        if (!res || res->status != 201) continue;
        ++created;
        const auto id = json::parse(res->body)["id"].get<std::string>();
        const json patch = {
            {"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", {{{"op", "Add"}, {"path", "members"}, {"value", {{{"value", id}}}}}}}};
        auto p = c->Patch((s.base + "/Groups/" + gid).c_str(), s.auth(), patch.dump(),
                          "application/scim+json");
        if (p && p->status == 204) ++added;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(created == kThreads * kPerThread);
  CHECK(added == kThreads * kPerThread);
  CHECK(s.list("Users", "count=1")["totalResults"] == kThreads * kPerThread);
  CHECK(s.list("Users", "filter=" + url_encode("groups.value eq \"" + gid +
                                               "\""))["totalResults"] == kThreads * kPerThread);
  CHECK(s.server->stop() == 0);
}

TEST_CASE("mock-scim: concurrent creates of one userName yield exactly one user",
          "[e2e][mock-scim]") {
  Scim s;
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto c = s.server->client();
      auto res = c->Post((s.base + "/Users").c_str(), s.auth(), scim_e2e::azure_user("same").dump(),
                         "application/scim+json");
      if (res && res->status == 201) ++ok;
      if (res && res->status == 409) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 1);
  CHECK(conflicts == 7);
  CHECK(s.server->stop() == 0);
}
