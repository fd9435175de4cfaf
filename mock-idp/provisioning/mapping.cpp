#include "mock-idp/provisioning/mapping.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace mock_idp::provisioning {

namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

AttributeMapping direct(std::string source, std::string target, int precedence = 0) {
  AttributeMapping m;
  m.type = MappingType::kDirect;
  m.source = std::move(source);
  m.target = std::move(target);
  m.matching_precedence = precedence;
  return m;
}

AttributeMapping expression(std::string text, std::string target) {
  AttributeMapping m;
  m.type = MappingType::kExpression;
  m.source = std::move(text);
  m.target = std::move(target);
  return m;
}

constexpr const char* kUserTargets[] = {
    "userName",
    "active",
    "displayName",
    "nickName",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "profileUrl",
    "externalId",
    "name.givenName",
    "name.familyName",
    "name.formatted",
    "name.middleName",
    "name.honorificPrefix",
    "name.honorificSuffix",
    "emails[type eq \"work\"].value",
    "emails[type eq \"home\"].value",
    "emails[type eq \"other\"].value",
    "phoneNumbers[type eq \"work\"].value",
    "phoneNumbers[type eq \"mobile\"].value",
    "phoneNumbers[type eq \"fax\"].value",
    "addresses[type eq \"work\"].formatted",
    "addresses[type eq \"work\"].streetAddress",
    "addresses[type eq \"work\"].locality",
    "addresses[type eq \"work\"].region",
    "addresses[type eq \"work\"].postalCode",
    "addresses[type eq \"work\"].country",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization",
};

// std::regex is recursive: patterns are kept short.
constexpr std::size_t kMaxScopingRegexLength = 256;

constexpr const char* kScopingOperators[] = {
    "EQUALS",    "NOT_EQUALS",  "IS_TRUE",      "IS_FALSE",
    "IS_NULL",   "IS_NOT_NULL", "REGEX_MATCH",  "NOT_REGEX_MATCH",
    "ENDS_WITH", "Includes",    "Greater_Than", "Greater_Than_OR_EQUALS",
    "&",         "!&",
};

// Accepts "NOT EQUALS" and "NOT_EQUALS" alike (the portal shows spaces, Graph underscores).
std::string canonical_operator(std::string_view op) {
  std::string wanted = lower(op);
  std::replace(wanted.begin(), wanted.end(), ' ', '_');
  for (const char* known : kScopingOperators) {
    if (lower(known) == wanted) return known;
  }
  return {};
}

std::optional<long long> to_integer(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return std::nullopt;
  long long n = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    n = n * 10 + (s[i] - '0');
  }
  return s[0] == '-' ? -n : n;
}

bool clause_true(const ScopingClause& c, const AttributeResolver& resolve) {
  Value v = resolve(c.attribute);
  std::string op = canonical_operator(c.op);
  if (op == "IS_NULL") return !v || v->empty();
  if (op == "IS_NOT_NULL") return v && !v->empty();
  if (!v || v->empty()) return false;  // null or empty: every other operator is false
  if (op == "EQUALS") return *v == c.value;
  if (op == "NOT_EQUALS") return *v != c.value;
  if (op == "IS_TRUE") return is_true(v);
  if (op == "IS_FALSE") return lower(*v) == "false";
  if (op == "ENDS_WITH") {
    return v->size() >= c.value.size() &&
           v->compare(v->size() - c.value.size(), c.value.size(), c.value) == 0;
  }
  if (op == "&") return v->find(c.value) != std::string::npos;
  if (op == "!&") return v->find(c.value) == std::string::npos;
  if (op == "Includes") {
    std::size_t at = 0;
    while (at <= c.value.size()) {
      std::size_t comma = c.value.find(',', at);
      if (comma == std::string::npos) comma = c.value.size();
      if (c.value.substr(at, comma - at) == *v) return true;
      at = comma + 1;
    }
    return false;
  }
  if (op == "Greater_Than" || op == "Greater_Than_OR_EQUALS") {
    auto a = to_integer(*v);
    auto b = to_integer(c.value);
    if (!a || !b) return false;
    return op == "Greater_Than" ? *a > *b : *a >= *b;
  }
  if (op == "REGEX_MATCH" || op == "NOT_REGEX_MATCH") {
    try {
      bool m = std::regex_search(*v, std::regex(c.value));
      return op == "REGEX_MATCH" ? m : !m;
    } catch (const std::regex_error&) {
      return false;
    }
  }
  return false;
}

bool is_multi_valued(std::string_view attr) {
  return attr == "emails" || attr == "phoneNumbers" || attr == "addresses" || attr == "roles";
}

// Places `value` at `path` in a resource under construction.
void put_path(json& body, const std::string& path, const std::string& value) {
  auto p = parse_scim_path(path);
  if (!p) return;
  json* root = &body;
  if (!p->urn.empty()) {
    if (!body["schemas"].is_array()) body["schemas"] = json::array();
    bool listed = false;
    for (const auto& s : body["schemas"]) listed = listed || (s.is_string() && s == p->urn);
    if (!listed) body["schemas"].push_back(p->urn);
    root = &body[p->urn];
  }
  json v = value;
  if (p->urn.empty() && p->attribute == "active") v = is_true(value);
  if (!p->filter_attribute.empty()) {
    json& arr = (*root)[p->attribute];
    if (!arr.is_array()) arr = json::array();
    json* entry = nullptr;
    for (auto& e : arr) {
      auto it = e.find(p->filter_attribute);
      if (it != e.end() && it->is_string() && *it == p->filter_value) entry = &e;
    }
    if (entry == nullptr) {
      json e = json::object();
      if (arr.empty()) e["primary"] = true;
      e[p->filter_attribute] = p->filter_value;
      arr.push_back(e);
      entry = &arr.back();
    }
    (*entry)[p->sub_attribute.empty() ? std::string("value") : p->sub_attribute] = v;
    return;
  }
  if (!p->sub_attribute.empty()) {
    (*root)[p->attribute][p->sub_attribute] = v;
    return;
  }
  (*root)[p->attribute] = v;
}

std::string json_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return bool_text(v.get<bool>());
  return v.dump();
}

const json* find_ci(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  if (it != obj.end()) return &*it;
  std::string wanted = lower(key);
  for (auto i = obj.begin(); i != obj.end(); ++i) {
    if (lower(i.key()) == wanted) return &i.value();
  }
  return nullptr;
}

std::string op_text(PatchOp::Op op, Dialect d) {
  bool legacy = d == Dialect::kLegacy;
  switch (op) {
    case PatchOp::Op::kAdd:
      return legacy ? "Add" : "add";
    case PatchOp::Op::kReplace:
      return legacy ? "Replace" : "replace";
    case PatchOp::Op::kRemove:
      return legacy ? "Remove" : "remove";
  }
  return "replace";
}

json op_value(const PatchOp& op, Dialect d) {
  if (!op.value) return nullptr;
  if (op.path == "active") {
    bool b = is_true(op.value);
    if (d == Dialect::kLegacy) return bool_text(b);
    return b;
  }
  return *op.value;
}

}  // namespace

MappingSet default_aws_mappings() {
  MappingSet set;
  set.users.name = "Synchronize Microsoft Entra users to AWS IAM Identity Center";
  set.users.source_object = "User";
  set.users.target_object = kScimUserSchema;
  set.users.attributes = {
      direct("userPrincipalName", "userName", 1),
      expression("Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")", "active"),
      direct("displayName", "displayName"),
      direct("jobTitle", "title"),
      direct("mail", "emails[type eq \"work\"].value"),
      direct("givenName", "name.givenName"),
      direct("surname", "name.familyName"),
      expression("Join(\" \", [givenName], [surname])", "name.formatted"),
      direct("objectId", "externalId"),
  };
  set.groups.name = "Synchronize Microsoft Entra groups to AWS IAM Identity Center";
  set.groups.source_object = "Group";
  set.groups.target_object = kScimGroupSchema;
  set.groups.attributes = {
      direct("displayName", "displayName", 1),
      direct("objectId", "externalId"),
      direct("members", "members"),
  };
  validate(set.users, true);
  validate(set.groups, false);
  return set;
}

bool is_known_user_target(std::string_view path) {
  for (const char* t : kUserTargets) {
    if (path == t) return true;
  }
  return false;
}

bool is_known_group_target(std::string_view path) {
  return path == "displayName" || path == "externalId" || path == "members";
}

bool valid_scoping_operator(std::string_view op) { return !canonical_operator(op).empty(); }

void validate(ObjectMapping& mapping, bool users) {
  std::set<std::string> targets;
  bool has_matching = false;
  for (auto& m : mapping.attributes) {
    if (m.target.empty()) throw MappingError("a mapping has no target attribute");
    bool known = users ? is_known_user_target(m.target) : is_known_group_target(m.target);
    if (!known) {
      throw MappingError("SchemaAttributeNotFound: the target attribute '" + m.target +
                         "' does not exist in AWS IAM Identity Center's " +
                         (users ? "user" : "group") + " schema");
    }
    if (!targets.insert(m.target).second) {
      throw MappingError("the target attribute '" + m.target + "' is mapped twice");
    }
    try {
      switch (m.type) {
        case MappingType::kDirect:
          if (m.source.empty()) {
            throw MappingError("the Direct mapping to '" + m.target + "' has no source attribute");
          }
          m.expression =
              std::make_shared<const Expression>(Expression::parse("[" + m.source + "]"));
          break;
        case MappingType::kExpression:
          m.expression = std::make_shared<const Expression>(Expression::parse(m.source));
          break;
        case MappingType::kConstant:
        case MappingType::kNone:
          m.expression.reset();
          break;
      }
    } catch (const ExpressionError& e) {
      throw MappingError("the mapping to '" + m.target + "' is invalid: " + e.what());
    }
    if (m.matching_precedence < 0) {
      throw MappingError("matching precedence of '" + m.target + "' must be positive");
    }
    if (m.matching_precedence > 0) {
      has_matching = true;
      if (m.target != "userName" && m.target != "externalId" && m.target != "displayName") {
        throw MappingError("'" + m.target +
                           "' cannot be a matching attribute: AWS IAM Identity Center filters "
                           "only on userName, externalId (users) and displayName, externalId "
                           "(groups)");
      }
    }
  }
  if (mapping.enabled && !has_matching) {
    throw MappingError("the mapping '" + mapping.name + "' has no matching attribute");
  }
  for (const auto& f : mapping.scoping) {
    if (f.clauses.empty()) throw MappingError("a scoping filter has no clause");
    for (const auto& c : f.clauses) {
      if (c.attribute.empty()) throw MappingError("a scoping clause has no source attribute");
      if (!valid_scoping_operator(c.op)) {
        throw MappingError("unknown scoping filter operator '" + c.op + "'");
      }
      if (canonical_operator(c.op).find("REGEX") != std::string::npos) {
        if (c.value.size() > kMaxScopingRegexLength) {
          throw MappingError("the scoping clause on '" + c.attribute +
                             "' has a regular expression longer than " +
                             std::to_string(kMaxScopingRegexLength) + " characters");
        }
        try {
          std::regex re(c.value);
        } catch (const std::regex_error&) {
          throw MappingError("the scoping clause on '" + c.attribute +
                             "' has an invalid regular expression");
        }
      }
    }
  }
}

bool in_scoping_filters(const std::vector<ScopingFilter>& filters,
                        const AttributeResolver& resolve) {
  if (filters.empty()) return true;
  for (const auto& f : filters) {
    bool all = true;
    for (const auto& c : f.clauses) {
      if (!clause_true(c, resolve)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

TargetValues evaluate(const ObjectMapping& mapping, const AttributeResolver& resolve,
                      bool creating) {
  TargetValues out;
  for (const auto& m : mapping.attributes) {
    if (m.target == "members") continue;
    if (m.apply == ApplyWhen::kOnCreateOnly && !creating) continue;
    Value v;
    switch (m.type) {
      case MappingType::kDirect:
      case MappingType::kExpression:
        v = m.expression ? m.expression->evaluate(resolve) : std::nullopt;
        break;
      case MappingType::kConstant:
        v = m.source;
        break;
      case MappingType::kNone:
        break;
    }
    if (v && v->empty()) v.reset();
    if (!v && creating && m.default_value) v = m.default_value;
    out.emplace_back(m.target, v);
  }
  return out;
}

const AttributeMapping* matching_attribute(const ObjectMapping& mapping) {
  const AttributeMapping* best = nullptr;
  for (const auto& m : mapping.attributes) {
    if (m.matching_precedence <= 0) continue;
    if (best == nullptr || m.matching_precedence < best->matching_precedence) best = &m;
  }
  return best;
}

std::optional<ScimPath> parse_scim_path(std::string_view path) {
  ScimPath p;
  std::string_view rest = path;
  if (rest.substr(0, 4) == "urn:") {
    std::size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon + 1 >= rest.size()) return std::nullopt;
    p.urn = std::string(rest.substr(0, colon));
    rest = rest.substr(colon + 1);
  }
  std::size_t bracket = rest.find('[');
  if (bracket != std::string_view::npos) {
    std::size_t close = rest.find(']', bracket);
    if (close == std::string_view::npos) return std::nullopt;
    p.attribute = std::string(rest.substr(0, bracket));
    std::string_view filter = rest.substr(bracket + 1, close - bracket - 1);
    std::size_t eq = filter.find(" eq ");
    if (eq == std::string_view::npos) return std::nullopt;
    p.filter_attribute = std::string(filter.substr(0, eq));
    std::string_view value = filter.substr(eq + 4);
    if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::nullopt;
    p.filter_value = std::string(value.substr(1, value.size() - 2));
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != '.') return std::nullopt;
      p.sub_attribute = std::string(after.substr(1));
    }
  } else {
    std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) {
      p.attribute = std::string(rest);
    } else {
      p.attribute = std::string(rest.substr(0, dot));
      p.sub_attribute = std::string(rest.substr(dot + 1));
    }
  }
  if (p.attribute.empty()) return std::nullopt;
  return p;
}

json build_user_resource(const TargetValues& values) {
  json body = json::object();
  body["schemas"] = json::array({kScimUserSchema});
  for (const auto& [path, value] : values) {
    if (value) put_path(body, path, *value);
  }
  body["meta"] = {{"resourceType", "User"}};
  body["roles"] = json::array();
  return body;
}

json build_group_resource(const TargetValues& values) {
  json body = json::object();
  body["schemas"] =
      json::array({kScimGroupSchema,
                   "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"});
  for (const auto& [path, value] : values) {
    if (value && path != "members") put_path(body, path, *value);
  }
  body["meta"] = {{"resourceType", "Group"}};
  return body;
}

Value read_path(const json& resource, std::string_view path) {
  auto p = parse_scim_path(path);
  if (!p || !resource.is_object()) return std::nullopt;
  const json* root = &resource;
  if (!p->urn.empty()) {
    root = find_ci(resource, p->urn);
    if (root == nullptr) return std::nullopt;
  }
  const json* attr = find_ci(*root, p->attribute);
  if (attr == nullptr || attr->is_null()) return std::nullopt;
  if (!p->filter_attribute.empty() || is_multi_valued(p->attribute)) {
    if (!attr->is_array()) return std::nullopt;
    for (const auto& e : *attr) {
      const json* f = find_ci(e, p->filter_attribute.empty() ? "primary" : p->filter_attribute);
      if (f == nullptr) continue;
      if (!p->filter_attribute.empty() && json_text(*f) != p->filter_value) continue;
      const json* v = find_ci(e, p->sub_attribute.empty() ? "value" : p->sub_attribute);
      if (v == nullptr || v->is_null()) return std::nullopt;
      return json_text(*v);
    }
    return std::nullopt;
  }
  if (!p->sub_attribute.empty()) {
    const json* v = find_ci(*attr, p->sub_attribute);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return json_text(*v);
  }
  return json_text(*attr);
}

Dialect dialect_for_tenant_url(std::string_view tenant_url) {
  std::size_t q = tenant_url.find('?');
  if (q == std::string_view::npos) return Dialect::kLegacy;
  std::string query = lower(tenant_url.substr(q + 1));
  std::size_t at = 0;
  while (at <= query.size()) {
    std::size_t amp = query.find('&', at);
    if (amp == std::string::npos) amp = query.size();
    std::string item = query.substr(at, amp - at);
    std::size_t eq = item.find('=');
    if (item.substr(0, eq) == "aadoptscim062020") return Dialect::kAadOptScim062020;
    at = amp + 1;
  }
  return Dialect::kLegacy;
}

std::vector<PatchOp> diff(const TargetValues& desired, const json& current) {
  std::vector<PatchOp> ops;
  for (const auto& [path, value] : desired) {
    if (!value) continue;
    Value now = read_path(current, path);
    std::string want = *value;
    if (path == "active") {
      want = bool_text(is_true(value));
      if (now) now = bool_text(is_true(now));
    }
    if (!now) {
      ops.push_back({PatchOp::Op::kAdd, path, want, std::nullopt});
    } else if (*now != want) {
      ops.push_back({PatchOp::Op::kReplace, path, want, now});
    }
  }
  return ops;
}

json render_patch(const std::vector<PatchOp>& ops, Dialect dialect) {
  json operations = json::array();
  if (dialect == Dialect::kAadOptScim062020) {
    std::size_t collapsible = 0;
    for (const auto& op : ops) {
      if (op.op == PatchOp::Op::kReplace && op.path != "active" &&
          op.path.find('[') == std::string::npos) {
        ++collapsible;
      }
    }
    json merged = json::object();
    for (const auto& op : ops) {
      bool plain = op.op == PatchOp::Op::kReplace && op.path != "active" &&
                   op.path.find('[') == std::string::npos;
      if (plain && collapsible >= 2) {
        merged[op.path] = op_value(op, dialect);
        continue;
      }
      json o = {{"op", op_text(op.op, dialect)}, {"path", op.path}};
      if (op.value) o["value"] = op_value(op, dialect);
      operations.push_back(o);
    }
    if (!merged.empty()) operations.push_back({{"op", "replace"}, {"value", merged}});
  } else {
    for (const auto& op : ops) {
      json o = {{"op", op_text(op.op, dialect)}, {"path", op.path}};
      if (op.value) o["value"] = op_value(op, dialect);
      operations.push_back(o);
    }
  }
  return {{"schemas", json::array({kPatchOpSchema})}, {"Operations", operations}};
}

std::vector<json> render_member_patches(const std::vector<std::string>& add,
                                        const std::vector<std::string>& remove, Dialect dialect) {
  std::vector<json> out;
  for (std::size_t i = 0; i < add.size(); i += kMaxMembersPerPatch) {
    json value = json::array();
    for (std::size_t j = i; j < std::min(add.size(), i + kMaxMembersPerPatch); ++j) {
      value.push_back({{"value", add[j]}});
    }
    json op = {{"op", op_text(PatchOp::Op::kAdd, dialect)}, {"path", "members"}, {"value", value}};
    out.push_back({{"schemas", json::array({kPatchOpSchema})}, {"Operations", json::array({op})}});
  }
  for (std::size_t i = 0; i < remove.size(); i += kMaxMembersPerPatch) {
    json operations = json::array();
    std::size_t end = std::min(remove.size(), i + kMaxMembersPerPatch);
    if (dialect == Dialect::kLegacy) {
      json value = json::array();
      for (std::size_t j = i; j < end; ++j) value.push_back({{"value", remove[j]}});
      operations.push_back({{"op", "Remove"}, {"path", "members"}, {"value", value}});
    } else {
      for (std::size_t j = i; j < end; ++j) {
        operations.push_back(
            {{"op", "remove"}, {"path", "members[value eq \"" + remove[j] + "\"]"}});
      }
    }
    out.push_back({{"schemas", json::array({kPatchOpSchema})}, {"Operations", operations}});
  }
  return out;
}

}  // namespace mock_idp::provisioning
