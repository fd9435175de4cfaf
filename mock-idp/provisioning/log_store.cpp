#include "mock-idp/provisioning/log_store.hpp"

#include <cctype>
#include <fstream>

namespace mock_idp::provisioning {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxFilterLength = 2000;
constexpr std::size_t kMaxClauses = 20;

struct Clause {
  std::string path;
  std::string op;
  std::string value;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Clause> parse_filter(const std::string& filter) {
  std::vector<Clause> out;
  if (filter.size() > kMaxFilterLength) throw LogFilterError("$filter is too long");
  std::size_t pos = 0;
  auto skip = [&] {
    while (pos < filter.size() && filter[pos] == ' ') ++pos;
  };
  auto word = [&] {
    skip();
    std::size_t start = pos;
    while (pos < filter.size() && filter[pos] != ' ') ++pos;
    return filter.substr(start, pos - start);
  };
  skip();
  if (pos == filter.size()) return out;
  while (true) {
    Clause c;
    c.path = word();
    if (c.path.empty()) throw LogFilterError("Invalid filter clause: property name expected");
    for (char ch : c.path) {
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '/') {
        throw LogFilterError("Invalid filter clause: '" + c.path + "' is not a property path");
      }
    }
    c.op = lower(word());
    if (c.op != "eq" && c.op != "ne" && c.op != "ge" && c.op != "gt" && c.op != "le" &&
        c.op != "lt") {
      throw LogFilterError("Invalid filter clause: unsupported operator '" + c.op + "'");
    }
    skip();
    if (pos < filter.size() && filter[pos] == '\'') {
      ++pos;
      while (true) {
        if (pos >= filter.size())
          throw LogFilterError("Invalid filter clause: unterminated string");
        if (filter[pos] == '\'') {
          if (pos + 1 < filter.size() && filter[pos + 1] == '\'') {
            c.value.push_back('\'');
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        c.value.push_back(filter[pos++]);
      }
    } else {
      c.value = word();
      if (c.value.empty()) throw LogFilterError("Invalid filter clause: value expected");
    }
    out.push_back(c);
    if (out.size() > kMaxClauses) throw LogFilterError("$filter has too many clauses");
    skip();
    if (pos >= filter.size()) break;
    std::string conj = lower(word());
    if (conj != "and") {
      throw LogFilterError("Invalid filter clause: only 'and' may join clauses, found '" + conj +
                           "'");
    }
  }
  return out;
}

std::string text_at(const json& entry, const std::string& path) {
  const json* cur = &entry;
  std::size_t at = 0;
  while (at <= path.size()) {
    std::size_t slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    std::string key = path.substr(at, slash - at);
    if (!cur->is_object()) return {};
    auto it = cur->find(key);
    if (it == cur->end()) return {};
    cur = &*it;
    at = slash + 1;
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_null()) return {};
  return cur->dump();
}

bool matches(const json& entry, const std::vector<Clause>& clauses) {
  for (const auto& c : clauses) {
    std::string v = text_at(entry, c.path);
    bool ok = false;
    // Enum values compare case-insensitively, as Graph does.
    int cmp = lower(v).compare(lower(c.value));
    if (c.op == "eq") ok = cmp == 0;
    if (c.op == "ne") ok = cmp != 0;
    if (c.op == "ge") ok = cmp >= 0;
    if (c.op == "gt") ok = cmp > 0;
    if (c.op == "le") ok = cmp <= 0;
    if (c.op == "lt") ok = cmp < 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace

void LogStore::append(json entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
  while (entries_.size() > kMaxEntries) entries_.pop_front();
}

std::vector<json> LogStore::query(const std::string& filter, std::size_t top) const {
  auto clauses = parse_filter(filter);
  std::vector<json> out;
  std::lock_guard lock(mutex_);
  for (auto it = entries_.rbegin(); it != entries_.rend() && out.size() < top; ++it) {
    if (matches(*it, clauses)) out.push_back(*it);
  }
  return out;
}

std::size_t LogStore::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void LogStore::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

void Outbox::send(json message) {
  std::lock_guard lock(mutex_);
  if (!file_.empty()) {
    std::ofstream out(file_, std::ios::app);
    out << message.dump() << "\n";
  }
  messages_.push_back(std::move(message));
  while (messages_.size() > kMaxMessages) messages_.pop_front();
}

std::vector<json> Outbox::messages() const {
  std::lock_guard lock(mutex_);
  return {messages_.begin(), messages_.end()};
}

void Outbox::clear() {
  std::lock_guard lock(mutex_);
  messages_.clear();
}

}  // namespace mock_idp::provisioning
