#include "mock-idp/provisioning/expression.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace mock_idp::provisioning {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// std::regex compiles and matches recursively: long patterns are not evaluated.
constexpr std::size_t kMaxRegexLength = 256;

struct FunctionSpec {
  const char* name;
  std::size_t min_args;
  std::size_t max_args;  // 0: unbounded
};

constexpr FunctionSpec kFunctions[] = {
    {"Append", 2, 2},        {"Coalesce", 1, 0},  {"IIF", 3, 3},     {"IsNull", 1, 1},
    {"IsNullOrEmpty", 1, 1}, {"IsPresent", 1, 1}, {"Join", 2, 0},    {"Left", 2, 2},
    {"Mid", 3, 3},           {"Not", 1, 1},       {"Replace", 3, 7}, {"StripSpaces", 1, 1},
    {"Switch", 4, 0},        {"ToLower", 1, 2},   {"ToUpper", 1, 2}, {"Trim", 1, 1},
    {"Word", 3, 3},
};

const FunctionSpec* find_function(std::string_view name) {
  std::string wanted = lower(name);
  for (const auto& f : kFunctions) {
    if (lower(f.name) == wanted) return &f;
  }
  return nullptr;
}

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<long> to_int(const Value& v) {
  if (!v || v->empty() || v->size() > 9) return std::nullopt;
  long n = 0;
  for (char c : *v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

bool is_true(const Value& v) { return v && lower(*v) == "true"; }

class ExpressionParser {
 public:
  explicit ExpressionParser(std::string_view text) : text_(text) {}

  Expression parse_all() {
    if (text_.size() > kMaxExpressionLength) {
      throw ExpressionError(
          kMaxExpressionLength,
          "expression longer than " + std::to_string(kMaxExpressionLength) + " characters");
    }
    skip_space();
    if (pos_ == text_.size()) throw ExpressionError(0, "expression is empty");
    Expression e = parse_expr(0);
    skip_space();
    if (pos_ != text_.size()) {
      throw ExpressionError(
          pos_, "unexpected '" + std::string(1, text_[pos_]) + "' after the end of the expression");
    }
    return e;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  Expression parse_expr(int depth) {
    if (depth > kMaxExpressionDepth) {
      throw ExpressionError(
          pos_, "expression nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
    }
    skip_space();
    if (pos_ >= text_.size()) throw ExpressionError(pos_, "unexpected end of expression");
    Expression e;
    e.position_ = pos_;
    char c = text_[pos_];
    if (c == '[') {
      std::size_t close = text_.find(']', pos_ + 1);
      if (close == std::string_view::npos) {
        throw ExpressionError(pos_, "attribute reference '[' is not closed with ']'");
      }
      std::string name = trim(text_.substr(pos_ + 1, close - pos_ - 1));
      if (name.empty()) throw ExpressionError(pos_, "empty attribute name in '[]'");
      if (name.find_first_of("[\"(),") != std::string::npos) {
        throw ExpressionError(pos_, "invalid attribute name '" + name + "'");
      }
      e.kind_ = Expression::Kind::kAttribute;
      e.text_ = name;
      pos_ = close + 1;
      return e;
    }
    if (c == '"') {
      e.kind_ = Expression::Kind::kString;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) {
          throw ExpressionError(e.position_, "string literal is not closed with '\"'");
        }
        char d = text_[pos_++];
        if (d == '"') break;
        if (d == '\\') {
          if (pos_ >= text_.size()) {
            throw ExpressionError(e.position_, "string literal is not closed with '\"'");
          }
          e.text_.push_back(text_[pos_++]);
          continue;
        }
        e.text_.push_back(d);
      }
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      e.kind_ = Expression::Kind::kNumber;
      std::size_t start = pos_;
      if (c == '-') ++pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      e.text_ = std::string(text_.substr(start, pos_ - start));
      if (e.text_ == "-") throw ExpressionError(start, "'-' is not followed by a number");
      return e;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      std::size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        ++pos_;
      }
      std::string_view name = text_.substr(start, pos_ - start);
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '(') {
        throw ExpressionError(start, "'" + std::string(name) +
                                         "' is not a function call; attribute names go in "
                                         "[brackets] and text in \"quotes\"");
      }
      const FunctionSpec* spec = find_function(name);
      if (spec == nullptr) {
        throw ExpressionError(start, "unknown function '" + std::string(name) + "'");
      }
      ++pos_;  // '('
      e.kind_ = Expression::Kind::kCall;
      e.text_ = spec->name;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ')') {
        ++pos_;
      } else {
        while (true) {
          skip_space();
          if (pos_ < text_.size() && (text_[pos_] == ',' || text_[pos_] == ')')) {
            Expression empty;
            empty.position_ = pos_;
            e.args_.push_back(empty);
          } else {
            e.args_.push_back(parse_expr(depth + 1));
          }
          skip_space();
          if (pos_ >= text_.size()) {
            throw ExpressionError(pos_, "call of " + e.text_ + " is not closed with ')'");
          }
          if (text_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (text_[pos_] == ')') {
            ++pos_;
            break;
          }
          throw ExpressionError(pos_, "expected ',' or ')' in the arguments of " + e.text_ +
                                          ", found '" + std::string(1, text_[pos_]) + "'");
        }
      }
      std::size_t n = e.args_.size();
      if (n < spec->min_args || (spec->max_args != 0 && n > spec->max_args)) {
        std::string wanted = std::to_string(spec->min_args);
        if (spec->max_args == 0) {
          wanted = "at least " + wanted;
        } else if (spec->max_args != spec->min_args) {
          wanted += " to " + std::to_string(spec->max_args);
        }
        throw ExpressionError(
            start, e.text_ + " takes " + wanted + " arguments, got " + std::to_string(n));
      }
      if (e.text_ == "Switch" && (n - 2) % 2 != 0) {
        throw ExpressionError(start,
                              "Switch takes a source, a default and key/value pairs; "
                              "the last key has no value");
      }
      return e;
    }
    throw ExpressionError(pos_, "unexpected '" + std::string(1, c) + "'");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

Expression Expression::parse(std::string_view text) { return ExpressionParser(text).parse_all(); }

Value Expression::evaluate(const AttributeResolver& resolve) const {
  switch (kind_) {
    case Kind::kEmpty:
      return std::nullopt;
    case Kind::kAttribute:
      return resolve(text_);
    case Kind::kString:
    case Kind::kNumber:
      return text_;
    case Kind::kCall:
      break;
  }
  auto arg = [&](std::size_t i) -> Value {
    return i < args_.size() ? args_[i].evaluate(resolve) : std::nullopt;
  };
  const std::string& f = text_;
  if (f == "Append") {
    Value a = arg(0);
    Value b = arg(1);
    if (!a) return b;
    return *a + b.value_or("");
  }
  if (f == "Coalesce") {
    for (std::size_t i = 0; i < args_.size(); ++i) {
      Value v = arg(i);
      if (v && !v->empty()) return v;
    }
    return std::nullopt;
  }
  if (f == "IIF") return is_true(arg(0)) ? arg(1) : arg(2);
  if (f == "IsNull") return bool_text(!arg(0).has_value());
  if (f == "IsNullOrEmpty") {
    Value v = arg(0);
    return bool_text(!v || v->empty());
  }
  if (f == "IsPresent") {
    Value v = arg(0);
    return bool_text(v && !v->empty());
  }
  if (f == "Join") {
    std::string sep = arg(0).value_or("");
    std::string out;
    bool any = false;
    for (std::size_t i = 1; i < args_.size(); ++i) {
      Value v = arg(i);
      if (!v || v->empty()) continue;
      if (any) out += sep;
      out += *v;
      any = true;
    }
    if (!any) return std::nullopt;
    return out;
  }
  if (f == "Left") {
    Value s = arg(0);
    auto n = to_int(arg(1));
    if (!s || !n) return s;
    return s->substr(0, std::min(s->size(), static_cast<std::size_t>(*n)));
  }
  if (f == "Mid") {
    Value s = arg(0);
    auto start = to_int(arg(1));
    auto len = to_int(arg(2));
    if (!s || !start || !len || *start < 1) return s;
    auto b = static_cast<std::size_t>(*start - 1);
    if (b >= s->size()) return std::string();
    return s->substr(b, static_cast<std::size_t>(*len));
  }
  if (f == "Not") {
    Value v = arg(0);
    if (!v) return std::nullopt;
    return bool_text(!is_true(v));
  }
  if (f == "Replace") {
    Value source = arg(0);
    if (!source) return std::nullopt;
    Value old_value = arg(1);
    Value pattern = arg(2);
    Value replacement = arg(4);
    if (!replacement && args_.size() > 5) replacement = arg(5);
    std::string with = replacement.value_or("");
    if (old_value && !old_value->empty()) {
      std::string out;
      std::size_t at = 0;
      while (true) {
        std::size_t hit = source->find(*old_value, at);
        if (hit == std::string::npos) break;
        out += source->substr(at, hit - at) + with;
        at = hit + old_value->size();
      }
      out += source->substr(at);
      return out;
    }
    if (pattern && !pattern->empty() && pattern->size() <= kMaxRegexLength) {
      try {
        return std::regex_replace(*source, std::regex(*pattern), with);
      } catch (const std::regex_error&) {
        return source;
      }
    }
    return source;
  }
  if (f == "StripSpaces") {
    Value v = arg(0);
    if (!v) return v;
    v->erase(std::remove(v->begin(), v->end(), ' '), v->end());
    return v;
  }
  if (f == "Switch") {
    Value source = arg(0);
    std::string key = source.value_or("");
    for (std::size_t i = 2; i + 1 < args_.size(); i += 2) {
      Value k = arg(i);
      if (k.value_or("") == key) return arg(i + 1);
    }
    return arg(1);
  }
  if (f == "ToLower") {
    Value v = arg(0);
    if (!v) return v;
    return lower(*v);
  }
  if (f == "ToUpper") {
    Value v = arg(0);
    if (!v) return v;
    return upper(*v);
  }
  if (f == "Trim") {
    Value v = arg(0);
    if (!v) return v;
    return trim(*v);
  }
  if (f == "Word") {
    Value s = arg(0);
    auto n = to_int(arg(1));
    std::string delims = arg(2).value_or(" ");
    if (!s || !n || *n < 1) return std::nullopt;
    long index = 0;
    std::size_t at = 0;
    while (at <= s->size()) {
      std::size_t next = s->find_first_of(delims, at);
      if (next == std::string::npos) next = s->size();
      if (next > at) {
        ++index;
        if (index == *n) return s->substr(at, next - at);
      }
      at = next + 1;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> Expression::attributes() const {
  std::vector<std::string> out;
  if (kind_ == Kind::kAttribute) out.push_back(text_);
  for (const auto& a : args_) {
    for (auto& n : a.attributes()) out.push_back(std::move(n));
  }
  return out;
}

std::string Expression::to_string() const {
  switch (kind_) {
    case Kind::kEmpty:
      return "";
    case Kind::kAttribute:
      return "[" + text_ + "]";
    case Kind::kNumber:
      return text_;
    case Kind::kString: {
      std::string out = "\"";
      for (char c : text_) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      return out + "\"";
    }
    case Kind::kCall:
      break;
  }
  std::string out = text_ + "(";
  for (std::size_t i = 0; i < args_.size(); ++i) {
    if (i > 0) out += ", ";
    out += args_[i].to_string();
  }
  return out + ")";
}

}  // namespace mock_idp::provisioning
