#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {

// Narration has no effect on the targets; reporters show it (see report.hpp).
std::optional<std::string> run_narrate(const NarrateStep&, Context&) { return std::nullopt; }

}  // namespace scenarios::steps
