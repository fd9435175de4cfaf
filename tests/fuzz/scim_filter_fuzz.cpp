// SCIM filters arrive in the query string of every list request; PATCH paths reuse the parser.
// Anything may be rejected, with core::scim::Error only; nothing may crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/scim/error.hpp"
#include "core/scim/filter.hpp"
#include "core/scim/patch.hpp"
#include "mock-scim/scim/filters.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto filter = core::scim::parse_filter(text);
    if (filter.clauses.empty()) __builtin_trap();
  } catch (const core::scim::Error& e) {
    if (e.status() != 400) __builtin_trap();
  }
  try {
    (void)core::scim::parse_patch_path(text);
  } catch (const core::scim::Error& e) {
    if (e.status() != 400) __builtin_trap();
  }
  try {
    (void)mock_scim::scim::user_query_from_filter(text);
    (void)mock_scim::scim::group_query_from_filter(text);
  } catch (const core::scim::Error& e) {
    if (e.status() != 400) __builtin_trap();
  }
  return 0;
}
