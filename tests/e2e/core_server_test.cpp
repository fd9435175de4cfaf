// The automation contract of core/net, driven over HTTP against a server built only on core.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/server_process.hpp"

using nlohmann::json;
using test_support::ServerProcess;

namespace {
ServerProcess start(std::vector<std::string> args = {}) {
  args.insert(args.begin(), {"--log-level", "warn"});
  return ServerProcess(HARNESS_ECHO_SERVER_BIN, args);
}
}  // namespace

TEST_CASE("core server: readiness line, request id, SIGTERM exits 0", "[e2e][core]") {
  ServerProcess server = start();
  CHECK(server.url().rfind("http://127.0.0.1:", 0) == 0);
  auto c = server.client();
  auto res = c->Get("/_harness/health");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(json::parse(res->body)["status"] == "ok");
  CHECK(res->get_header_value("x-request-id").size() == 36);
  CHECK(server.stop() == 0);
}

TEST_CASE("core server: oversized bodies get 413, unknown routes 404, throws 500", "[e2e][core]") {
  ServerProcess server = start({"--max-body", "2048"});
  auto c = server.client();
  auto ok = c->Post("/echo", std::string(1000, 'a'), "text/plain");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  auto big = c->Post("/echo", std::string(4096, 'a'), "text/plain");
  REQUIRE(big);
  CHECK(big->status == 413);
  auto missing = c->Get("/nowhere");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(json::parse(missing->body)["status"] == 404);
  auto thrown = c->Get("/throw");
  REQUIRE(thrown);
  CHECK(thrown->status == 500);
  CHECK(thrown->body.find("deliberate") == std::string::npos);  // details stay in the log
  CHECK(server.stop() == 0);
}

TEST_CASE("core server: the clock moves by advance and set, and reset restores it", "[e2e][core]") {
  ServerProcess server = start();
  auto c = server.client();
  auto adv = c->Post("/_harness/clock", R"({"advance":"P365D"})", "application/json");
  REQUIRE(adv);
  REQUIRE(adv->status == 200);
  CHECK(json::parse(adv->body)["offset"] == "P365D");
  auto set = c->Post("/_harness/clock", R"({"set":"2030-01-01T00:00:00Z"})", "application/json");
  REQUIRE(set);
  CHECK(json::parse(c->Get("/now")->body)["now"].get<std::string>().rfind("2030-01-01T00:00", 0) ==
        0);
  SECTION("bad clock bodies are rejected with a reason") {
    for (const char* bad : {R"({"advance":"40 minutes"})", R"({"set":"tomorrow"})", R"({})",
                            R"({"advance":"PT1M","set":"2030-01-01T00:00:00Z"})", "not json",
                            R"({"advance":"-PT1M"})"}) {
      INFO(bad);
      auto r = c->Post("/_harness/clock", bad, "application/json");
      REQUIRE(r);
      CHECK(r->status == 400);
      CHECK(json::parse(r->body)["error"]["message"].get<std::string>().size() > 5);
    }
  }
  auto reset = c->Post("/_harness/reset", "", "application/json");
  REQUIRE(reset);
  CHECK(reset->status == 200);
  CHECK(json::parse(c->Get("/_harness/clock")->body)["offsetMillis"] == 0);
  CHECK(json::parse(c->Get("/resets")->body)["resets"] == 1);
}

TEST_CASE("core server: the journal records exchanges with the token masked", "[e2e][core]") {
  ServerProcess server = start();
  auto c = server.client();
  httplib::Headers auth{{"Authorization", "Bearer supersecrettokenvalue1234"}};
  REQUIRE(c->Post("/echo", auth, R"({"hello":"world"})", "application/json"));
  auto res = c->Get("/_harness/requests");
  REQUIRE(res);
  const auto body = json::parse(res->body);
  REQUIRE(body["requests"].size() == 1);  // harness calls are not journaled
  const auto& e = body["requests"][0];
  CHECK(e["request"]["method"] == "POST");
  CHECK(e["request"]["path"] == "/echo");
  CHECK(e["request"]["body"] == R"({"hello":"world"})");
  CHECK(e["response"]["status"] == 200);
  bool masked = false;
  for (const auto& h : e["request"]["headers"]) {
    if (h["name"] == "Authorization") masked = h["value"] == "Bearer ****1234";
  }
  CHECK(masked);
  CHECK(res->body.find("supersecret") == std::string::npos);
}

TEST_CASE("core server: serves many keep-alive connections at once", "[e2e][core]") {
  ServerProcess server = start();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&] {
      auto c = server.client();
      for (int i = 0; i < 20; ++i) {
        auto r = c->Get("/_harness/health");
        if (r && r->status == 200) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 32 * 20);
}

TEST_CASE("core server: --tls serves https with a generated certificate", "[e2e][core]") {
  ServerProcess server = start({"--tls"});
  CHECK(server.url().rfind("https://127.0.0.1:", 0) == 0);
  auto c = server.client();
  auto res = c->Get("/_harness/health");
  REQUIRE(res);
  CHECK(res->status == 200);
}
