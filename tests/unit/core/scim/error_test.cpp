#include "core/scim/error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using core::scim::Error;
using core::scim::ScimType;

TEST_CASE("error: factories carry status and scimType", "[scim][error]") {
  CHECK(Error::invalid_syntax("x").status() == 400);
  CHECK(Error::invalid_syntax("x").type() == ScimType::kInvalidSyntax);
  CHECK(Error::invalid_value("x").type() == ScimType::kInvalidValue);
  CHECK(Error::invalid_filter("x").type() == ScimType::kInvalidFilter);
  CHECK(Error::invalid_path("x").type() == ScimType::kInvalidPath);
  CHECK(Error::mutability("x").type() == ScimType::kMutability);
  CHECK(Error::too_many("x").status() == 400);
  CHECK(Error::unauthorized("x").status() == 401);
  CHECK(Error::not_found("x").status() == 404);
  CHECK(Error::uniqueness("dup").status() == 409);
  CHECK(Error::uniqueness("dup").detail() == "dup");
  CHECK(std::string(Error::uniqueness("dup").what()) == "dup");
  CHECK(core::scim::to_string(ScimType::kUniqueness) == "uniqueness");
  CHECK(core::scim::to_string(ScimType::kNone).empty());
}

TEST_CASE("error: the envelope is AWS's, key for key", "[scim][error]") {
  const auto body = core::scim::render_error_envelope(400, core::scim::kDetailUnparsable,
                                                      "59370c32-f096-4892-8e37-94b4581f1f03",
                                                      "2024-04-05 06:32:12.227");
  CHECK(body == R"({"schema":["urn:ietf:params:scim:api:messages:2.0:Error"],)"
                R"("schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],)"
                R"("detail":"Request is unparsable, syntactically incorrect, or violates schema.",)"
                R"("status":"400","exceptionRequestId":"59370c32-f096-4892-8e37-94b4581f1f03",)"
                R"("timeStamp":"2024-04-05 06:32:12.227"})");
  const auto parsed = nlohmann::json::parse(body);
  CHECK(parsed["status"].is_string());
  CHECK(parsed.find("scimType") == parsed.end());
}

TEST_CASE("error: the 2022 envelope has schema but not schemas", "[scim][error]") {
  const auto parsed = nlohmann::json::parse(
      core::scim::render_error_envelope(409, core::scim::kDetailDuplicate, "r", "t", true));
  CHECK(parsed.contains("schema"));
  CHECK_FALSE(parsed.contains("schemas"));
  CHECK(parsed["status"] == "409");
  CHECK(parsed["detail"] == "Refused to create a new, duplicate resource.");
}

TEST_CASE("error: details with quotes and control characters stay valid JSON", "[scim][error]") {
  const auto parsed =
      nlohmann::json::parse(core::scim::render_error_envelope(400, "bad \"x\"\n\t\\", "r", "t"));
  CHECK(parsed["detail"] == "bad \"x\"\n\t\\");
}
