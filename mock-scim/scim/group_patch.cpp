#include "mock-scim/scim/group_patch.hpp"

#include "core/scim/error.hpp"
#include "core/scim/schemas.hpp"
#include "core/scim/text.hpp"
#include "mock-scim/scim/group_schema.hpp"

namespace mock_scim::scim {
namespace {

using core::scim::CompareOp;
using core::scim::Error;
using core::scim::iequals;
using core::scim::PatchOpKind;
using core::scim::PatchPath;

void plan_members(GroupPatchPlan& plan, PatchOpKind op, const PatchPath& path,
                  const std::optional<nlohmann::json>& value, const GroupPatchOptions& options) {
  auto& change = plan.change;
  if (!path.sub_attribute.empty()) throw Error::invalid_path("Invalid path " + path.text);
  if (path.value_filter) {
    // members[value eq "<id>"]: Azure AD's aadOptscim062020 removal.
    const auto& clauses = path.value_filter->clauses;
    if (op != PatchOpKind::kRemove || clauses.size() != 1 || clauses[0].op != CompareOp::kEq ||
        !iequals(clauses[0].attribute, "value") || !clauses[0].value.is_string()) {
      throw Error::invalid_path("Only remove with members[value eq \"<id>\"] is supported: " +
                                path.text);
    }
    change.remove_members.push_back(clauses[0].value.get<std::string>());
    return;
  }
  switch (op) {
    case PatchOpKind::kAdd:
      for (auto& id : member_values(*value)) change.add_members.push_back(std::move(id));
      return;
    case PatchOpKind::kRemove:
      if (!value || (value->is_array() && value->empty())) {
        throw Error::invalid_value(
            "Removing all members of a group in a single request is not supported.");
      }
      for (auto& id : member_values(*value)) change.remove_members.push_back(std::move(id));
      return;
    case PatchOpKind::kReplace:
      if (!options.replace_members_observed_2024) {
        throw Error::invalid_value(
            "Replacing all members of a group in a single request is not supported.");
      }
      if (!value || (value->is_array() && value->empty())) return;  // observed: 204, no change
      if (value->is_array()) {
        for (const auto& m : *value) {
          const auto v = m.is_object() ? m.find("value") : m.end();
          if (m.is_object() && v != m.end() && v->is_string() && v->get<std::string>().empty()) {
            // Observed: 400 "unparsable", yet the group was emptied.
            change.replace = std::vector<std::string>();
            plan.fail_after_apply = true;
            return;
          }
        }
      }
      change.replace = member_values(*value);
      return;
  }
}

void plan_one(GroupPatchPlan& plan, PatchOpKind op, const PatchPath& path,
              const std::optional<nlohmann::json>& value, const GroupPatchOptions& options) {
  if (!path.schema.empty() && !iequals(path.schema, core::scim::kGroupSchema)) {
    throw Error::invalid_path("Unknown schema in path " + path.text);
  }
  const std::string& attr = path.attribute;
  if (iequals(attr, "members")) {
    plan_members(plan, op, path, value, options);
    return;
  }
  if (path.value_filter || !path.sub_attribute.empty()) {
    throw Error::invalid_path("Invalid path " + path.text);
  }
  if (iequals(attr, "displayName")) {
    if (op == PatchOpKind::kRemove) {
      throw Error::mutability("displayName is required and cannot be removed.");
    }
    if (!value->is_string()) throw Error::invalid_value("Attribute displayName must be a string.");
    validate_group_display_name(value->get_ref<const std::string&>());
    plan.change.display_name = value->get<std::string>();
    return;
  }
  if (iequals(attr, "externalId")) {
    if (op == PatchOpKind::kRemove) {
      plan.change.external_id = std::string();
      return;
    }
    if (!value->is_string()) throw Error::invalid_value("Attribute externalId must be a string.");
    validate_external_id(value->get_ref<const std::string&>());
    plan.change.external_id = value->get<std::string>();
    return;
  }
  throw Error::invalid_path("PatchGroup modifies displayName, externalId and members only, not " +
                            attr.substr(0, 100) + ".");
}

}  // namespace

GroupPatchPlan plan_group_patch(const std::vector<core::scim::PatchOperation>& operations,
                                const GroupPatchOptions& options) {
  GroupPatchPlan plan;
  for (const auto& operation : operations) {
    if (operation.path) {
      plan_one(plan, operation.op, *operation.path, operation.value, options);
      continue;
    }
    std::size_t changed = 0;
    for (auto& [path, value] : core::scim::expand_pathless_value(*operation.value, {})) {
      // The doc's path-less rename repeats the group id ([DG-PATCHGROUP]); it changes nothing.
      if (iequals(path.attribute, "id") && path.schema.empty()) continue;
      if (value.is_null()) continue;
      ++changed;
      plan_one(plan, operation.op, path, value, options);
    }
    if (options.pathless_single_attribute && changed > 1) {
      throw Error::invalid_path(std::string(core::scim::kDetailPathless));
    }
  }
  const auto& c = plan.change;
  const std::size_t changes =
      c.add_members.size() + c.remove_members.size() + (c.replace ? c.replace->size() : 0);
  if (changes > kMaxMembersPerRequest) {
    throw Error::too_many("At most " + std::to_string(kMaxMembersPerRequest) +
                          " membership changes are allowed per request.");
  }
  return plan;
}

}  // namespace mock_scim::scim
