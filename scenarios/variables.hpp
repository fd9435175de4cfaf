#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"

namespace scenarios {

// A reference to an undefined variable, or a malformed "${...}".
class SubstitutionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The variables of a run: the scenario's own, --var overrides, captures, and the targets'
// ("target.<name>.url", "target.<name>.token"). Values are JSON so that "${n}" alone keeps
// its type when substituted into a JSON body.
class Variables {
 public:
  void set(const std::string& name, nlohmann::json value) { values_[name] = std::move(value); }
  const nlohmann::json* find(std::string_view name) const;
  const std::map<std::string, nlohmann::json, std::less<>>& all() const { return values_; }

 private:
  std::map<std::string, nlohmann::json, std::less<>> values_;
};

// What ${...} can see. `ids` and `clock` back the generated values ${$uuid}, ${$hex8} and
// ${$now}; without them those references are errors.
struct Scope {
  const Variables& vars;
  core::util::IdGenerator* ids = nullptr;
  const core::util::Clock* clock = nullptr;
};

// Replaces each ${name} in `text`. "$${" stands for a literal "${". Non-string values are
// written as compact JSON. Throws SubstitutionError for an undefined name or a bad reference.
std::string substitute(std::string_view text, const Scope& scope);

// Substitutes inside every string of `value` (object keys included). A string that is exactly
// one "${name}" is replaced by the variable's JSON value, keeping its type.
nlohmann::json substitute_json(const nlohmann::json& value, const Scope& scope);

// Checks the syntax of the references in `text` without resolving them: nullopt if fine, else
// the reason ("unterminated ${ at offset 4", "bad variable name \"a b\"").
std::optional<std::string> check_template(std::string_view text);
// The same for every string inside `value`.
std::optional<std::string> check_json_template(const nlohmann::json& value);

// True for names the runner accepts: [A-Za-z_][A-Za-z0-9_.-]*, or $uuid / $hex8 / $now.
bool valid_variable_name(std::string_view name);

}  // namespace scenarios
