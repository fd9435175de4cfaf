#include "scenarios/report.hpp"

#include <algorithm>
#include <sstream>

#include "core/net/server.hpp"
#include "scenarios/codec.hpp"
#include "scenarios/html_form.hpp"

namespace scenarios {
namespace {

constexpr std::size_t kMaxLineWidth = 160;
constexpr std::size_t kWrapWidth = 78;

std::string status_word(StepResult::Status s) {
  switch (s) {
    case StepResult::Status::kPassed:
      return "PASS";
    case StepResult::Status::kFailed:
      return "FAIL";
    case StepResult::Status::kSkipped:
      return "SKIP";
  }
  return "?";
}

std::string wrap(const std::string& text, const std::string& indent) {
  std::string out;
  std::istringstream paragraphs(text);
  std::string paragraph;
  while (std::getline(paragraphs, paragraph)) {
    std::istringstream words(paragraph);
    std::string word;
    std::string line;
    while (words >> word) {
      if (!line.empty() && line.size() + 1 + word.size() > kWrapWidth) {
        out += indent + line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    out += indent + line + "\n";
  }
  return out;
}

// Prefixes every line of `text` with `indent`.
std::string wrap_lines(const std::string& text, const std::string& indent) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) out += indent + line + "\n";
  return out;
}

std::string cut_lines(const std::string& text, std::size_t max_lines) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  std::size_t n = 0;
  std::size_t total = 0;
  while (std::getline(in, line)) {
    ++total;
    if (n >= max_lines) continue;
    if (line.size() > kMaxLineWidth) line = line.substr(0, kMaxLineWidth) + "...";
    out += line + "\n";
    ++n;
  }
  if (total > n) out += "... (" + std::to_string(total - n) + " more lines)\n";
  return out;
}

std::optional<std::string> saml_in_fields(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [name, value] : fields) {
    if (name == "SAMLResponse" || name == "SAMLRequest") {
      if (auto xml = decode_saml_message(value)) return name + ":\n" + indent_xml(*xml);
    }
  }
  return std::nullopt;
}

}  // namespace

std::string indent_xml(std::string_view xml) {
  std::string out;
  int depth = 0;
  std::size_t i = 0;
  const auto pad = [&] {
    return std::string(static_cast<std::size_t>(std::max(depth, 0)) * 2, ' ');
  };
  while (i < xml.size()) {
    if (xml[i] != '<') {
      auto next = xml.find('<', i);
      if (next == std::string_view::npos) next = xml.size();
      std::string text(xml.substr(i, next - i));
      const auto b = text.find_first_not_of(" \t\r\n");
      if (b != std::string::npos) {
        text = text.substr(b, text.find_last_not_of(" \t\r\n") - b + 1);
        out += pad() + text + "\n";
      }
      i = next;
      continue;
    }
    const auto end = xml.find('>', i);
    if (end == std::string_view::npos) {
      out += pad() + std::string(xml.substr(i)) + "\n";
      break;
    }
    const auto tag = xml.substr(i, end - i + 1);
    const bool closing = tag.substr(0, 2) == "</";
    const bool self =
        tag.substr(tag.size() - 2) == "/>" || tag.substr(0, 2) == "<?" || tag.substr(0, 2) == "<!";
    if (closing) --depth;
    if (!closing && !self) {
      const auto next = xml.find('<', end + 1);
      if (next != std::string_view::npos && xml.substr(next, 2) == "</") {
        const auto close_end = xml.find('>', next);
        if (close_end != std::string_view::npos) {
          out += pad() + std::string(xml.substr(i, close_end - i + 1)) + "\n";
          i = close_end + 1;
          continue;
        }
      }
    }
    out += pad() + std::string(tag) + "\n";
    if (!closing && !self) ++depth;
    i = end + 1;
  }
  return out;
}

std::string shorten_document(const std::string& body, const std::string& content_type,
                             const std::string& url, std::size_t max_lines) {
  if (const auto q = url.find('?'); q != std::string::npos) {
    if (auto saml = saml_in_fields(form_decode(url.substr(q + 1)))) {
      return cut_lines(*saml, max_lines);
    }
  }
  if (body.empty()) return "";
  if (content_type.find("x-www-form-urlencoded") != std::string::npos) {
    const auto fields = form_decode(body);
    if (auto saml = saml_in_fields(fields)) return cut_lines(*saml, max_lines);
    std::string out;
    for (const auto& [n, v] : fields) out += n + "=" + v + "\n";
    return cut_lines(out, max_lines);
  }
  if (content_type.find("json") != std::string::npos) {
    if (!core::net::nesting_exceeds(body, 64)) {
      const auto doc = nlohmann::json::parse(body, nullptr, false);
      if (!doc.is_discarded()) return cut_lines(doc.dump(2), max_lines);
    }
  }
  if (content_type.find("html") != std::string::npos) {
    for (const auto& form : extract_forms(body)) {
      if (auto saml = saml_in_fields(form.fields())) {
        return cut_lines("(an auto-submitting form posts to " + form.action + ")\n" + *saml,
                         max_lines);
      }
    }
  }
  if (content_type.find("xml") != std::string::npos) return cut_lines(indent_xml(body), max_lines);
  return cut_lines(body, max_lines);
}

TerminalReporter::TerminalReporter(std::ostream& out, TerminalOptions options,
                                   std::function<void()> pause)
    : out_(out), options_(options), pause_(std::move(pause)) {}

std::string TerminalReporter::counter(const StepResult& step) const {
  std::string n = std::to_string(seen_);
  std::string t = std::to_string(total_);
  while (n.size() < t.size()) n = " " + n;
  return "[" + n + "/" + t + "] " + std::string(static_cast<std::size_t>(step.depth) * 2, ' ') +
         step.label + ".";
}

void TerminalReporter::scenario_started(const Scenario& scenario, std::size_t steps) {
  total_ = steps;
  seen_ = 0;
  out_ << "== " << scenario.title << "  (" << scenario.file << ")\n";
  if (options_.demo && !scenario.description.empty()) out_ << wrap(scenario.description, "   ");
  out_.flush();
}

void TerminalReporter::step_started(const StepResult& step) {
  if (options_.demo) {
    out_ << "\n--- step " << step.label << ": " << step.name << "\n";
    if (!step.narration.empty()) out_ << wrap(step.narration, "    ");
  } else if (step.kind == "include") {
    out_ << "        " << std::string(static_cast<std::size_t>(step.depth) * 2, ' ') << step.label
         << ". " << step.name << "\n";
  }
  out_.flush();
}

void TerminalReporter::show_exchange(const Exchange& ex, const std::string& indent) {
  const auto parts = split_url(ex.request.url);
  out_ << indent << "> " << ex.request.method << " "
       << (parts ? parts->path_and_query : ex.request.url) << "\n";
  const std::string request_doc = shorten_document(
      ex.request.body, find_header(ex.request.headers, "Content-Type").value_or(""), ex.request.url,
      options_.demo_lines);
  if (!request_doc.empty()) out_ << wrap_lines(request_doc, indent + "  ");
  if (!ex.response.error.empty()) {
    out_ << indent << "< no response: " << ex.response.error << "\n";
    return;
  }
  out_ << indent << "< " << ex.response.status;
  if (const auto loc = find_header(ex.response.headers, "Location")) out_ << " -> " << *loc;
  out_ << "\n";
  const std::string response_doc = shorten_document(
      ex.response.body, find_header(ex.response.headers, "Content-Type").value_or(""), "",
      options_.demo_lines);
  if (!response_doc.empty()) out_ << wrap_lines(response_doc, indent + "  ");
}

void TerminalReporter::step_finished(const StepResult& step, const std::vector<Exchange>& all) {
  ++seen_;
  if (options_.demo && step.status != StepResult::Status::kSkipped) {
    for (const auto i : step.exchanges) show_exchange(all[i], "    ");
  }
  out_ << counter(step) << " " << status_word(step.status) << "  " << step.name;
  if (step.status != StepResult::Status::kSkipped) out_ << " (" << step.duration.count() << " ms)";
  out_ << "\n";
  if (options_.verbose && !options_.demo) {
    for (const auto i : step.exchanges) {
      const auto& ex = all[i];
      out_ << "          " << ex.request.method << " " << ex.request.url << " -> "
           << (ex.response.error.empty() ? std::to_string(ex.response.status) : ex.response.error)
           << "\n";
    }
  }
  if (step.status == StepResult::Status::kFailed) out_ << wrap_lines(step.failure, "          ");
  out_.flush();
  if (options_.demo && pause_ && step.status != StepResult::Status::kSkipped &&
      step.kind != "include") {
    pause_();
  }
}

void TerminalReporter::scenario_finished(const RunResult& result) {
  out_ << "== " << (result.passed() ? "PASSED" : "FAILED") << ": "
       << result.count(StepResult::Status::kPassed) << " passed, "
       << result.count(StepResult::Status::kFailed) << " failed, "
       << result.count(StepResult::Status::kSkipped) << " skipped (" << result.duration.count()
       << " ms)\n\n";
  out_.flush();
}

}  // namespace scenarios
