#include "scenarios/runner.hpp"

#include "scenarios/steps/steps.hpp"

namespace scenarios {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

core::util::Millis since(const core::util::Clock& clock, core::util::TimePoint start) {
  return std::chrono::duration_cast<core::util::Millis>(clock.now() - start);
}

}  // namespace

std::size_t RunResult::count(StepResult::Status status) const {
  return static_cast<std::size_t>(std::count_if(
      steps.begin(), steps.end(), [status](const StepResult& s) { return s.status == status; }));
}

std::size_t count_steps(const Scenario& scenario) {
  std::size_t n = 0;
  for (const auto& step : scenario.steps) {
    ++n;
    if (const auto* inc = std::get_if<IncludeStep>(&step.body); inc && inc->scenario) {
      n += count_steps(*inc->scenario);
    }
  }
  return n;
}

Runner::Runner(Transport& transport, const TargetSet& targets, const core::util::Clock& clock,
               core::util::IdGenerator& ids, Reporter& reporter, RunnerOptions options)
    : transport_(transport),
      targets_(targets),
      clock_(clock),
      ids_(ids),
      reporter_(reporter),
      options_(options) {}

void Runner::set_target_variables(const Target& target) {
  const std::string prefix = "target." + target.name() + ".";
  vars_.set(prefix + "url", target.base_url());
  vars_.set(prefix + "origin", split_url(target.base_url()) ? split_url(target.base_url())->origin
                                                            : target.base_url());
  vars_.set(prefix + "kind", to_string(target.kind()));
  if (target.token()) vars_.set(prefix + "token", *target.token());
}

RunResult Runner::run(const Scenario& scenario, const Variables& overrides) {
  vars_ = Variables{};
  RunResult out;
  out.file = scenario.file;
  out.title = scenario.title;
  out.tags = scenario.tags;
  out.started = clock_.now();
  TargetMap targets;
  for (Target* t : targets_.all()) {
    targets[t->name()] = t;
    set_target_variables(*t);
  }
  const std::size_t total = count_steps(scenario);
  reporter_.scenario_started(scenario, total);
  bool ok = true;
  // --var overrides win; scenario variables may refer to the targets' and to earlier ones.
  for (const auto& [name, value] : overrides.all()) vars_.set(name, value);
  for (auto it = scenario.variables.begin(); it != scenario.variables.end(); ++it) {
    if (overrides.find(it.key())) continue;
    try {
      vars_.set(it.key(), substitute_json(it.value(), Scope{vars_, &ids_, &clock_}));
    } catch (const SubstitutionError& e) {
      StepResult r;
      r.label = "0";
      r.kind = "variables";
      r.name = "variable " + it.key();
      r.file = scenario.file;
      r.status = StepResult::Status::kFailed;
      r.failure = std::string("variables.") + it.key() + ": " + e.what();
      out.steps.push_back(r);
      reporter_.step_finished(r, exchanges_);
      ok = false;
      break;
    }
  }
  run_steps(scenario, targets, "", 0, !ok, out, total);
  out.duration = since(clock_, out.started);
  reporter_.scenario_finished(out);
  return out;
}

bool Runner::run_steps(const Scenario& scenario, const TargetMap& targets,
                       const std::string& prefix, int depth, bool skipping, RunResult& out,
                       std::size_t total) {
  for (const auto& step : scenario.steps) {
    StepResult r;
    r.label = prefix + std::to_string(step.number);
    r.depth = depth;
    r.kind = step.kind;
    r.name = step.name;
    r.narration = step.narration;
    r.file = scenario.file;
    if (const auto* n = std::get_if<NarrateStep>(&step.body)) {
      try {
        r.narration = substitute(n->text, Scope{vars_, &ids_, &clock_});
      } catch (const SubstitutionError&) {
        r.narration = n->text;
      }
    }
    if (skipping) {
      r.status = StepResult::Status::kSkipped;
      out.steps.push_back(r);
      reporter_.step_finished(r, exchanges_);
      if (const auto* inc = std::get_if<IncludeStep>(&step.body); inc && inc->scenario) {
        run_steps(*inc->scenario, targets, r.label + ".", depth + 1, true, out, total);
      }
      continue;
    }
    reporter_.step_started(r);
    const auto started = clock_.now();
    const std::size_t first_exchange = exchanges_.size();
    steps::Context ctx{
        transport_, targets, vars_, ids_, clock_, exchanges_, r.label + ". " + step.name};
    std::optional<std::string> failure;
    const std::size_t index = out.steps.size();
    out.steps.push_back(r);
    try {
      failure =
          std::visit(Overloaded{
                         [&](const HttpStep& s) { return steps::run_http(s, ctx); },
                         [&](const SamlLoginStep& s) { return steps::run_saml_login(s, ctx); },
                         [&](const ClockStep& s) { return steps::run_clock(s, ctx); },
                         [&](const WaitUntilStep& s) { return steps::run_wait_until(s, ctx); },
                         [&](const NarrateStep& s) { return steps::run_narrate(s, ctx); },
                         [&](const IncludeStep& s) {
                           return run_include(s, targets, r.label, depth, out, total);
                         },
                     },
                     step.body);
    } catch (const SubstitutionError& e) {
      failure = e.what();
    } catch (const std::exception& e) {
      failure = e.what();
    }
    StepResult& done = out.steps[index];
    done.duration = since(clock_, started);
    for (std::size_t i = first_exchange; i < exchanges_.size(); ++i) {
      if (exchanges_[i].step == ctx.step_label) done.exchanges.push_back(i);
    }
    if (failure) {
      done.status = StepResult::Status::kFailed;
      done.failure = *failure;
    }
    reporter_.step_finished(done, exchanges_);
    if (failure && options_.stop_on_failure) skipping = true;
  }
  return !skipping;
}

std::optional<std::string> Runner::run_include(const IncludeStep& step, const TargetMap& targets,
                                               const std::string& label, int depth, RunResult& out,
                                               std::size_t total) {
  if (!step.scenario) return "the included scenario was not loaded";
  const Scope scope{vars_, &ids_, &clock_};
  // The included file's own variables fill in what the run does not define yet.
  for (auto it = step.scenario->variables.begin(); it != step.scenario->variables.end(); ++it) {
    if (!vars_.find(it.key())) vars_.set(it.key(), substitute_json(it.value(), scope));
  }
  if (step.variables.is_object()) {
    for (auto it = step.variables.begin(); it != step.variables.end(); ++it) {
      vars_.set(it.key(), substitute_json(it.value(), scope));
    }
  }
  TargetMap inner = targets;
  std::vector<std::pair<std::string, std::optional<nlohmann::json>>> saved;
  for (const auto& [name, o] : step.targets) {
    const std::string url = substitute(o.url, scope);
    if (!split_url(url)) return "targets." + name + ".url: not an absolute http(s) URL: " + url;
    std::optional<std::string> token;
    if (o.token) {
      token = substitute(*o.token, scope);
    } else if (const auto it = targets.find(name); it != targets.end() && it->second) {
      token = it->second->token();
    }
    auto derived = std::make_unique<DerivedTarget>(name, url, token);
    const auto parent = targets.find(name);
    derived->set_harness_url(
        parent != targets.end() && parent->second ? parent->second->harness_url() : std::string());
    for (const char* key : {"url", "origin", "kind", "token"}) {
      const std::string var = "target." + name + "." + key;
      const auto* v = vars_.find(var);
      saved.emplace_back(var, v ? std::optional<nlohmann::json>(*v) : std::nullopt);
    }
    set_target_variables(*derived);
    inner[name] = derived.get();
    derived_.push_back(std::move(derived));
  }
  const bool ok = run_steps(*step.scenario, inner, label + ".", depth + 1, false, out, total);
  for (const auto& [var, value] : saved) {
    if (value) vars_.set(var, *value);
  }
  if (!ok) return "a step of " + step.file + " failed";
  return std::nullopt;
}

}  // namespace scenarios
