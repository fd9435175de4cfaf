#include "mock-scim/sso_admin/dispatcher.hpp"

#include <catch2/catch.hpp>

#include "tests/unit/mock-scim/sso_admin/fixture.hpp"

using namespace mock_scim::sso_admin;
using namespace sso_admin_test;

namespace {

constexpr const char* kAuth =
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/eu-central-1/sso/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    "Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

}  // namespace

TEST_CASE("dispatcher: SigV4 header check", "[sso_admin][sigv4]") {
  std::string msg;
  CHECK(check_sigv4(kAuth, msg).empty());
  SECTION("missing") {
    CHECK(check_sigv4("", msg) == "MissingAuthenticationTokenException");
    CHECK(msg == "Request is missing Authentication Token");
  }
  SECTION("another scheme") {
    CHECK(check_sigv4("Bearer abc", msg) == "IncompleteSignatureException");
  }
  SECTION("no Signature") {
    CHECK(check_sigv4("AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-central-1/sso/aws4_request, "
                      "SignedHeaders=host",
                      msg) == "IncompleteSignatureException");
  }
  SECTION("bad scope") {
    CHECK(check_sigv4("AWS4-HMAC-SHA256 Credential=AKID/2026/eu-central-1/sso/aws4_request, "
                      "SignedHeaders=host, Signature=" +
                          std::string(64, 'a'),
                      msg) == "IncompleteSignatureException");
  }
  SECTION("short signature") {
    CHECK(check_sigv4("AWS4-HMAC-SHA256 Credential=AKID/20261127/eu-central-1/sso/aws4_request, "
                      "SignedHeaders=host, Signature=abc",
                      msg) == "IncompleteSignatureException");
  }
}

TEST_CASE("dispatcher: routes both targets and renders errors", "[sso_admin][dispatcher]") {
  Fixture f;
  AwsJsonDispatcher d(f.api, f.ids_api);
  const auto ok = d.handle("SWBExternalService.ListInstances", kAuth, "{}", "rid");
  CHECK(ok.status == 200);
  CHECK(ok.body["Instances"].size() == 1);
  const auto users =
      d.handle("AWSIdentityStore.ListUsers", kAuth, R"({"IdentityStoreId":"d-9067729b3d"})", "rid");
  CHECK(users.status == 200);
  CHECK(users.body["Users"].size() == 2);
  SECTION("missing Authorization") {
    const auto r = d.handle("SWBExternalService.ListInstances", "", "{}", "rid");
    CHECK(r.status == 400);
    CHECK(r.body["__type"] == "MissingAuthenticationTokenException");
    CHECK(r.body.contains("Message"));
  }
  SECTION("unknown target prefix") {
    const auto r = d.handle("DynamoDB_20120810.ListTables", kAuth, "{}", "rid");
    CHECK(r.body["__type"] == "UnknownOperationException");
  }
  SECTION("missing target") {
    CHECK(d.handle("", kAuth, "{}", "rid").body["__type"] == "UnknownOperationException");
  }
  SECTION("unknown operation") {
    CHECK(d.handle("SWBExternalService.Nope", kAuth, "{}", "rid").body["__type"] ==
          "UnknownOperationException");
  }
  SECTION("malformed JSON") {
    const auto r = d.handle("SWBExternalService.ListInstances", kAuth, "{", "rid");
    CHECK(r.status == 400);
    CHECK(r.body["__type"] == "SerializationException");
  }
  SECTION("JSON that is not an object") {
    CHECK(d.handle("SWBExternalService.ListInstances", kAuth, "[]", "rid").body["__type"] ==
          "SerializationException");
  }
  SECTION("too deep JSON") {
    CHECK(d.handle("SWBExternalService.ListInstances", kAuth,
                   std::string(100, '[') + std::string(100, ']'), "rid")
              .body["__type"] == "SerializationException");
  }
  SECTION("identitystore errors carry RequestId") {
    const auto r = d.handle(
        "AWSIdentityStore.DescribeUser", kAuth,
        R"({"IdentityStoreId":"d-9067729b3d","UserId":"9067729b3d-00000000-0000-0000-0000-000000000000"})",
        "rid-1");
    CHECK(r.body["__type"] == "ResourceNotFoundException");
    CHECK(r.body["RequestId"] == "rid-1");
    CHECK(r.body["ResourceType"] == "USER");
  }
  SECTION("an empty body is an empty request") {
    CHECK(d.handle("SWBExternalService.ListInstances", kAuth, "", "rid").status == 200);
  }
}
