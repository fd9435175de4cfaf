// Scenario files and HAR documents come from anyone (shared libraries, browser exports): the
// loader and the HAR reader must reject any input with an error, never crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/net/server.hpp"
#include "scenarios/har.hpp"
#include "scenarios/html_form.hpp"
#include "scenarios/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const scenarios::FileReader no_files = [](const std::string&) {
    return std::optional<std::string>();
  };
  try {
    scenarios::load_scenario_text(text, "fuzz.json", no_files);
  } catch (const scenarios::ScenarioError&) {
  }
  if (!core::net::nesting_exceeds(text, 64)) {
    nlohmann::json doc = nlohmann::json::value_t::discarded;
    try {
      doc = nlohmann::json::parse(text, nullptr, false);
    } catch (const nlohmann::json::exception&) {
      // out_of_range 406 (number overflow) is thrown even with exceptions off
    }
    if (!doc.is_discarded()) {
      try {
        const auto exchanges = scenarios::from_har(doc);
        const auto replay = scenarios::replay_scenario(exchanges, scenarios::ReplayOptions{});
        (void)replay;
      } catch (const scenarios::HarError&) {
      }
    }
  }
  (void)scenarios::extract_forms(text);
  return 0;
}
