#include "tests/unit/mock-idp/provisioning/fakes.hpp"

#include <algorithm>

#include "mock-idp/provisioning/mapping.hpp"

namespace mock_idp::provisioning::testing {

namespace {

using nlohmann::json;

std::string decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::string query_param(const std::string& target, const std::string& name) {
  auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::string query = target.substr(q + 1);
  std::size_t at = 0;
  while (at <= query.size()) {
    auto amp = query.find('&', at);
    if (amp == std::string::npos) amp = query.size();
    std::string item = query.substr(at, amp - at);
    auto eq = item.find('=');
    if (item.substr(0, eq) == name)
      return eq == std::string::npos ? "" : decode(item.substr(eq + 1));
    at = amp + 1;
  }
  return {};
}

ScimReply reply(int status, const json& body = nullptr) {
  ScimReply r;
  r.status = status;
  if (!body.is_null()) r.body = body.dump();
  return r;
}

ScimReply error(int status, const std::string& detail) {
  return reply(status, {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:Error"}},
                        {"detail", detail},
                        {"status", std::to_string(status)}});
}

json list(const std::vector<json>& items) {
  return {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
          {"totalResults", items.size()},
          {"itemsPerPage", items.size()},
          {"startIndex", 1},
          {"Resources", items}};
}

// Applies one value at a path (enough of RFC 7644 §3.5.2 for what Azure sends).
void apply(json& res, const std::string& path, const json& value) {
  auto p = parse_scim_path(path);
  if (!p) return;
  json* root = &res;
  if (!p->urn.empty()) root = &res[p->urn];
  json v = value;
  if (p->attribute == "active" && v.is_string()) v = (v == "True" || v == "true");
  if (!p->filter_attribute.empty()) {
    json& arr = (*root)[p->attribute];
    if (!arr.is_array()) arr = json::array();
    for (auto& e : arr) {
      if (e.value(p->filter_attribute, "") == p->filter_value) {
        e[p->sub_attribute.empty() ? "value" : p->sub_attribute] = v;
        return;
      }
    }
    arr.push_back({{p->filter_attribute, p->filter_value}, {p->sub_attribute, v}});
    return;
  }
  if (!p->sub_attribute.empty()) {
    (*root)[p->attribute][p->sub_attribute] = v;
  } else {
    (*root)[p->attribute] = v;
  }
}

}  // namespace

std::vector<Recorded> FakeScim::find(const std::string& method, const std::string& prefix) const {
  std::lock_guard lock(mutex_);
  std::vector<Recorded> out;
  for (const auto& r : requests_) {
    if (r.method == method && r.target.rfind(prefix, 0) == 0) out.push_back(r);
  }
  return out;
}

ScimReply FakeScim::send(std::string_view method_view, const std::string& target,
                         const std::string& body) {
  std::lock_guard lock(mutex_);
  std::string method(method_view);
  json parsed = body.empty() ? json(nullptr) : json::parse(body, nullptr, false);
  requests_.push_back({method, target, parsed});
  if (throttle_next > 0) {
    --throttle_next;
    ScimReply r = error(429, "Too many requests");
    r.retry_after = std::chrono::seconds(7);
    return r;
  }
  if (force_status != 0) {
    ScimReply r;
    r.status = force_status;
    r.body = force_body.empty() ? error(force_status, "forced").body : force_body;
    return r;
  }
  std::string path = target.substr(0, target.find('?'));
  std::string filter = query_param(target, "filter");
  auto eq_value = [&](const std::string& attr) -> std::optional<std::string> {
    std::string prefix = attr + " eq \"";
    if (filter.rfind(prefix, 0) != 0 || filter.back() != '"') return std::nullopt;
    return filter.substr(prefix.size(), filter.size() - prefix.size() - 1);
  };
  if (path == "/Users" && method == "GET") {
    std::vector<json> found;
    auto v = eq_value("userName");
    for (const auto& [id, u] : users) {
      if (v && u.value("userName", "") == *v) found.push_back(u);
    }
    return reply(200, list(found));
  }
  if (path == "/Users" && method == "POST") {
    if (fail_create_status != 0) return error(fail_create_status, "create failed");
    std::string user_name = parsed.value("userName", "");
    if (!reject_user.empty() && user_name == reject_user) {
      return error(400, "Request is unparsable, syntactically incorrect, or violates schema.");
    }
    if (!parsed.contains("emails")) {
      return error(400, "Request is unparsable, syntactically incorrect, or violates schema.");
    }
    if (two_phones_rejected && parsed.contains("phoneNumbers") &&
        parsed["phoneNumbers"].size() > 1) {
      return error(400, "Request is unparsable, syntactically incorrect, or violates schema.");
    }
    for (const auto& [id, u] : users) {
      if (u.value("userName", "") == user_name) {
        return error(409, "Refused to create a new, duplicate resource.");
      }
    }
    json u = parsed;
    u["id"] = "u" + std::to_string(next_id_++);
    users[u["id"]] = u;
    return reply(201, u);
  }
  if (path.rfind("/Users/", 0) == 0) {
    std::string id = decode(path.substr(7));
    auto it = users.find(id);
    if (it == users.end()) return error(404, "User not found");
    if (method == "GET") return reply(200, it->second);
    if (method == "DELETE") {
      users.erase(it);
      return reply(204);
    }
    if (method == "PATCH") {
      for (const auto& op : parsed["Operations"]) {
        if (op.contains("path")) {
          apply(it->second, op["path"], op["value"]);
        } else {
          for (auto kv = op["value"].begin(); kv != op["value"].end(); ++kv) {
            apply(it->second, kv.key(), kv.value());
          }
        }
      }
      return reply(200, it->second);
    }
  }
  if (path == "/Groups" && method == "GET") {
    std::vector<json> found;
    auto v = eq_value("displayName");
    for (const auto& [id, g] : groups) {
      if (v && g.value("displayName", "") == *v) found.push_back(g);
    }
    return reply(200, list(found));
  }
  if (path == "/Groups" && method == "POST") {
    for (const auto& [id, g] : groups) {
      if (g.value("displayName", "") == parsed.value("displayName", "")) {
        return error(409, "Refused to create a new, duplicate resource.");
      }
    }
    json g = parsed;
    g["id"] = "g" + std::to_string(next_id_++);
    groups[g["id"]] = g;
    return reply(201, g);
  }
  if (path.rfind("/Groups/", 0) == 0) {
    std::string id = decode(path.substr(8));
    auto it = groups.find(id);
    if (it == groups.end()) return error(404, "Group not found");
    if (method == "GET") return reply(200, it->second);
    if (method == "DELETE") {
      groups.erase(it);
      members.erase(id);
      return reply(204);
    }
    if (method == "PATCH") {
      auto& m = members[id];
      for (const auto& op : parsed["Operations"]) {
        std::string o = op.value("op", "");
        std::string p = op.value("path", "");
        if (p == "members") {
          if (op["value"].size() > 100) return error(400, "too many members");
          for (const auto& v : op["value"]) {
            std::string uid = v["value"];
            if (!users.count(uid)) return error(400, "member is not a user");
            if (o == "Add" || o == "add") {
              if (std::find(m.begin(), m.end(), uid) == m.end()) m.push_back(uid);
            } else {
              m.erase(std::remove(m.begin(), m.end(), uid), m.end());
            }
          }
        } else if (p.rfind("members[value eq \"", 0) == 0) {
          std::string uid = p.substr(18, p.size() - 20);
          m.erase(std::remove(m.begin(), m.end(), uid), m.end());
        } else if (!p.empty()) {
          apply(it->second, p, op["value"]);
        }
      }
      return reply(204);
    }
  }
  return error(404, "no route");
}

}  // namespace mock_idp::provisioning::testing
