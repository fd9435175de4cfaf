#include "scenarios/matcher.hpp"

#include <regex>

#include "scenarios/http_types.hpp"

namespace scenarios {
namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kShown = 80;

std::string shown(const nlohmann::json& v) {
  std::string text = v.dump();
  if (text.size() > kShown) text = text.substr(0, kShown) + "...";
  return text;
}

std::string at(const std::string& pointer) { return pointer.empty() ? "(root)" : pointer; }

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool type_is(const nlohmann::json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "number") return v.is_number();
  if (type == "integer") return v.is_number_integer();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

std::string scalar_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::optional<std::string> match_at(const nlohmann::json& expected, const nlohmann::json* actual,
                                    const std::string& pointer, int depth);

std::optional<std::string> apply_matcher(const nlohmann::json& m, const nlohmann::json* actual,
                                         const std::string& pointer, int depth) {
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string& op = it.key();
    const nlohmann::json& arg = it.value();
    if (op == "$absent") {
      const bool want_absent = arg.is_boolean() && arg.get<bool>();
      if (want_absent && actual) return at(pointer) + ": expected no value, got " + shown(*actual);
      if (!want_absent && !actual) return at(pointer) + ": missing";
      continue;
    }
    if (!actual) return at(pointer) + ": missing";
    if (op == "$exists") {
      continue;
    } else if (op == "$type") {
      const auto type = arg.is_string() ? arg.get<std::string>() : "";
      if (!type_is(*actual, type)) {
        return at(pointer) + ": expected a value of type " + type + ", got " + shown(*actual);
      }
    } else if (op == "$regex") {
      if (actual->is_object() || actual->is_array() || actual->is_null()) {
        return at(pointer) + ": expected text matching /" + arg.get<std::string>() + "/, got " +
               shown(*actual);
      }
      const std::string subject = scalar_text(*actual);
      if (subject.size() > kMaxRegexSubject) {
        return at(pointer) + ": text of " + std::to_string(subject.size()) +
               " bytes is too long for a regex (use $contains)";
      }
      try {
        if (!std::regex_search(subject, std::regex(arg.get<std::string>()))) {
          return at(pointer) + ": expected text matching /" + arg.get<std::string>() + "/, got " +
                 shown(*actual);
        }
      } catch (const std::regex_error& e) {
        return at(pointer) + ": regex failed: " + e.what();
      }
    } else if (op == "$eq") {
      if (*actual != arg)
        return at(pointer) + ": expected exactly " + shown(arg) + ", got " + shown(*actual);
    } else if (op == "$ne") {
      if (*actual == arg) return at(pointer) + ": expected anything but " + shown(arg);
    } else if (op == "$ieq") {
      if (!actual->is_string() || !arg.is_string() ||
          !iequals(actual->get<std::string>(), arg.get<std::string>())) {
        return at(pointer) + ": expected " + shown(arg) + " (any case), got " + shown(*actual);
      }
    } else if (op == "$contains") {
      if (actual->is_string()) {
        if (!arg.is_string() ||
            actual->get<std::string>().find(arg.get<std::string>()) == std::string::npos) {
          return at(pointer) + ": expected text containing " + shown(arg) + ", got " +
                 shown(*actual);
        }
      } else if (actual->is_array()) {
        bool found = false;
        for (const auto& element : *actual) {
          if (!match_at(arg, &element, pointer, depth + 1)) {
            found = true;
            break;
          }
        }
        if (!found) return at(pointer) + ": no element matches " + shown(arg);
      } else {
        return at(pointer) + ": $contains needs a string or an array, got " + shown(*actual);
      }
    } else if (op == "$len") {
      std::size_t len = 0;
      if (actual->is_string()) {
        len = actual->get<std::string>().size();
      } else if (actual->is_array() || actual->is_object()) {
        len = actual->size();
      } else {
        return at(pointer) + ": $len needs a string, array or object, got " + shown(*actual);
      }
      if (!arg.is_number_unsigned() || arg.get<std::size_t>() != len) {
        return at(pointer) + ": expected length " + shown(arg) + ", got " + std::to_string(len);
      }
    } else {
      return at(pointer) + ": unknown matcher " + op;
    }
  }
  return std::nullopt;
}

std::optional<std::string> match_at(const nlohmann::json& expected, const nlohmann::json* actual,
                                    const std::string& pointer, int depth) {
  if (depth > kMaxDepth) return at(pointer) + ": nested too deeply";
  if (is_matcher(expected)) return apply_matcher(expected, actual, pointer, depth);
  if (!actual) return at(pointer) + ": missing (expected " + shown(expected) + ")";
  if (expected.is_object()) {
    if (!actual->is_object()) return at(pointer) + ": expected an object, got " + shown(*actual);
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const auto found = actual->find(it.key());
      const nlohmann::json* child = found == actual->end() ? nullptr : &*found;
      if (auto e = match_at(it.value(), child, pointer + "/" + escape_pointer_token(it.key()),
                            depth + 1)) {
        return e;
      }
    }
    return std::nullopt;
  }
  if (expected.is_array()) {
    if (!actual->is_array()) return at(pointer) + ": expected an array, got " + shown(*actual);
    std::size_t index = 0;
    for (const auto& want : expected) {
      bool found = false;
      for (const auto& have : *actual) {
        if (!match_at(want, &have, pointer, depth + 1)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return at(pointer) + ": no element matches expected element " + std::to_string(index) +
               " " + shown(want);
      }
      ++index;
    }
    return std::nullopt;
  }
  if (expected.is_number() && actual->is_number()) {
    if (expected.get<double>() == actual->get<double>()) return std::nullopt;
  } else if (expected == *actual) {
    return std::nullopt;
  }
  return at(pointer) + ": expected " + shown(expected) + ", got " + shown(*actual);
}

std::optional<std::string> check_at(const nlohmann::json& expected, const std::string& pointer,
                                    int depth) {
  if (depth > kMaxDepth) return at(pointer) + ": nested too deeply";
  if (is_matcher(expected)) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      const std::string& op = it.key();
      const auto& arg = it.value();
      if (op == "$regex") {
        if (!arg.is_string()) return at(pointer) + ": $regex needs a string";
        try {
          std::regex compiled(arg.get<std::string>());
        } catch (const std::regex_error& e) {
          return at(pointer) + ": bad $regex \"" + arg.get<std::string>() + "\": " + e.what();
        }
      } else if (op == "$type") {
        static const char* const kTypes[] = {"string", "number", "integer", "boolean",
                                             "object", "array",  "null"};
        bool known = false;
        for (const char* t : kTypes)
          known = known || (arg.is_string() && arg.get<std::string>() == t);
        if (!known) {
          return at(pointer) +
                 ": $type must be one of string, number, integer, boolean, object, array, null";
        }
      } else if (op == "$absent" || op == "$exists") {
        if (!arg.is_boolean()) return at(pointer) + ": " + op + " needs true or false";
      } else if (op == "$ieq") {
        if (!arg.is_string()) return at(pointer) + ": $ieq needs a string";
      } else if (op == "$len") {
        if (!arg.is_number_unsigned()) return at(pointer) + ": $len needs a non-negative integer";
      } else if (op == "$contains") {
        if (auto e = check_at(arg, pointer, depth + 1)) return e;
      } else if (op != "$eq" && op != "$ne") {
        return at(pointer) + ": unknown matcher " + op +
               " (known: $regex $type $absent $exists $eq $ne $ieq $contains $len)";
      }
    }
    return std::nullopt;
  }
  if (expected.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!it.key().empty() && it.key().front() == '$') {
        return at(pointer) + ": a matcher object may not mix $operators and members (" + it.key() +
               ")";
      }
      if (auto e =
              check_at(it.value(), pointer + "/" + escape_pointer_token(it.key()), depth + 1)) {
        return e;
      }
    }
  } else if (expected.is_array()) {
    std::size_t i = 0;
    for (const auto& v : expected) {
      if (auto e = check_at(v, pointer + "/" + std::to_string(i++), depth + 1)) return e;
    }
  }
  return std::nullopt;
}

}  // namespace

bool is_matcher(const nlohmann::json& value) {
  if (!value.is_object() || value.empty()) return false;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key().empty() || it.key().front() != '$') return false;
  }
  return true;
}

std::optional<std::string> match_json(const nlohmann::json& expected,
                                      const nlohmann::json& actual) {
  return match_at(expected, &actual, "", 0);
}

std::optional<std::string> match_text(const nlohmann::json& expected, const std::string* actual) {
  if (expected.is_string()) {
    if (!actual) return std::string("missing (expected \"") + expected.get<std::string>() + "\")";
    if (*actual != expected.get<std::string>()) {
      return "expected " + shown(expected) + ", got " + shown(nlohmann::json(*actual));
    }
    return std::nullopt;
  }
  if (!actual) return match_at(expected, nullptr, "", 0);
  const nlohmann::json value = *actual;
  return match_at(expected, &value, "", 0);
}

std::optional<std::string> check_expectation(const nlohmann::json& expected) {
  return check_at(expected, "", 0);
}

}  // namespace scenarios
