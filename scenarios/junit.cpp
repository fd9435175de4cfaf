#include "scenarios/junit.hpp"

#include <pugixml.hpp>
#include <sstream>

#include "core/util/iso8601.hpp"

namespace scenarios {
namespace {

std::string seconds(core::util::Millis ms) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(3);
  out << static_cast<double>(ms.count()) / 1000.0;
  return out.str();
}

// XML 1.0 cannot carry most control characters, even escaped.
std::string xml_safe(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\n' && c != '\t' && c != '\r') ? '?' : c;
  }
  return out;
}

}  // namespace

std::string junit_xml(const std::vector<RunResult>& results) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t skipped = 0;
  core::util::Millis total{0};
  for (const auto& r : results) {
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = xml_safe(r.title).c_str();
    suite.append_attribute("file") = xml_safe(r.file).c_str();
    suite.append_attribute("tests") = static_cast<unsigned long long>(r.steps.size());
    suite.append_attribute("failures") =
        static_cast<unsigned long long>(r.count(StepResult::Status::kFailed));
    suite.append_attribute("errors") = 0;
    suite.append_attribute("skipped") =
        static_cast<unsigned long long>(r.count(StepResult::Status::kSkipped));
    suite.append_attribute("time") = seconds(r.duration).c_str();
    suite.append_attribute("timestamp") = core::util::format_utc(r.started).c_str();
    for (const auto& s : r.steps) {
      auto tc = suite.append_child("testcase");
      tc.append_attribute("name") = xml_safe(s.label + ". " + s.name).c_str();
      tc.append_attribute("classname") = xml_safe(s.file).c_str();
      tc.append_attribute("time") = seconds(s.duration).c_str();
      if (s.status == StepResult::Status::kFailed) {
        auto f = tc.append_child("failure");
        const std::string first = s.failure.substr(0, s.failure.find('\n'));
        f.append_attribute("message") = xml_safe(first).c_str();
        f.append_attribute("type") = s.kind.c_str();
        f.append_child(pugi::node_pcdata).set_value(xml_safe(s.failure).c_str());
      } else if (s.status == StepResult::Status::kSkipped) {
        tc.append_child("skipped");
      }
    }
    tests += r.steps.size();
    failures += r.count(StepResult::Status::kFailed);
    skipped += r.count(StepResult::Status::kSkipped);
    total += r.duration;
  }
  suites.append_attribute("name") = "scenario-runner";
  suites.append_attribute("tests") = static_cast<unsigned long long>(tests);
  suites.append_attribute("failures") = static_cast<unsigned long long>(failures);
  suites.append_attribute("errors") = 0;
  suites.append_attribute("skipped") = static_cast<unsigned long long>(skipped);
  suites.append_attribute("time") = seconds(total).c_str();
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace scenarios
