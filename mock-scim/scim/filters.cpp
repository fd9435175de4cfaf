#include "mock-scim/scim/filters.hpp"

#include "core/scim/error.hpp"
#include "core/scim/filter.hpp"
#include "core/scim/text.hpp"

namespace mock_scim::scim {
namespace {

using core::scim::Error;
using core::scim::iequals;

struct Clause {
  std::string attribute;
  std::string value;
};

std::vector<Clause> aws_clauses(const std::string& text) {
  const auto filter = core::scim::parse_filter(text);
  if (filter.clauses.size() > 2) {
    throw Error::invalid_filter("Filters support at most two clauses joined by \"and\".");
  }
  std::vector<Clause> out;
  for (const auto& c : filter.clauses) {
    if (c.op != core::scim::CompareOp::kEq) {
      throw Error::invalid_filter("Only the \"eq\" operator is supported, not \"" +
                                  std::string(core::scim::to_string(c.op)) + "\".");
    }
    if (!c.value.is_string()) {
      throw Error::invalid_filter("Filter values must be quoted strings.");
    }
    out.push_back({c.attribute, c.value.get<std::string>()});
  }
  return out;
}

[[noreturn]] void unsupported(const std::vector<Clause>& clauses) {
  std::string attrs;
  for (const auto& c : clauses) attrs += (attrs.empty() ? "" : " and ") + c.attribute;
  throw Error::invalid_filter("Filtering on " + attrs.substr(0, 200) + " is not supported.");
}

// Finds the pair {a, b} in either order; returns false otherwise.
bool pair_of(const std::vector<Clause>& clauses, bool (*is_a)(const std::string&),
             bool (*is_b)(const std::string&), std::string& a, std::string& b) {
  if (clauses.size() != 2) return false;
  for (int i = 0; i < 2; ++i) {
    const auto& x = clauses[static_cast<std::size_t>(i)];
    const auto& y = clauses[static_cast<std::size_t>(1 - i)];
    if (is_a(x.attribute) && is_b(y.attribute)) {
      a = x.value;
      b = y.value;
      return true;
    }
  }
  return false;
}

bool is_id(const std::string& a) { return iequals(a, "id"); }
bool is_manager(const std::string& a) {
  return iequals(a, "manager") || iequals(a, "manager.value");
}
bool is_member(const std::string& a) {
  return iequals(a, "members") || iequals(a, "member") || iequals(a, "members.value");
}

}  // namespace

identity_store::UserQuery user_query_from_filter(const std::optional<std::string>& filter) {
  using Kind = identity_store::UserQuery::Kind;
  identity_store::UserQuery q;
  if (!filter) return q;
  const auto clauses = aws_clauses(*filter);
  if (clauses.size() == 1) {
    const auto& c = clauses[0];
    if (iequals(c.attribute, "userName")) {
      q.kind = Kind::kUserName;
    } else if (iequals(c.attribute, "externalId")) {
      q.kind = Kind::kExternalId;
    } else if (iequals(c.attribute, "groups.value") || iequals(c.attribute, "groups")) {
      q.kind = Kind::kGroupMembers;
    } else {
      unsupported(clauses);
    }
    q.first = c.value;
    return q;
  }
  if (!pair_of(clauses, is_id, is_manager, q.first, q.second)) unsupported(clauses);
  q.kind = Kind::kIdAndManager;
  return q;
}

identity_store::GroupQuery group_query_from_filter(const std::optional<std::string>& filter) {
  using Kind = identity_store::GroupQuery::Kind;
  identity_store::GroupQuery q;
  if (!filter) return q;
  const auto clauses = aws_clauses(*filter);
  if (clauses.size() == 1) {
    const auto& c = clauses[0];
    if (iequals(c.attribute, "displayName")) {
      q.kind = Kind::kDisplayName;
    } else if (iequals(c.attribute, "externalId")) {
      q.kind = Kind::kExternalId;
    } else {
      unsupported(clauses);
    }
    q.first = c.value;
    return q;
  }
  if (!pair_of(clauses, is_id, is_member, q.first, q.second)) unsupported(clauses);
  q.kind = Kind::kIdAndMember;
  return q;
}

}  // namespace mock_scim::scim
