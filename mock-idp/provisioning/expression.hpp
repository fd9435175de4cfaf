#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mock_idp::provisioning {

// The subset of Azure's attribute-mapping expression language that real mappings use:
// [attribute] references, "string" literals (\" and \\ escapes), integers, empty arguments and
// calls of Append, Coalesce, IIF, IsNull, IsNullOrEmpty, IsPresent, Join, Left, Mid, Not,
// Replace, StripSpaces, Switch, ToLower, ToUpper, Trim, Word (names case-insensitive).
// Values are strings or null; booleans are the strings "True" and "False", as in Azure.
//
// Limits: 10,000 characters (Azure's documented cap), nesting depth 32.
inline constexpr std::size_t kMaxExpressionLength = 10000;
inline constexpr int kMaxExpressionDepth = 32;

class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(std::size_t position, const std::string& message)
      : std::runtime_error("expression error at position " + std::to_string(position) + ": " +
                           message),
        position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

using Value = std::optional<std::string>;
// Looks up a source attribute by name (case-insensitive); nullopt when null or unknown.
using AttributeResolver = std::function<Value(std::string_view name)>;

class Expression {
 public:
  enum class Kind { kEmpty, kAttribute, kString, kNumber, kCall };

  // Throws ExpressionError with the position of the first problem.
  static Expression parse(std::string_view text);

  Value evaluate(const AttributeResolver& resolve) const;
  // Attribute names referenced anywhere in the expression.
  std::vector<std::string> attributes() const;
  // Canonical text (function names as Azure spells them).
  std::string to_string() const;

  Kind kind() const { return kind_; }
  const std::string& text() const { return text_; }
  const std::vector<Expression>& args() const { return args_; }

 private:
  friend class ExpressionParser;
  Kind kind_ = Kind::kEmpty;
  std::string text_;  // attribute name, literal, number text or canonical function name
  std::vector<Expression> args_;
  std::size_t position_ = 0;
};

// "True"/"False" for a bool.
inline std::string bool_text(bool b) { return b ? "True" : "False"; }
// True for "True"/"true"/"1"-style truthy values (case-insensitive "true").
bool is_true(const Value& v);

}  // namespace mock_idp::provisioning
