#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "scenarios/http_types.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/target.hpp"
#include "scenarios/transport.hpp"
#include "scenarios/variables.hpp"

namespace scenarios {

struct StepResult {
  enum class Status { kPassed, kFailed, kSkipped };
  std::string label;  // "3", or "5.2" for the second step of the file included by step 5
  int depth = 0;      // 0 for the scenario's own steps, 1 inside an include, ...
  std::string kind;
  std::string name;
  std::string narration;
  std::string file;
  Status status = Status::kPassed;
  std::string failure;  // why it failed (with the field or pointer that did not match)
  core::util::Millis duration{0};
  std::vector<std::size_t> exchanges;  // indexes into Runner::exchanges()
};

struct RunResult {
  std::string file;
  std::string title;
  std::vector<std::string> tags;
  std::vector<StepResult> steps;
  core::util::Millis duration{0};
  core::util::TimePoint started{};
  std::size_t count(StepResult::Status status) const;
  bool passed() const { return count(StepResult::Status::kFailed) == 0; }
};

// Receives progress as the runner goes (terminal output, demo narration).
class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void scenario_started(const Scenario& /*scenario*/, std::size_t /*steps*/) {}
  virtual void step_started(const StepResult& /*step*/) {}
  virtual void step_finished(const StepResult& /*step*/, const std::vector<Exchange>& /*all*/) {}
  virtual void scenario_finished(const RunResult& /*result*/) {}
};

struct RunnerOptions {
  bool stop_on_failure = true;  // after a failed step the remaining steps are skipped
};

// Runs scenarios step by step against the targets. Not thread-safe. Time for step durations
// and HAR timestamps comes from `clock`; ${$uuid} and friends from `ids`.
class Runner {
 public:
  Runner(Transport& transport, const TargetSet& targets, const core::util::Clock& clock,
         core::util::IdGenerator& ids, Reporter& reporter, RunnerOptions options = {});

  // Runs one scenario. Variables start from the scenario's own, then `overrides` (--var),
  // then the targets' (target.<name>.url, .token, .origin, .kind). Every target the scenario
  // names must be in the TargetSet (else each step that uses it fails).
  RunResult run(const Scenario& scenario, const Variables& overrides = {});

  // Every exchange of every run so far, in order (for --har).
  const std::vector<Exchange>& exchanges() const { return exchanges_; }
  // The variables as the last run left them.
  const Variables& variables() const { return vars_; }

 private:
  using TargetMap = std::map<std::string, const Target*>;
  // Runs `steps`; returns false once a step failed. Results are appended to `out`.
  bool run_steps(const Scenario& scenario, const TargetMap& targets, const std::string& prefix,
                 int depth, bool skipping, RunResult& out, std::size_t total);
  std::optional<std::string> run_include(const IncludeStep& step, const TargetMap& targets,
                                         const std::string& label, int depth, RunResult& out,
                                         std::size_t total);
  void set_target_variables(const Target& target);

  Transport& transport_;
  const TargetSet& targets_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  Reporter& reporter_;
  RunnerOptions options_;
  Variables vars_;
  std::vector<Exchange> exchanges_;
  std::vector<std::unique_ptr<Target>> derived_;
};

// Number of steps a run will report, includes expanded.
std::size_t count_steps(const Scenario& scenario);

}  // namespace scenarios
