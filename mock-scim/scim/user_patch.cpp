#include "mock-scim/scim/user_patch.hpp"

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"
#include "mock-scim/scim/user_schema.hpp"

namespace mock_scim::scim {
namespace {

using core::scim::CompareOp;
using core::scim::Error;
using core::scim::iequals;
using core::scim::PatchOpKind;
using core::scim::PatchPath;
using identity_store::MultiValued;
using identity_store::User;
using identity_store::UserField;

using Value = std::optional<nlohmann::json>;

std::string as_string(const nlohmann::json& value, const std::string& attribute) {
  // Azure AD's legacy dialect wraps single values in a one-element array at times.
  if (value.is_array() && value.size() == 1) return as_string(value.front(), attribute);
  if (!value.is_string()) {
    throw Error::invalid_value("Attribute " + attribute + " must be a string.");
  }
  return value.get<std::string>();
}

void set_field(User& user, UserField field, PatchOpKind op, const Value& value) {
  const auto& spec = spec_of(field);
  const std::string name = spec.parent.empty()
                               ? std::string(spec.name)
                               : std::string(spec.parent) + "." + std::string(spec.name);
  if (op == PatchOpKind::kRemove) {
    user.clear(field);
    return;
  }
  user.set(field, as_string(*value, name));
}

// Clears every field of a parent ("name", an entry, "enterprise", "manager").
void clear_parent(User& user, std::string_view parent) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(UserField::kCount); ++i) {
    const auto field = static_cast<UserField>(i);
    if (spec_of(field).parent == parent) user.clear(field);
  }
}

bool entry_exists(const User& user, MultiValued mv) {
  const std::string_view parent = name_of(mv);
  if (user.primary_of(mv)) return true;
  for (const auto& [field, value] : user.fields) {
    if (spec_of(field).parent == parent) return true;
  }
  return false;
}

// Sets the entry's sub-attributes from an object value.
void merge_entry(User& user, MultiValued mv, const nlohmann::json& object) {
  const std::string_view parent = name_of(mv);
  if (!object.is_object()) {
    throw Error::invalid_value("A value of " + std::string(parent) + " must be an object.");
  }
  for (const auto& [key, sub] : object.items()) {
    if (sub.is_null()) continue;
    if (iequals(key, "primary")) {
      const auto b = core::scim::parse_bool_value(sub);
      if (!b) throw Error::invalid_value(std::string(parent) + ".primary must be a boolean.");
      user.primary_of(mv) = *b;
      continue;
    }
    if (iequals(key, "display")) {
      throw Error::invalid_value("Sub-attribute display of " + std::string(parent) +
                                 " is not supported.");
    }
    const auto field = find_field(parent, key);
    if (!field) {
      throw Error::invalid_value("Unknown sub-attribute " + key + " of " + std::string(parent) +
                                 ".");
    }
    user.set(*field, as_string(sub, std::string(parent) + "." + key));
  }
}

void clear_entry(User& user, MultiValued mv) {
  clear_parent(user, name_of(mv));
  user.primary_of(mv).reset();
}

// True if the entry matches every `sub eq value` clause of the path's value filter.
bool entry_matches(const User& user, MultiValued mv, const core::scim::Filter& filter) {
  if (!entry_exists(user, mv)) return false;
  for (const auto& clause : filter.clauses) {
    if (iequals(clause.attribute, "primary")) {
      const auto want = core::scim::parse_bool_value(clause.value);
      const auto& have = user.primary_of(mv);
      if (!want || have.value_or(false) != *want) return false;
      continue;
    }
    const auto field = find_field(name_of(mv), clause.attribute);
    if (!field || !clause.value.is_string()) return false;
    const auto have = user.view(*field);
    const auto& want = clause.value.get_ref<const std::string&>();
    // "type" and "value" of emails compare case-insensitively (RFC 7643 caseExact=false).
    if (!iequals(have, want)) return false;
  }
  return true;
}

void check_value_filter(const PatchPath& path, MultiValued mv) {
  for (const auto& clause : path.value_filter->clauses) {
    if (clause.op != CompareOp::kEq) {
      throw Error::invalid_path("Only \"eq\" is supported in path filters: " + path.text);
    }
    if (!iequals(clause.attribute, "primary") && !find_field(name_of(mv), clause.attribute)) {
      throw Error::invalid_path("Unknown sub-attribute " + clause.attribute + " in " + path.text);
    }
  }
}

void apply_multi_valued(User& user, MultiValued mv, PatchOpKind op, const PatchPath& path,
                        const Value& value) {
  const std::string_view parent = name_of(mv);
  if (mv == MultiValued::kRoles) {
    throw Error::mutability("Attribute roles cannot be modified by PATCH.");
  }
  std::optional<UserField> sub;
  bool sub_primary = false;
  if (!path.sub_attribute.empty()) {
    if (iequals(path.sub_attribute, "primary")) {
      sub_primary = true;
    } else {
      sub = find_field(parent, path.sub_attribute);
      if (!sub) throw Error::invalid_path("Unknown sub-attribute in " + path.text);
    }
  }
  if (path.value_filter) {
    check_value_filter(path, mv);
    const bool matches = entry_matches(user, mv, *path.value_filter);
    if (op == PatchOpKind::kRemove) {
      if (!matches) return;
      if (sub) {
        user.clear(*sub);
      } else if (sub_primary) {
        user.primary_of(mv).reset();
      } else {
        clear_entry(user, mv);
      }
      return;
    }
    if (!matches) {
      if (entry_exists(user, mv)) {
        throw Error::invalid_value(std::string(core::scim::kDetailSingleItem));
      }
      // A new entry takes the filter's values (e.g. type "work") and is the primary one.
      for (const auto& clause : path.value_filter->clauses) {
        if (iequals(clause.attribute, "primary") || !clause.value.is_string()) continue;
        user.set(*find_field(parent, clause.attribute), clause.value.get<std::string>());
      }
      if (mv == MultiValued::kEmails) user.primary_of(mv) = true;
    }
  } else if (op == PatchOpKind::kRemove && !sub && !sub_primary) {
    clear_entry(user, mv);
    return;
  }
  if (sub) {
    set_field(user, *sub, op, value);
    if (op != PatchOpKind::kRemove && mv == MultiValued::kEmails && !user.primary_of(mv)) {
      user.primary_of(mv) = true;
    }
    return;
  }
  if (sub_primary) {
    if (op == PatchOpKind::kRemove) {
      user.primary_of(mv).reset();
      return;
    }
    const auto b = core::scim::parse_bool_value(*value);
    if (!b) throw Error::invalid_value(std::string(parent) + ".primary must be a boolean.");
    user.primary_of(mv) = *b;
    return;
  }
  // The whole attribute: an array of at most one entry, or one object.
  const nlohmann::json* entry = &*value;
  if (value->is_array()) {
    if (value->size() > 1) throw Error::invalid_value(std::string(core::scim::kDetailSingleItem));
    if (value->empty()) {
      if (op == PatchOpKind::kReplace) clear_entry(user, mv);
      return;
    }
    entry = &value->front();
  }
  // Without a filter the one entry is replaced; with one, the matching (or new) entry is
  // updated.
  if (!path.value_filter) clear_entry(user, mv);
  merge_entry(user, mv, *entry);
}

void apply_manager(User& user, PatchOpKind op, const PatchPath& path, const Value& value) {
  if (!path.sub_attribute.empty()) {
    const auto field = find_field("manager", path.sub_attribute);
    if (!field) throw Error::invalid_path("Unknown sub-attribute in " + path.text);
    set_field(user, *field, op, value);
    return;
  }
  if (op == PatchOpKind::kRemove) {
    clear_parent(user, "manager");
    return;
  }
  // Azure AD's legacy dialect: [{"$ref": "...", "value": "..."}]; also {"value": ...} or a
  // bare id string.
  const nlohmann::json* v = &*value;
  if (v->is_array()) {
    if (v->size() != 1) throw Error::invalid_value(std::string(core::scim::kDetailSingleItem));
    v = &v->front();
  }
  if (v->is_string()) {
    clear_parent(user, "manager");
    user.set(UserField::kManagerValue, v->get<std::string>());
    return;
  }
  if (!v->is_object()) throw Error::invalid_value("Attribute manager must be an object.");
  clear_parent(user, "manager");
  for (const auto& [key, sub] : v->items()) {
    if (sub.is_null()) continue;
    if (iequals(key, "displayName")) {
      throw Error::invalid_value("Sub-attribute manager.displayName is not supported.");
    }
    const auto field = find_field("manager", key);
    if (!field) throw Error::invalid_value("Unknown sub-attribute " + key + " of manager.");
    user.set(*field, as_string(sub, "manager." + key));
  }
}

void apply_enterprise(User& user, PatchOpKind op, const PatchPath& path, const Value& value);

void apply_one(User& user, PatchOpKind op, const PatchPath& path, const Value& value) {
  const bool enterprise_whole = !path.schema.empty() && iequals(path.schema + ":" + path.attribute,
                                                                core::scim::kEnterpriseUserSchema);
  if (enterprise_whole) {
    if (op == PatchOpKind::kRemove) {
      clear_parent(user, "enterprise");
      clear_parent(user, "manager");
      return;
    }
    if (!value->is_object())
      throw Error::invalid_value("The enterprise extension must be an object.");
    for (const auto& [key, sub] : value->items()) {
      apply_enterprise(user, op, core::scim::parse_patch_path(key), sub);
    }
    return;
  }
  if (!path.schema.empty()) {
    if (iequals(path.schema, core::scim::kEnterpriseUserSchema)) {
      apply_enterprise(user, op, path, value);
      return;
    }
    if (!iequals(path.schema, core::scim::kUserSchema)) {
      throw Error::invalid_path("Unknown schema in path " + path.text);
    }
  }
  const std::string& attr = path.attribute;
  if (iequals(attr, "userName") || iequals(attr, "active")) {
    if (op == PatchOpKind::kRemove) {
      throw Error::mutability("Remove is not supported on " + attr + ".");
    }
    if (path.value_filter || !path.sub_attribute.empty()) {
      throw Error::invalid_path("Invalid path " + path.text);
    }
    if (iequals(attr, "active")) {
      const auto b = core::scim::parse_bool_value(*value);
      if (!b) throw Error::invalid_value("Attribute active must be a boolean.");
      user.active = *b;
    } else {
      set_field(user, UserField::kUserName, op, value);
    }
    return;
  }
  if (const auto mv = find_multi_valued(attr)) {
    apply_multi_valued(user, *mv, op, path, value);
    return;
  }
  if (path.value_filter) throw Error::invalid_path("Invalid path " + path.text);
  if (iequals(attr, "name")) {
    if (!path.sub_attribute.empty()) {
      const auto field = find_field("name", path.sub_attribute);
      if (!field) throw Error::invalid_path("Unknown sub-attribute in " + path.text);
      set_field(user, *field, op, value);
      return;
    }
    if (op == PatchOpKind::kRemove) {
      clear_parent(user, "name");
      return;
    }
    if (!value->is_object()) throw Error::invalid_value("Attribute name must be an object.");
    if (op == PatchOpKind::kReplace) clear_parent(user, "name");
    for (const auto& [key, sub] : value->items()) {
      if (sub.is_null()) continue;
      const auto field = find_field("name", key);
      if (!field) throw Error::invalid_value("Unknown sub-attribute " + key + " of name.");
      user.set(*field, as_string(sub, "name." + key));
    }
    return;
  }
  // Azure AD's legacy dialect names enterprise attributes without their URN ("manager").
  if (iequals(attr, "manager") || find_field("enterprise", attr)) {
    apply_enterprise(user, op, path, value);
    return;
  }
  if (!path.sub_attribute.empty()) throw Error::invalid_path("Invalid path " + path.text);
  if (const auto field = find_field("", attr)) {
    set_field(user, *field, op, value);
    return;
  }
  if (iequals(attr, "id") || iequals(attr, "meta") || iequals(attr, "schemas")) {
    throw Error::mutability("Attribute " + attr + " is read-only.");
  }
  if (iequals(attr, "groups")) {
    throw Error::mutability("Attribute groups cannot be modified through the user.");
  }
  throw Error::invalid_path("Attribute " + attr.substr(0, 100) + " cannot be modified.");
}

void apply_enterprise(User& user, PatchOpKind op, const PatchPath& path, const Value& value) {
  if (path.value_filter) throw Error::invalid_path("Invalid path " + path.text);
  if (iequals(path.attribute, "manager")) {
    apply_manager(user, op, path, value);
    return;
  }
  if (!path.sub_attribute.empty()) throw Error::invalid_path("Invalid path " + path.text);
  const auto field = find_field("enterprise", path.attribute);
  if (!field) throw Error::invalid_path("Unknown enterprise attribute in " + path.text);
  set_field(user, *field, op, value);
}

bool targets(const PatchPath& path, std::string_view attribute) {
  return (path.schema.empty() || iequals(path.schema, core::scim::kUserSchema)) &&
         iequals(path.attribute, attribute);
}

}  // namespace

void apply_user_patch(User& user, const std::vector<core::scim::PatchOperation>& operations,
                      const UserPatchOptions& options) {
  // Expand path-less operations first so that the counting rules see every target.
  struct Step {
    PatchOpKind op;
    PatchPath path;
    Value value;
  };
  std::vector<Step> steps;
  for (const auto& operation : operations) {
    if (operation.path) {
      steps.push_back({operation.op, *operation.path, operation.value});
      continue;
    }
    auto pairs =
        core::scim::expand_pathless_value(*operation.value, {core::scim::kEnterpriseUserSchema});
    std::size_t changed = 0;
    for (auto& [path, value] : pairs) {
      // The doc's own path-less example repeats the resource id; it changes nothing.
      if (targets(path, "id") && path.sub_attribute.empty()) continue;
      if (value.is_null()) continue;
      ++changed;
      steps.push_back({operation.op, std::move(path), std::move(value)});
    }
    if (options.pathless_single_attribute && changed > 1) {
      throw Error::invalid_path(std::string(core::scim::kDetailPathless));
    }
  }
  int on_user_name = 0;
  int on_active = 0;
  for (const auto& step : steps) {
    on_user_name += targets(step.path, "userName") ? 1 : 0;
    on_active += targets(step.path, "active") ? 1 : 0;
  }
  if (on_user_name > 1 || on_active > 1) {
    throw Error::invalid_value(
        "Multiple PATCH operations on userName or active are not supported.");
  }
  for (const auto& step : steps) apply_one(user, step.op, step.path, step.value);
  validate_user(user);
}

}  // namespace mock_scim::scim
