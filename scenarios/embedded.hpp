#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/logger.hpp"
#include "scenarios/target.hpp"

namespace scenarios {

// The names that can run embedded in this build: "scim" (mock-scim) and "idp" (mock-idp),
// each only when the runner was linked with that app's library.
std::vector<std::string> embedded_target_names();

// Starts the app for `name` in this process on a free loopback port. nullptr and `error` set
// when this build cannot embed it. The target stops its app when destroyed.
std::unique_ptr<Target> make_embedded_target(const std::string& name,
                                             std::optional<std::string> token,
                                             core::util::Logger& log, std::uint64_t seed,
                                             std::string& error);

}  // namespace scenarios
