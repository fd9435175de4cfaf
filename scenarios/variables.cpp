#include "scenarios/variables.hpp"

#include <cctype>

#include "core/util/iso8601.hpp"

namespace scenarios {
namespace {

constexpr std::size_t kMaxNameLength = 200;
// Deeper JSON is not walked (the loader rejects it before this point).
constexpr int kMaxDepth = 64;

bool is_builtin(std::string_view name) {
  return name == "$uuid" || name == "$hex8" || name == "$now";
}

nlohmann::json resolve(std::string_view name, const Scope& scope) {
  if (name == "$uuid" || name == "$hex8") {
    if (!scope.ids) throw SubstitutionError("${" + std::string(name) + "} is not available here");
    return name == "$uuid" ? scope.ids->uuid4() : scope.ids->hex(8);
  }
  if (name == "$now") {
    if (!scope.clock) throw SubstitutionError("${$now} is not available here");
    return core::util::format_utc(scope.clock->now());
  }
  if (const auto* v = scope.vars.find(name)) return *v;
  throw SubstitutionError("undefined variable ${" + std::string(name) + "}");
}

std::string as_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Calls on_ref(name) for each reference and on_text(literal) for the text between them.
template <typename OnText, typename OnRef>
std::optional<std::string> scan(std::string_view text, OnText on_text, OnRef on_ref) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto dollar = text.find('$', pos);
    if (dollar == std::string_view::npos) {
      on_text(text.substr(pos));
      break;
    }
    on_text(text.substr(pos, dollar - pos));
    if (text.substr(dollar, 3) == "$${") {
      on_text("${");
      pos = dollar + 3;
      continue;
    }
    if (text.substr(dollar, 2) != "${") {
      on_text("$");
      pos = dollar + 1;
      continue;
    }
    const auto close = text.find('}', dollar + 2);
    if (close == std::string_view::npos) {
      return "unterminated ${ at offset " + std::to_string(dollar);
    }
    const auto name = text.substr(dollar + 2, close - dollar - 2);
    if (!valid_variable_name(name)) {
      return "bad variable name \"" + std::string(name.substr(0, 40)) + "\" at offset " +
             std::to_string(dollar);
    }
    on_ref(name);
    pos = close + 1;
  }
  return std::nullopt;
}

nlohmann::json substitute_json_at(const nlohmann::json& value, const Scope& scope, int depth) {
  if (depth > kMaxDepth) throw SubstitutionError("JSON nested too deeply");
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s.size() > 3 && s.front() == '$' && s[1] == '{' && s.back() == '}' &&
        s.find('}') == s.size() - 1 &&
        valid_variable_name(std::string_view(s).substr(2, s.size() - 3))) {
      return resolve(std::string_view(s).substr(2, s.size() - 3), scope);
    }
    return substitute(s, scope);
  }
  if (value.is_object()) {
    auto out = nlohmann::json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      out[substitute(it.key(), scope)] = substitute_json_at(it.value(), scope, depth + 1);
    }
    return out;
  }
  if (value.is_array()) {
    auto out = nlohmann::json::array();
    for (const auto& v : value) out.push_back(substitute_json_at(v, scope, depth + 1));
    return out;
  }
  return value;
}

std::optional<std::string> check_json_at(const nlohmann::json& value, int depth) {
  if (depth > kMaxDepth) return "JSON nested too deeply";
  if (value.is_string()) return check_template(value.get_ref<const std::string&>());
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (auto e = check_template(it.key())) return e;
      if (auto e = check_json_at(it.value(), depth + 1)) return e;
    }
  } else if (value.is_array()) {
    for (const auto& v : value) {
      if (auto e = check_json_at(v, depth + 1)) return e;
    }
  }
  return std::nullopt;
}

}  // namespace

const nlohmann::json* Variables::find(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

bool valid_variable_name(std::string_view name) {
  if (is_builtin(name)) return true;
  if (name.empty() || name.size() > kMaxNameLength) return false;
  const auto first = static_cast<unsigned char>(name.front());
  if (!std::isalpha(first) && name.front() != '_') return false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

std::string substitute(std::string_view text, const Scope& scope) {
  std::string out;
  const auto error = scan(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name) { out += as_text(resolve(name, scope)); });
  if (error) throw SubstitutionError(*error);
  return out;
}

nlohmann::json substitute_json(const nlohmann::json& value, const Scope& scope) {
  return substitute_json_at(value, scope, 0);
}

std::optional<std::string> check_template(std::string_view text) {
  return scan(
      text, [](std::string_view) {}, [](std::string_view) {});
}

std::optional<std::string> check_json_template(const nlohmann::json& value) {
  return check_json_at(value, 0);
}

}  // namespace scenarios
