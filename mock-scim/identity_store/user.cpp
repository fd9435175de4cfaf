#include "mock-scim/identity_store/user.hpp"

#include <algorithm>

namespace mock_scim::identity_store {
namespace {

bool field_less(const std::pair<UserField, std::string>& entry, UserField field) {
  return entry.first < field;
}

}  // namespace

const std::string* User::get(UserField field) const {
  const auto it = std::lower_bound(fields.begin(), fields.end(), field, field_less);
  return (it != fields.end() && it->first == field) ? &it->second : nullptr;
}

std::string_view User::view(UserField field) const {
  const std::string* value = get(field);
  return value ? std::string_view(*value) : std::string_view();
}

void User::set(UserField field, std::string value) {
  const auto it = std::lower_bound(fields.begin(), fields.end(), field, field_less);
  const bool present = it != fields.end() && it->first == field;
  if (value.empty()) {
    if (present) fields.erase(it);
  } else if (present) {
    it->second = std::move(value);
  } else {
    fields.emplace(it, field, std::move(value));
  }
}

}  // namespace mock_scim::identity_store
