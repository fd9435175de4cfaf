#include "scenarios/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/net/server.hpp"
#include "core/util/iso8601.hpp"
#include "scenarios/matcher.hpp"
#include "scenarios/variables.hpp"

namespace scenarios {
namespace {

const std::set<std::string, std::less<>> kTopFields = {
    "$schema", "title", "description", "tags", "targets", "variables", "steps"};
const std::set<std::string, std::less<>> kKinds = {"http",       "saml-login", "clock",
                                                   "wait-until", "narrate",    "include"};
const std::set<std::string, std::less<>> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                                     "DELETE", "HEAD", "OPTIONS"};
const std::set<std::string, std::less<>> kRequestFields = {
    "target", "url", "method", "path", "query", "headers", "body", "text", "form", "auth"};

// Collects diagnostics for one file and one step at a time.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  void at_step(int number, std::string name) {
    step_ = number;
    step_name_ = std::move(name);
  }
  void error(std::string field, std::string message) {
    diagnostics_.push_back({file_, step_, step_name_, std::move(field), std::move(message)});
  }
  void merge(const std::vector<Diagnostic>& more) {
    diagnostics_.insert(diagnostics_.end(), more.begin(), more.end());
  }
  bool ok() const { return diagnostics_.empty(); }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  int step_ = 0;
  std::string step_name_;
  std::vector<Diagnostic> diagnostics_;
};

std::string join(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "." + field;
}

// Reports members of `object` that are not in `allowed`.
void unknown_fields(Checker& c, const nlohmann::json& object,
                    const std::set<std::string, std::less<>>& allowed, const std::string& prefix) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!allowed.contains(it.key())) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      c.error(join(prefix, it.key()), "unknown field (allowed: " + list + ")");
    }
  }
}

bool get_string(Checker& c, const nlohmann::json& obj, const char* key, const std::string& prefix,
                std::string& out, bool required) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) c.error(join(prefix, key), "required");
    return false;
  }
  if (!it->is_string()) {
    c.error(join(prefix, key), "must be a string");
    return false;
  }
  out = it->get<std::string>();
  if (auto e = check_template(out)) {
    c.error(join(prefix, key), *e);
    return false;
  }
  return true;
}

void check_string_map(Checker& c, const nlohmann::json& value, const std::string& field) {
  if (!value.is_object()) {
    c.error(field, "must be an object of strings");
    return;
  }
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!it->is_string()) {
      c.error(field + "." + it.key(), "must be a string");
    } else if (auto e = check_template(it->get<std::string>())) {
      c.error(field + "." + it.key(), *e);
    }
  }
}

std::optional<core::util::Millis> get_duration(Checker& c, const nlohmann::json& obj,
                                               const char* key, const std::string& prefix,
                                               bool required) {
  const auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) c.error(join(prefix, key), "required");
    return std::nullopt;
  }
  const auto d =
      it->is_string() ? core::util::parse_duration(it->get<std::string>()) : std::nullopt;
  if (!d || d->count() < 0) {
    c.error(join(prefix, key), "must be a non-negative ISO-8601 duration such as \"PT40M\"");
    return std::nullopt;
  }
  return d;
}

void parse_request(Checker& c, const nlohmann::json& obj, const std::string& prefix,
                   const std::vector<std::string>& targets, RequestSpec& out, bool body_allowed) {
  const bool has_target = get_string(c, obj, "target", prefix, out.target, false);
  const bool has_url = get_string(c, obj, "url", prefix, out.url, false);
  if (has_target == has_url) {
    c.error(join(prefix, has_target ? "url" : "target"),
            has_target ? "give either \"target\" (with \"path\") or \"url\", not both"
                       : "required: \"target\" (a name from the scenario's targets) or "
                         "\"url\"");
  }
  if (has_target && std::find(targets.begin(), targets.end(), out.target) == targets.end()) {
    c.error(join(prefix, "target"), "\"" + out.target + "\" is not among the scenario's targets");
  }
  if (get_string(c, obj, "method", prefix, out.method, false)) {
    std::transform(out.method.begin(), out.method.end(), out.method.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    if (!kMethods.contains(out.method)) {
      c.error(join(prefix, "method"), "unknown method \"" + out.method + "\"");
    }
  }
  if (get_string(c, obj, "path", prefix, out.path, false)) {
    if (has_url) c.error(join(prefix, "path"), "\"path\" goes with \"target\", not with \"url\"");
    if (out.path.empty() ||
        (out.path.front() != '/' && out.path.front() != '?' && out.path.substr(0, 2) != "${")) {
      c.error(join(prefix, "path"), "must start with '/'");
    }
  }
  if (const auto it = obj.find("query"); it != obj.end()) {
    check_string_map(c, *it, join(prefix, "query"));
    out.query = *it;
  }
  if (const auto it = obj.find("headers"); it != obj.end()) {
    check_string_map(c, *it, join(prefix, "headers"));
    out.headers = *it;
  }
  int bodies = 0;
  if (const auto it = obj.find("body"); it != obj.end()) {
    ++bodies;
    if (auto e = check_json_template(*it)) c.error(join(prefix, "body"), *e);
    out.body = *it;
  }
  std::string text;
  if (get_string(c, obj, "text", prefix, text, false)) {
    ++bodies;
    out.text = text;
  }
  if (const auto it = obj.find("form"); it != obj.end()) {
    ++bodies;
    check_string_map(c, *it, join(prefix, "form"));
    out.form = *it;
  }
  if (bodies > 1) c.error(join(prefix, "body"), "give at most one of body, text and form");
  if (bodies > 0 && !body_allowed) c.error(join(prefix, "body"), "not allowed here");
  if (const auto it = obj.find("auth"); it != obj.end()) {
    if (!it->is_boolean()) {
      c.error(join(prefix, "auth"), "must be true or false");
    } else {
      out.auth = it->get<bool>();
    }
  }
}

void parse_status(Checker& c, const nlohmann::json& value, const std::string& field,
                  std::vector<int>& out) {
  const auto one = [&](const nlohmann::json& v) {
    if (!v.is_number_integer() || v.get<long long>() < 100 || v.get<long long>() > 599) {
      c.error(field, "must be an integer 100..599 or an array of them");
      return;
    }
    out.push_back(v.get<int>());
  };
  if (value.is_array()) {
    if (value.empty()) c.error(field, "must not be empty");
    for (const auto& v : value) one(v);
  } else {
    one(value);
  }
}

void parse_expect(Checker& c, const nlohmann::json& obj, const std::string& prefix, Expect& out) {
  if (!obj.is_object()) {
    c.error(prefix, "must be an object");
    return;
  }
  unknown_fields(c, obj, {"status", "headers", "body", "text"}, prefix);
  if (const auto it = obj.find("status"); it != obj.end()) {
    parse_status(c, *it, join(prefix, "status"), out.status);
  }
  if (const auto it = obj.find("headers"); it != obj.end()) {
    if (!it->is_object()) {
      c.error(join(prefix, "headers"), "must be an object: header name -> string or matcher");
    } else {
      for (auto h = it->begin(); h != it->end(); ++h) {
        const std::string field = join(prefix, "headers." + h.key());
        if (!h->is_string() && !is_matcher(*h)) {
          c.error(field, "must be a string or a matcher such as {\"$regex\": \"json\"}");
          continue;
        }
        if (auto e = check_expectation(*h)) c.error(field, *e);
        if (auto e = check_json_template(*h)) c.error(field, *e);
        out.headers.emplace_back(h.key(), *h);
      }
    }
  }
  if (const auto it = obj.find("body"); it != obj.end()) {
    if (auto e = check_expectation(*it)) c.error(join(prefix, "body"), *e);
    if (auto e = check_json_template(*it)) c.error(join(prefix, "body"), *e);
    out.body = *it;
  }
  if (const auto it = obj.find("text"); it != obj.end()) {
    if (!it->is_string() && !is_matcher(*it)) {
      c.error(join(prefix, "text"), "must be a string or a matcher such as {\"$contains\": \"x\"}");
    } else {
      if (auto e = check_expectation(*it)) c.error(join(prefix, "text"), *e);
      if (auto e = check_json_template(*it)) c.error(join(prefix, "text"), *e);
      out.text = *it;
    }
  }
}

void parse_captures(Checker& c, const nlohmann::json& obj, const std::string& prefix,
                    std::vector<Capture>& out) {
  if (!obj.is_object()) {
    c.error(prefix, "must be an object: variable name -> JSON pointer or capture spec");
    return;
  }
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string field = join(prefix, it.key());
    Capture cap;
    cap.variable = it.key();
    if (!valid_variable_name(cap.variable) || cap.variable.front() == '$') {
      c.error(field, "bad variable name (letters, digits, _ . -; starting with a letter or _)");
      continue;
    }
    const auto check_pointer = [&](const std::string& p, const std::string& f) {
      try {
        nlohmann::json::json_pointer ptr(p);
      } catch (const nlohmann::json::exception&) {
        c.error(f, "bad JSON pointer \"" + p + "\" (RFC 6901: \"\" or \"/a/0/b\")");
        return false;
      }
      return true;
    };
    if (it->is_string()) {
      cap.pointer = it->get<std::string>();
      if (!check_pointer(cap.pointer, field)) continue;
    } else if (it->is_object()) {
      unknown_fields(
          c, *it, {"pointer", "header", "regex", "group", "from", "status", "url", "body"}, field);
      const int sources =
          static_cast<int>(it->contains("pointer")) +
          static_cast<int>(it->contains("header") && !it->contains("regex")) +
          static_cast<int>(it->contains("regex")) + static_cast<int>(it->contains("status")) +
          static_cast<int>(it->contains("url")) + static_cast<int>(it->contains("body"));
      if (sources != 1) {
        c.error(field, "give exactly one of pointer, header, regex, status, url, body");
        continue;
      }
      if (get_string(c, *it, "pointer", field, cap.pointer, false)) {
        if (!check_pointer(cap.pointer, field + ".pointer")) continue;
        cap.source = Capture::Source::kBodyPointer;
      } else if (get_string(c, *it, "regex", field, cap.regex, false)) {
        cap.source = Capture::Source::kRegex;
        try {
          std::regex compiled(cap.regex);
          const auto g = it->find("group");
          if (g != it->end()) {
            if (!g->is_number_unsigned() || g->get<std::size_t>() > compiled.mark_count()) {
              c.error(field + ".group", "must be a group number of the regex (0.." +
                                            std::to_string(compiled.mark_count()) + ")");
              continue;
            }
            cap.group = g->get<int>();
          } else {
            cap.group = compiled.mark_count() > 0 ? 1 : 0;
          }
        } catch (const std::regex_error& e) {
          c.error(field + ".regex", std::string("bad regex: ") + e.what());
          continue;
        }
        get_string(c, *it, "from", field, cap.header, false);
      } else if (get_string(c, *it, "header", field, cap.header, false)) {
        cap.source = Capture::Source::kHeader;
      } else if (it->contains("status")) {
        cap.source = Capture::Source::kStatus;
      } else if (it->contains("url")) {
        cap.source = Capture::Source::kUrl;
      } else if (it->contains("body")) {
        cap.source = Capture::Source::kBody;
      } else {
        continue;
      }
    } else {
      c.error(field, "must be a JSON pointer string or an object");
      continue;
    }
    out.push_back(std::move(cap));
  }
}

std::string default_name(const RequestSpec& r) {
  if (!r.target.empty()) return r.method + " " + r.target + " " + r.path;
  return r.method + " " + r.url;
}

std::string dirname_of(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

void parse_step(Checker& c, const nlohmann::json& obj, const Scenario& scenario,
                const FileReader& reader, int include_depth, Step& step) {
  if (!obj.is_object()) {
    c.error("", "a step must be an object with a \"kind\"");
    return;
  }
  std::string name;
  if (const auto it = obj.find("name"); it != obj.end() && it->is_string()) {
    name = it->get<std::string>();
  }
  c.at_step(step.number, name);
  if (const auto it = obj.find("name"); it != obj.end() && !it->is_string()) {
    c.error("name", "must be a string");
  }
  get_string(c, obj, "narration", "", step.narration, false);
  if (!get_string(c, obj, "kind", "", step.kind, true)) return;
  if (!kKinds.contains(step.kind)) {
    c.error("kind", "unknown step kind \"" + step.kind +
                        "\" (known: http, saml-login, clock, wait-until, narrate, include)");
    return;
  }
  step.name = name;
  std::set<std::string, std::less<>> allowed = {"kind", "name", "narration"};
  const auto& targets = scenario.targets;
  if (step.kind == "http") {
    HttpStep s;
    allowed.insert(kRequestFields.begin(), kRequestFields.end());
    allowed.insert({"expect", "capture"});
    unknown_fields(c, obj, allowed, "");
    parse_request(c, obj, "", targets, s.request, true);
    if (const auto it = obj.find("expect"); it != obj.end())
      parse_expect(c, *it, "expect", s.expect);
    if (const auto it = obj.find("capture"); it != obj.end()) {
      parse_captures(c, *it, "capture", s.captures);
    }
    if (step.name.empty()) step.name = default_name(s.request);
    step.body = std::move(s);
  } else if (step.kind == "saml-login") {
    SamlLoginStep s;
    allowed.insert({"start", "username", "password", "max_hops", "expect", "capture"});
    unknown_fields(c, obj, allowed, "");
    const auto start = obj.find("start");
    if (start == obj.end() || !start->is_object()) {
      c.error("start", "required: an object with target and path (or url)");
    } else {
      unknown_fields(c, *start, kRequestFields, "start");
      parse_request(c, *start, "start", targets, s.start, true);
    }
    get_string(c, obj, "username", "", s.username, false);
    get_string(c, obj, "password", "", s.password, false);
    if (const auto it = obj.find("max_hops"); it != obj.end()) {
      if (!it->is_number_unsigned() || it->get<int>() < 1 || it->get<int>() > 100) {
        c.error("max_hops", "must be an integer 1..100");
      } else {
        s.max_hops = it->get<int>();
      }
    }
    if (const auto it = obj.find("expect"); it != obj.end())
      parse_expect(c, *it, "expect", s.expect);
    if (const auto it = obj.find("capture"); it != obj.end()) {
      parse_captures(c, *it, "capture", s.captures);
    }
    if (step.name.empty()) step.name = "sign in as " + s.username;
    step.body = std::move(s);
  } else if (step.kind == "clock") {
    ClockStep s;
    allowed.insert({"advance", "set", "targets"});
    unknown_fields(c, obj, allowed, "");
    s.advance = get_duration(c, obj, "advance", "", false);
    const bool has_set = get_string(c, obj, "set", "", s.set, false);
    if (has_set && s.set.find("${") == std::string::npos && !core::util::parse_datetime(s.set)) {
      c.error("set", "must be an ISO-8601 instant such as \"2027-11-27T00:00:00Z\"");
    }
    if (obj.contains("advance") == has_set) {
      c.error("advance", "give exactly one of \"advance\" and \"set\"");
    }
    if (const auto it = obj.find("targets"); it != obj.end()) {
      if (!it->is_array()) {
        c.error("targets", "must be an array of target names");
      } else {
        for (const auto& t : *it) {
          if (!t.is_string() ||
              std::find(targets.begin(), targets.end(), t.get<std::string>()) == targets.end()) {
            c.error("targets", "each entry must be one of the scenario's targets");
          } else {
            s.targets.push_back(t.get<std::string>());
          }
        }
      }
    }
    if (step.name.empty()) {
      step.name = s.advance ? "advance the clock by " + core::util::format_duration(*s.advance)
                            : "set the clock to " + s.set;
    }
    step.body = std::move(s);
  } else if (step.kind == "wait-until") {
    WaitUntilStep s;
    allowed.insert({"request", "expect", "capture", "every", "timeout"});
    unknown_fields(c, obj, allowed, "");
    const auto request = obj.find("request");
    if (request == obj.end() || !request->is_object()) {
      c.error("request", "required: an object like an http step's request fields");
    } else {
      unknown_fields(c, *request, kRequestFields, "request");
      parse_request(c, *request, "request", targets, s.request, true);
    }
    const auto expect = obj.find("expect");
    if (expect == obj.end()) {
      c.error("expect", "required: the condition to wait for");
    } else {
      parse_expect(c, *expect, "expect", s.expect);
    }
    if (const auto it = obj.find("capture"); it != obj.end()) {
      parse_captures(c, *it, "capture", s.captures);
    }
    if (auto every = get_duration(c, obj, "every", "", false)) {
      if (every->count() == 0) {
        c.error("every", "must be longer than zero");
      } else {
        s.every = *every;
      }
    }
    if (auto timeout = get_duration(c, obj, "timeout", "", true)) s.timeout = *timeout;
    if (step.name.empty()) step.name = "wait until " + default_name(s.request) + " matches";
    step.body = std::move(s);
  } else if (step.kind == "narrate") {
    NarrateStep s;
    allowed.insert("text");
    unknown_fields(c, obj, allowed, "");
    get_string(c, obj, "text", "", s.text, true);
    if (step.name.empty()) step.name = "narration";
    step.body = std::move(s);
  } else {
    IncludeStep s;
    allowed.insert({"file", "variables", "targets"});
    unknown_fields(c, obj, allowed, "");
    if (!get_string(c, obj, "file", "", s.file, true)) return;
    if (const auto it = obj.find("variables"); it != obj.end()) {
      if (!it->is_object()) {
        c.error("variables", "must be an object");
      } else if (auto e = check_json_template(*it)) {
        c.error("variables", *e);
      } else {
        s.variables = *it;
      }
    }
    if (const auto it = obj.find("targets"); it != obj.end()) {
      if (!it->is_object()) {
        c.error("targets", "must be an object: name -> {\"url\", \"token\"}");
      } else {
        for (auto t = it->begin(); t != it->end(); ++t) {
          const std::string field = "targets." + t.key();
          if (!t->is_object()) {
            c.error(field, "must be an object with \"url\" and optionally \"token\"");
            continue;
          }
          unknown_fields(c, *t, {"url", "token"}, field);
          TargetOverride o;
          get_string(c, *t, "url", field, o.url, true);
          std::string token;
          if (get_string(c, *t, "token", field, token, false)) o.token = token;
          s.targets[t.key()] = o;
        }
      }
    }
    if (step.name.empty()) step.name = "include " + s.file;
    if (include_depth + 1 > kMaxIncludeDepth) {
      c.error("file",
              "includes nest deeper than " + std::to_string(kMaxIncludeDepth) + " (a cycle?)");
      return;
    }
    const std::string path = s.file.front() == '/' ? s.file : dirname_of(c.file()) + s.file;
    const auto text = reader(path);
    if (!text) {
      c.error("file", "cannot read \"" + path + "\"");
      return;
    }
    try {
      s.scenario =
          std::make_shared<Scenario>(load_scenario_text(*text, path, reader, include_depth + 1));
    } catch (const ScenarioError& e) {
      c.merge(e.diagnostics());
      return;
    }
    for (const auto& [name_used, _] : s.targets) {
      const auto& inner = s.scenario->targets;
      if (std::find(inner.begin(), inner.end(), name_used) == inner.end()) {
        c.error("targets." + name_used,
                "the included scenario has no target \"" + name_used + "\"");
      }
    }
    step.body = std::move(s);
  }
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string out = file + ": ";
  if (step > 0) {
    out += "step " + std::to_string(step);
    if (!step_name.empty()) out += " (" + step_name + ")";
    out += ": ";
  }
  if (!field.empty()) out += "field \"" + field + "\": ";
  return out + message;
}

namespace {
std::string summarize(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

FileReader disk_reader() {
  return [](const std::string& path) -> std::optional<std::string> {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > kMaxScenarioBytes * 8) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
}

Scenario parse_scenario(const nlohmann::json& doc, const std::string& file,
                        const FileReader& reader, int include_depth) {
  Checker c(file);
  Scenario scenario;
  scenario.file = file;
  if (!doc.is_object()) {
    c.error("", "a scenario must be a JSON object with title and steps");
    throw ScenarioError(std::move(c.diagnostics()));
  }
  unknown_fields(c, doc, kTopFields, "");
  get_string(c, doc, "title", "", scenario.title, true);
  get_string(c, doc, "description", "", scenario.description, false);
  if (const auto it = doc.find("tags"); it != doc.end()) {
    if (!it->is_array()) {
      c.error("tags", "must be an array of strings");
    } else {
      for (const auto& t : *it) {
        if (!t.is_string()) {
          c.error("tags", "must be an array of strings");
          break;
        }
        scenario.tags.push_back(t.get<std::string>());
      }
    }
  }
  if (const auto it = doc.find("targets"); it != doc.end()) {
    if (!it->is_array()) {
      c.error("targets", "must be an array of target names such as [\"scim\", \"idp\"]");
    } else {
      for (const auto& t : *it) {
        static const std::regex kName("^[a-z][a-z0-9-]{0,31}$");
        if (!t.is_string() || !std::regex_match(t.get<std::string>(), kName)) {
          c.error("targets", "target names are lower-case words: [a-z][a-z0-9-]*");
          continue;
        }
        scenario.targets.push_back(t.get<std::string>());
      }
    }
  }
  if (const auto it = doc.find("variables"); it != doc.end()) {
    if (!it->is_object()) {
      c.error("variables", "must be an object");
    } else {
      for (auto v = it->begin(); v != it->end(); ++v) {
        if (!valid_variable_name(v.key()) || v.key().front() == '$') {
          c.error("variables." + v.key(), "bad variable name");
        }
      }
      if (auto e = check_json_template(*it)) c.error("variables", *e);
      scenario.variables = *it;
    }
  }
  const auto steps = doc.find("steps");
  if (steps == doc.end()) {
    c.error("steps", "required: an array of steps");
  } else if (!steps->is_array() || steps->empty()) {
    c.error("steps", "must be a non-empty array of steps");
  } else if (steps->size() > kMaxSteps) {
    c.error("steps", "more than " + std::to_string(kMaxSteps) + " steps");
  } else {
    int number = 0;
    for (const auto& s : *steps) {
      Step step;
      step.number = ++number;
      c.at_step(number, "");
      parse_step(c, s, scenario, reader, include_depth, step);
      c.at_step(0, "");
      scenario.steps.push_back(std::move(step));
    }
  }
  if (!c.ok()) throw ScenarioError(std::move(c.diagnostics()));
  return scenario;
}

Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const FileReader& reader, int include_depth) {
  if (text.size() > kMaxScenarioBytes) {
    throw ScenarioError(
        {{file, 0, "", "", "larger than " + std::to_string(kMaxScenarioBytes) + " bytes"}});
  }
  if (core::net::nesting_exceeds(text, kMaxScenarioJsonDepth)) {
    throw ScenarioError(
        {{file, 0, "", "",
          "JSON nested deeper than " + std::to_string(kMaxScenarioJsonDepth) + " levels"}});
  }
  // nlohmann/json throws out_of_range (406, a number too large for a double) even when told not
  // to throw, so every JSON exception is turned into the loader's own error here.
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw ScenarioError({{file, 0, "", "", "not valid JSON: " + std::string(e.what())}});
  }
  return parse_scenario(doc, file, reader, include_depth);
}

Scenario load_scenario(const std::string& path, const FileReader& reader) {
  const auto text = reader(path);
  if (!text) throw ScenarioError({{path, 0, "", "", "cannot read the file"}});
  return load_scenario_text(*text, path, reader, 0);
}

std::vector<std::string> required_targets(const Scenario& scenario) {
  std::vector<std::string> out = scenario.targets;
  for (const auto& step : scenario.steps) {
    if (const auto* inc = std::get_if<IncludeStep>(&step.body); inc && inc->scenario) {
      for (const auto& t : required_targets(*inc->scenario)) {
        if (inc->targets.contains(t)) continue;
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace scenarios
