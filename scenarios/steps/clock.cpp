#include <set>

#include "core/util/iso8601.hpp"
#include "scenarios/steps/steps.hpp"

namespace scenarios::steps {
namespace {

// The targets a clock step moves, each server once: targets derived by an include share
// their parent's /_harness/ and must not move it twice.
std::vector<const Target*> clock_targets(const std::vector<std::string>& names,
                                         const Context& ctx) {
  std::vector<const Target*> out;
  std::set<std::string> seen;
  for (const auto& [name, target] : ctx.targets) {
    if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
    if (!target || target->harness_url().empty()) continue;
    if (!seen.insert(target->harness_url()).second) continue;
    out.push_back(target);
  }
  return out;
}

}  // namespace

std::optional<std::string> advance_all(const std::vector<std::string>& names, core::util::Millis by,
                                       Context& ctx) {
  for (const Target* t : clock_targets(names, ctx)) {
    if (auto e = t->advance_clock(by, ctx.transport)) return e;
  }
  return std::nullopt;
}

std::optional<std::string> run_clock(const ClockStep& step, Context& ctx) {
  if (step.advance) return advance_all(step.targets, *step.advance, ctx);
  const std::string instant = substitute(step.set, ctx.scope());
  if (!core::util::parse_datetime(instant)) {
    return "set: \"" + instant + "\" is not an ISO-8601 instant";
  }
  for (const Target* t : clock_targets(step.targets, ctx)) {
    if (auto e = t->set_clock(instant, ctx.transport)) return e;
  }
  return std::nullopt;
}

}  // namespace scenarios::steps
