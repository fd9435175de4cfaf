// PATCH bodies from any SCIM client, applied to a user and planned for a group with AWS's
// rules: a 4xx core::scim::Error or success, never a crash; a rejected user PATCH is caught
// before the store (the engine works on a copy).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/scim/error.hpp"
#include "core/scim/patch.hpp"
#include "mock-scim/scim/group_patch.hpp"
#include "mock-scim/scim/user_patch.hpp"
#include "mock-scim/scim/user_schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) return 0;
  auto user =
      mock_scim::scim::user_from_json({{"userName", "fuzz"},
                                       {"displayName", "Fuzz"},
                                       {"name", {{"givenName", "F"}, {"familyName", "Z"}}},
                                       {"emails", {{{"value", "f@z.test"}, {"primary", true}}}}});
  try {
    const auto ops = core::scim::parse_patch_request(body);
    for (const bool quirk : {false, true}) {
      try {
        auto copy = user;
        mock_scim::scim::apply_user_patch(copy, ops, {quirk});
        std::string out;
        mock_scim::scim::append_user_json(out, copy);
        if (nlohmann::json::parse(out, nullptr, false).is_discarded()) __builtin_trap();
      } catch (const core::scim::Error& e) {
        if (e.status() < 400 || e.status() > 499) __builtin_trap();
      }
      try {
        (void)mock_scim::scim::plan_group_patch(ops, {quirk, quirk});
      } catch (const core::scim::Error& e) {
        if (e.status() < 400 || e.status() > 499) __builtin_trap();
      }
    }
  } catch (const core::scim::Error& e) {
    if (e.status() < 400 || e.status() > 499) __builtin_trap();
  }
  try {
    (void)mock_scim::scim::user_from_json(body);
  } catch (const core::scim::Error& e) {
    if (e.status() < 400 || e.status() > 499) __builtin_trap();
  }
  return 0;
}
