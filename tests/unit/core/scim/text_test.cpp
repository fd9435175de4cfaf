#include "core/scim/text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("text: iequals and to_lower are ASCII case-insensitive", "[scim][text]") {
  CHECK(core::scim::iequals("userName", "USERNAME"));
  CHECK_FALSE(core::scim::iequals("userName", "userNames"));
  CHECK_FALSE(core::scim::iequals("a", "b"));
  CHECK(core::scim::to_lower("Ab\xC3\x89") == "ab\xC3\x89");
}

TEST_CASE("text: append_json_string round-trips through a JSON parser", "[scim][text]") {
  const std::string tricky = std::string("a\"b\\c\n\r\t\b\f") + '\x01' + "\xC3\xA9";
  std::string out;
  core::scim::append_json_string(out, tricky);
  CHECK(nlohmann::json::parse(out).get<std::string>() == tricky);
  out.clear();
  core::scim::append_json_string(out, "");
  CHECK(out == "\"\"");
}
