#pragma once

#include <cstdint>
#include <string>

#include "core/util/clock.hpp"

namespace mock_scim::identity_store {

// One group. Members live in the store's membership index, never in this value.
struct Group {
  std::string id;
  std::uint64_t seq = 0;  // creation order, for stable paging
  core::util::TimePoint created{};
  core::util::TimePoint last_modified{};
  std::string display_name;
  std::string external_id;  // "" = none
};

}  // namespace mock_scim::identity_store
