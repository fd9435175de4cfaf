#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "scenarios/runner.hpp"

namespace scenarios {

struct TerminalOptions {
  bool demo = false;            // narration, the exchanged documents, a pause after each step
  bool verbose = false;         // list each exchange of every step
  std::size_t demo_lines = 24;  // documents are cut to this many lines
};

// Readable progress on a terminal: one line per step with its number ("[ 3/12]", "5.2" inside
// an include), the failure's reason and exchange under a failed step, and a summary. In demo
// mode each step's narration comes first, then the documents that mattered, then `pause`
// (wait for Enter, or --pace seconds).
class TerminalReporter final : public Reporter {
 public:
  TerminalReporter(std::ostream& out, TerminalOptions options, std::function<void()> pause = {});

  void scenario_started(const Scenario& scenario, std::size_t steps) override;
  void step_started(const StepResult& step) override;
  void step_finished(const StepResult& step, const std::vector<Exchange>& all) override;
  void scenario_finished(const RunResult& result) override;

 private:
  std::string counter(const StepResult& step) const;
  void show_exchange(const Exchange& exchange, const std::string& indent);

  std::ostream& out_;
  TerminalOptions options_;
  std::function<void()> pause_;
  std::size_t total_ = 0;
  std::size_t seen_ = 0;
};

// The document of a request or response as a person wants to see it: JSON pretty-printed;
// SAML messages (form fields or query parameters SAMLRequest/SAMLResponse, also inside an
// auto-submitting HTML form) decoded and indented; other XML indented; anything else as is.
// Cut to `max_lines` lines of at most 160 characters, with a note of what was left out.
std::string shorten_document(const std::string& body, const std::string& content_type,
                             const std::string& url, std::size_t max_lines);

// Puts each element of an XML text on its own line, indented by depth.
std::string indent_xml(std::string_view xml);

}  // namespace scenarios
