#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "core/saml/response_builder.hpp"
#include "core/saml/response_validator.hpp"
#include "tests/unit/core/saml/test_support.hpp"

using namespace core::saml;

TEST_CASE("concurrency: one key and one validator shared by several threads", "[saml][threads]") {
  const core::crypto::SigningCredential idp = saml_test::credential("idp");
  core::util::IdGenerator ids(9);
  const core::util::ManualClock clock(saml_test::t0());
  ReplayCache replay;
  const ResponseValidator validator(saml_test::sp_config(), clock, &replay);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const SigningMode mode = (t + i) % 2 == 0 ? SigningMode::kAssertion : SigningMode::kBoth;
        const BuiltResponse b = build_response(saml_test::golden_spec(), idp, {mode}, ids);
        if (validator.validate(b.xml, saml_test::outstanding).ok()) ++accepted;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(accepted.load() == 20);
  CHECK(replay.size() == 20);
}
