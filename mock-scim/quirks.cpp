#include "mock-scim/quirks.hpp"

#include <string>

namespace mock_scim {

const std::array<QuirkInfo, static_cast<std::size_t>(Quirk::kCount)>& quirk_table() {
  static constexpr std::array<QuirkInfo, static_cast<std::size_t>(Quirk::kCount)> kTable{{
      {Quirk::kReplaceMembersObserved2024, "replaceMembersObserved2024",
       "PatchGroup replace on members as observed in 2024: accepted; [] removes "
       "nothing (204); [{\"value\":\"\"}] answers 400 but empties the group"},
      {Quirk::kPathlessSingleAttribute, "pathlessSingleAttribute",
       "a PATCH operation without path may modify a single attribute only (400 otherwise)"},
      {Quirk::kErrorSchemaOnly2022, "errorSchemaOnly2022",
       "error bodies carry \"schema\" but not \"schemas\" (captured Feb 2022)"},
  }};
  return kTable;
}

std::optional<Quirk> quirk_from_name(std::string_view name) {
  for (const auto& info : quirk_table()) {
    if (info.name == name) return info.quirk;
  }
  return std::nullopt;
}

void Quirks::clear() {
  for (auto& flag : on_) flag.store(false);
}

nlohmann::json Quirks::to_json() const {
  auto out = nlohmann::json::object();
  for (const auto& info : quirk_table()) out[std::string(info.name)] = on(info.quirk);
  return out;
}

}  // namespace mock_scim
