#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/server_process.hpp"

namespace idp_test {

inline constexpr const char* kTenant = "8f2b1c6e-4d3a-4e59-9b7c-2a1d0e3f4c5b";
inline constexpr const char* kAppId = "3d5c9a1b-7e2f-4a6b-8c0d-9e1f2a3b4c5d";
inline constexpr const char* kSpEntity =
    "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c2f8a1";
inline constexpr const char* kAcs =
    "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/"
    "2f1e0d9c-8b7a-4654-a3b2-c1d0e9f8a7b6";

// mock-idp with the example fixture (mock-idp/config/example.json).
inline test_support::ServerProcess start(std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--config",
                                HARNESS_MOCK_IDP_EXAMPLE_CONFIG,
                                "--log-level",
                                "warn",
                                "--no-access-log",
                                "--seed",
                                "11"};
  args.insert(args.end(), extra.begin(), extra.end());
  return test_support::ServerProcess(HARNESS_MOCK_IDP_BIN, args);
}

inline nlohmann::json body(const httplib::Result& res) {
  REQUIRE(res);
  const auto j = nlohmann::json::parse(res->body, nullptr, false);
  INFO(res->body);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace idp_test
