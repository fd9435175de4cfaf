// libFuzzer target: mock-idp's parsers of untrusted Graph input ($filter, $select/$top/$skiptoken,
// and the JSON bodies of users, groups, $ref and SAML settings). Every input must either parse or
// be refused with a GraphError; anything else (a crash, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "mock-idp/directory/graph_error.hpp"
#include "mock-idp/directory/graph_json.hpp"
#include "mock-idp/directory/odata.hpp"

namespace d = mock_idp::directory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto clauses = d::parse_filter(text, d::user_properties());
    d::matches(nlohmann::json{{"displayName", "x"}, {"accountEnabled", true}}, clauses);
  } catch (const d::GraphError&) {
  }
  try {
    d::parse_odata({{"$select", text}, {"$top", text}, {"$skiptoken", text}}, d::user_properties(),
                   "microsoft.graph.user");
  } catch (const d::GraphError&) {
  }
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  try {
    d::user_from_create(j);
  } catch (const d::GraphError&) {
  }
  try {
    d::group_from_create(j);
  } catch (const d::GraphError&) {
  }
  try {
    d::reference_id(j);
  } catch (const d::GraphError&) {
  }
  try {
    d::ServicePrincipal sp;
    d::apply_service_principal_patch(sp, j);
  } catch (const d::GraphError&) {
  }
  return 0;
}
