#include "core/scim/filter.hpp"

#include "core/scim/error.hpp"
#include "core/scim/text.hpp"

namespace core::scim {
namespace {

struct OpName {
  std::string_view name;
  CompareOp op;
};

constexpr OpName kOps[] = {{"eq", CompareOp::kEq}, {"ne", CompareOp::kNe}, {"co", CompareOp::kCo},
                           {"sw", CompareOp::kSw}, {"ew", CompareOp::kEw}, {"gt", CompareOp::kGt},
                           {"ge", CompareOp::kGe}, {"lt", CompareOp::kLt}, {"le", CompareOp::kLe},
                           {"pr", CompareOp::kPr}};

bool is_attr_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '$' || c == '.' || c == ':';
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Filter parse() {
    Filter filter;
    skip_spaces();
    if (at_end()) fail("the filter is empty");
    for (;;) {
      if (filter.clauses.size() == kMaxFilterClauses) {
        fail("the filter has more than " + std::to_string(kMaxFilterClauses) + " clauses");
      }
      filter.clauses.push_back(comparison());
      skip_spaces();
      if (at_end()) break;
      const std::string_view word = bare_word();
      if (iequals(word, "and")) {
        require_space("\"and\"");
        continue;
      }
      if (iequals(word, "or")) fail("\"or\" is not supported", pos_ - word.size());
      fail("expected \"and\" or the end of the filter", pos_ - word.size());
    }
    return filter;
  }

 private:
  Comparison comparison() {
    Comparison c;
    const std::size_t start = pos_;
    if (!at_end() && (text_[pos_] == '(' || text_[pos_] == ')')) {
      fail("grouping with parentheses is not supported");
    }
    std::string_view attr = bare_word();
    if (attr.empty()) fail("expected an attribute name");
    if (iequals(attr, "not")) fail("\"not\" is not supported", start);
    if (!at_end() && text_[pos_] == '[') fail("value filters in brackets are not supported");
    if (!at_end() && !is_space(text_[pos_])) fail("unexpected character in an attribute name");
    if (attr.front() == '.' || attr.back() == '.' || attr.back() == ':') {
      fail("malformed attribute name", start);
    }
    c.attribute = std::string(attr);
    require_space("the attribute name");
    const std::size_t op_pos = pos_;
    const std::string_view op = bare_word();
    bool known = false;
    for (const auto& candidate : kOps) {
      if (iequals(op, candidate.name)) {
        c.op = candidate.op;
        known = true;
      }
    }
    if (!known) {
      fail(op.empty() ? "expected an operator" : "unknown operator \"" + std::string(op) + "\"",
           op_pos);
    }
    if (c.op == CompareOp::kPr) return c;
    require_space("the operator");
    c.value = value();
    return c;
  }

  nlohmann::json value() {
    if (at_end()) fail("expected a value");
    if (text_[pos_] == '"') {
      const std::size_t start = pos_;
      ++pos_;
      while (!at_end() && text_[pos_] != '"') {
        if (text_[pos_] == '\\') ++pos_;
        ++pos_;
      }
      if (at_end()) fail("unterminated string", start);
      ++pos_;
      const std::string_view token = text_.substr(start, pos_ - start);
      auto parsed = nlohmann::json::parse(token.begin(), token.end(), nullptr, false);
      if (parsed.is_discarded() || !parsed.is_string()) fail("malformed string value", start);
      return parsed;
    }
    const std::size_t start = pos_;
    const std::string_view word = bare_word();
    if (word == "true") return true;
    if (word == "false") return false;
    if (word == "null") return nullptr;
    if (!word.empty() && (word.front() == '-' || (word.front() >= '0' && word.front() <= '9'))) {
      auto parsed = nlohmann::json::parse(word.begin(), word.end(), nullptr, false);
      if (!parsed.is_discarded() && parsed.is_number()) return parsed;
    }
    fail("expected a quoted string, true, false, null or a number", start);
  }

  std::string_view bare_word() {
    const std::size_t start = pos_;
    while (!at_end() && is_attr_char(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void require_space(const std::string& after) {
    if (at_end() || !is_space(text_[pos_])) fail("expected a space after " + after);
    skip_spaces();
  }

  void skip_spaces() {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  bool at_end() const { return pos_ >= text_.size(); }

  [[noreturn]] void fail(const std::string& reason) { fail(reason, pos_); }
  [[noreturn]] void fail(const std::string& reason, std::size_t at) {
    throw Error::invalid_filter("Invalid filter: " + reason + " (at character " +
                                std::to_string(at + 1) + ")");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string_view to_string(CompareOp op) {
  for (const auto& candidate : kOps) {
    if (candidate.op == op) return candidate.name;
  }
  return "";
}

Filter parse_filter(std::string_view text) {
  if (text.size() > kMaxFilterLength) {
    throw Error::invalid_filter("Invalid filter: longer than " + std::to_string(kMaxFilterLength) +
                                " characters");
  }
  return Parser(text).parse();
}

}  // namespace core::scim
