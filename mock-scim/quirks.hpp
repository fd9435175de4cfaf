#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace mock_scim {

// Behaviours where AWS's documentation and observed traffic disagree. The documented behaviour
// is the default; each switch turns on the observed one (mock-scim/README.md, "Quirks").
enum class Quirk : std::size_t {
  // [LICHTI] 2024: replace on members is accepted; an empty list answers 204 and removes
  // nothing; [{"value":""}] answers 400 but empties the group.
  kReplaceMembersObserved2024,
  // [AUTHENTIK-12321]: a path-less add/replace may modify one attribute only (400 otherwise).
  kPathlessSingleAttribute,
  // [IDPSCIM-45] Feb 2022: the error body has "schema" but no "schemas".
  kErrorSchemaOnly2022,
  kCount
};

struct QuirkInfo {
  Quirk quirk;
  std::string_view name;  // the flag and JSON name, e.g. "replaceMembersObserved2024"
  std::string_view description;
};

const std::array<QuirkInfo, static_cast<std::size_t>(Quirk::kCount)>& quirk_table();
std::optional<Quirk> quirk_from_name(std::string_view name);

// The live switches. Thread-safe (each switch is an atomic).
class Quirks {
 public:
  bool on(Quirk q) const { return on_[static_cast<std::size_t>(q)].load(); }
  void set(Quirk q, bool value) { on_[static_cast<std::size_t>(q)].store(value); }
  void clear();
  // {"replaceMembersObserved2024": false, ...}
  nlohmann::json to_json() const;

 private:
  std::array<std::atomic<bool>, static_cast<std::size_t>(Quirk::kCount)> on_{};
};

}  // namespace mock_scim
