#include "mock-idp/directory/odata.hpp"

#include <charconv>

#include "core/util/ascii.hpp"
#include "mock-idp/directory/directory.hpp"
#include "mock-idp/directory/graph_error.hpp"

namespace mock_idp::directory {
namespace {

constexpr const char* kSkiptokenPrefix = "X'4c616221";

using core::util::iequals_ascii;

GraphError invalid_filter(const std::string& why) {
  return GraphError(400, "BadRequest", "Invalid filter clause: " + why);
}

const std::string* resolve(const std::vector<std::string>& properties, std::string_view name) {
  for (const auto& p : properties) {
    if (iequals_ascii(p, name)) return &p;
  }
  return nullptr;
}

class FilterLexer {
 public:
  explicit FilterLexer(const std::string& text) : text_(text) {}

  void skip_spaces() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool at_end() {
    skip_spaces();
    return pos_ >= text_.size();
  }
  bool peek_char(char c) {
    skip_spaces();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect_char(char c) {
    if (!peek_char(c)) {
      throw invalid_filter(std::string("expected '") + c + "' at position " + std::to_string(pos_));
    }
    ++pos_;
  }
  std::string word() {
    skip_spaces();
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-' || c == '+';
      if (!ok) break;
      ++pos_;
    }
    if (start == pos_) {
      throw invalid_filter("expected a name or value at position " + std::to_string(start));
    }
    return text_.substr(start, pos_ - start);
  }
  nlohmann::json literal() {
    skip_spaces();
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      ++pos_;
      std::string value;
      while (true) {
        if (pos_ >= text_.size()) throw invalid_filter("unterminated string literal");
        const char c = text_[pos_++];
        if (c == '\'') {
          if (pos_ < text_.size() && text_[pos_] == '\'') {
            value.push_back('\'');
            ++pos_;
            continue;
          }
          break;
        }
        value.push_back(c);
      }
      return value;
    }
    const std::string w = word();
    if (w == "true") return true;
    if (w == "false") return false;
    if (w == "null") return nullptr;
    long long number = 0;
    const auto [ptr, ec] = std::from_chars(w.data(), w.data() + w.size(), number);
    if (ec == std::errc() && ptr == w.data() + w.size()) return number;
    throw invalid_filter("'" + w + "' is not a literal; quote strings with '");
  }

 private:
  const std::string& text_;
  std::size_t pos_ = 0;
};

const nlohmann::json* find_property(const nlohmann::json& object, const std::string& name) {
  const auto exact = object.find(name);
  if (exact != object.end()) return &*exact;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals_ascii(it.key(), name)) return &it.value();
  }
  return nullptr;
}

bool value_equals(const nlohmann::json& actual, const nlohmann::json& wanted) {
  if (actual.is_string() && wanted.is_string()) {
    return iequals_ascii(actual.get_ref<const std::string&>(),
                         wanted.get_ref<const std::string&>());
  }
  if (actual.is_array()) {
    for (const auto& item : actual) {
      if (value_equals(item, wanted)) return true;
    }
    return false;
  }
  return actual == wanted;
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '$' || c == ',') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string encode_skiptoken(std::size_t offset) {
  return std::string(kSkiptokenPrefix) + std::to_string(offset) + "'";
}

std::vector<FilterClause> parse_filter(const std::string& text,
                                       const std::vector<std::string>& properties) {
  if (text.size() > kMaxFilterLength) {
    throw GraphError(400, "BadRequest", "The $filter expression is too long.");
  }
  FilterLexer lex(text);
  std::vector<FilterClause> clauses;
  if (lex.at_end()) throw invalid_filter("the expression is empty");
  while (true) {
    FilterClause clause;
    std::string name = lex.word();
    if (lex.peek_char('(')) {
      if (!iequals_ascii(name, "startswith")) {
        throw GraphError(400, "Request_UnsupportedQuery",
                         "Unsupported query: function '" + name + "' is not supported.");
      }
      lex.expect_char('(');
      name = lex.word();
      lex.expect_char(',');
      clause.op = FilterClause::Op::kStartsWith;
      clause.value = lex.literal();
      lex.expect_char(')');
      if (!clause.value.is_string()) throw invalid_filter("startswith needs a string literal");
    } else {
      const std::string op = lex.word();
      if (!iequals_ascii(op, "eq")) {
        throw GraphError(400, "Request_UnsupportedQuery",
                         "Unsupported query: operator '" + op + "' is not supported; use eq.");
      }
      clause.value = lex.literal();
    }
    const std::string* property = resolve(properties, name);
    if (!property) {
      throw GraphError(
          400, "Request_UnsupportedQuery",
          "Unsupported or invalid query filter clause specified for property '" + name + "'.");
    }
    clause.property = *property;
    clauses.push_back(std::move(clause));
    if (clauses.size() > kMaxFilterClauses) {
      throw GraphError(400, "BadRequest", "The $filter expression has too many clauses.");
    }
    if (lex.at_end()) break;
    const std::string joiner = lex.word();
    if (!iequals_ascii(joiner, "and")) {
      throw GraphError(
          400, "Request_UnsupportedQuery",
          "Unsupported query: only 'and' may join filter clauses, got '" + joiner + "'.");
    }
  }
  return clauses;
}

ODataQuery parse_odata(const std::multimap<std::string, std::string>& params,
                       const std::vector<std::string>& properties, const std::string& type_name,
                       std::size_t default_top) {
  ODataQuery q;
  q.top = default_top;
  for (const auto& [key, value] : params) {
    if (params.count(key) > 1) {
      throw GraphError(400, "BadRequest",
                       "Query option '" + key + "' was specified more than once.");
    }
    if (key == "$filter") {
      q.filter = parse_filter(value, properties);
    } else if (key == "$select") {
      std::size_t start = 0;
      while (start <= value.size()) {
        auto comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string name = value.substr(start, comma - start);
        while (!name.empty() && name.front() == ' ') name.erase(name.begin());
        while (!name.empty() && name.back() == ' ') name.pop_back();
        const std::string* property = resolve(properties, name);
        if (!property) {
          throw GraphError(
              400, "BadRequest",
              "Could not find a property named '" + name + "' on type '" + type_name + "'.");
        }
        q.select.push_back(*property);
        start = comma + 1;
      }
    } else if (key == "$top") {
      std::size_t n = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || ptr != value.data() + value.size() || n < 1 || n > kMaxPageSize) {
        throw GraphError(400, "Request_BadRequest",
                         "Invalid page size specified: '" + value + "'. Must be between 1 and " +
                             std::to_string(kMaxPageSize) + " inclusive.");
      }
      q.top = n;
    } else if (key == "$skiptoken") {
      const std::string prefix = kSkiptokenPrefix;
      std::size_t n = 0;
      bool ok = value.size() > prefix.size() + 1 && value.compare(0, prefix.size(), prefix) == 0 &&
                value.back() == '\'';
      if (ok) {
        const char* first = value.data() + prefix.size();
        const char* last = value.data() + value.size() - 1;
        const auto [ptr, ec] = std::from_chars(first, last, n);
        ok = ec == std::errc() && ptr == last;
      }
      if (!ok) {
        throw GraphError(400, "Request_BadRequest",
                         "Invalid paging token specified: '" + value + "'.");
      }
      q.skip = n;
    } else if (key == "$count" || key == "$orderby" || key == "$expand" || key == "$search" ||
               key == "$skip" || key == "$format") {
      throw GraphError(400, "Request_UnsupportedQuery",
                       "Query option '" + key + "' is not supported by this emulator.");
    }
  }
  return q;
}

bool matches(const nlohmann::json& object, const std::vector<FilterClause>& filter) {
  for (const auto& clause : filter) {
    const nlohmann::json* actual = find_property(object, clause.property);
    const nlohmann::json null_value;
    if (!actual) actual = &null_value;
    if (clause.op == FilterClause::Op::kEq) {
      if (!value_equals(*actual, clause.value)) return false;
    } else {
      if (!actual->is_string()) return false;
      const std::string& s = actual->get_ref<const std::string&>();
      const std::string& prefix = clause.value.get_ref<const std::string&>();
      if (s.size() < prefix.size() ||
          !iequals_ascii(std::string_view(s).substr(0, prefix.size()), prefix)) {
        return false;
      }
    }
  }
  return true;
}

nlohmann::json project(const nlohmann::json& object, const std::vector<std::string>& select,
                       const std::vector<std::string>& defaults) {
  const auto& names = select.empty() ? defaults : select;
  nlohmann::json out = nlohmann::json::object();
  const auto type = object.find("@odata.type");
  if (type != object.end()) out["@odata.type"] = *type;
  for (const auto& name : names) {
    const nlohmann::json* value = find_property(object, name);
    out[name] = value ? *value : nlohmann::json(nullptr);
  }
  return out;
}

nlohmann::json make_page(const std::vector<nlohmann::json>& items, const ODataQuery& query,
                         const std::string& context_url, const std::string& next_base,
                         const std::multimap<std::string, std::string>& params) {
  nlohmann::json page = nlohmann::json::object();
  page["@odata.context"] = context_url;
  nlohmann::json value = nlohmann::json::array();
  const std::size_t begin = std::min(query.skip, items.size());
  const std::size_t end = std::min(items.size(), begin + query.top);
  for (std::size_t i = begin; i < end; ++i) value.push_back(items[i]);
  if (end < items.size()) {
    std::string link = next_base;
    char sep = link.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [key, v] : params) {
      if (key == "$skiptoken") continue;
      link += sep + url_encode(key) + "=" + url_encode(v);
      sep = '&';
    }
    if (!params.count("$top")) {
      link += sep + std::string("$top=") + std::to_string(query.top);
      sep = '&';
    }
    link += sep + std::string("$skiptoken=") + url_encode(encode_skiptoken(end));
    page["@odata.nextLink"] = link;
  }
  page["value"] = std::move(value);
  return page;
}

}  // namespace mock_idp::directory
