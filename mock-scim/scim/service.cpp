#include "mock-scim/scim/service.hpp"

#include "core/scim/error.hpp"
#include "core/scim/patch.hpp"
#include "mock-scim/scim/filters.hpp"
#include "mock-scim/scim/group_patch.hpp"
#include "mock-scim/scim/group_schema.hpp"
#include "mock-scim/scim/paging.hpp"
#include "mock-scim/scim/user_patch.hpp"
#include "mock-scim/scim/user_schema.hpp"

namespace mock_scim::scim {
namespace {

using core::scim::Error;

std::string user_json(const identity_store::User& user) {
  std::string out;
  out.reserve(512);
  append_user_json(out, user);
  return out;
}

std::string group_json(const identity_store::Group& group) {
  std::string out;
  out.reserve(256);
  append_group_json(out, group);
  return out;
}

template <class Query, class Run>
std::string list(const core::scim::ListQuery& q, Run&& run) {
  const bool cursor_mode = q.cursor.has_value();
  const std::uint64_t after = cursor_mode ? read_cursor(*q.cursor, q.filter) : 0;
  std::vector<std::string> resources;
  const auto page = run(after, static_cast<std::size_t>(q.count), resources);
  std::optional<std::string> next;
  if (cursor_mode && page.next_after) next = make_cursor(*page.next_after, q.filter);
  return core::scim::render_list_response(resources, page.total, cursor_mode, next);
}

}  // namespace

std::string ScimService::create_user(const nlohmann::json& body) {
  return user_json(store_.create_user(user_from_json(body)));
}

std::string ScimService::get_user(std::string_view id) const {
  std::string out;
  if (!store_.read_user(id, [&](const identity_store::User& u) {
        out.reserve(512);
        append_user_json(out, u);
      })) {
    throw Error::not_found("User " + std::string(id) + " not found.");
  }
  return out;
}

std::string ScimService::replace_user(std::string_view id, const nlohmann::json& body) {
  return user_json(store_.replace_user(id, user_from_json(body)));
}

std::string ScimService::patch_user(std::string_view id, const nlohmann::json& body) {
  const auto operations = core::scim::parse_patch_request(body);
  UserPatchOptions options;
  options.pathless_single_attribute = quirks_.on(Quirk::kPathlessSingleAttribute);
  return user_json(store_.update_user(
      id, [&](identity_store::User& user) { apply_user_patch(user, operations, options); }));
}

void ScimService::delete_user(std::string_view id) { store_.delete_user(id); }

std::string ScimService::list_users(const core::scim::ListQuery& query) const {
  const auto filter = user_query_from_filter(query.filter);
  return list<identity_store::UserQuery>(
      query, [&](std::uint64_t after, std::size_t count, std::vector<std::string>& out) {
        return store_.query_users(filter, after, count, [&](const identity_store::User& u) {
          out.push_back(user_json(u));
        });
      });
}

std::string ScimService::create_group(const nlohmann::json& body) {
  auto input = group_from_json(body);
  return group_json(store_.create_group(std::move(input.group), input.member_ids));
}

std::string ScimService::get_group(std::string_view id) const {
  std::string out;
  if (!store_.read_group(id, [&](const identity_store::Group& g) { append_group_json(out, g); })) {
    throw Error::not_found("Group " + std::string(id) + " not found.");
  }
  return out;
}

void ScimService::patch_group(std::string_view id, const nlohmann::json& body) {
  const auto operations = core::scim::parse_patch_request(body);
  GroupPatchOptions options;
  options.replace_members_observed_2024 = quirks_.on(Quirk::kReplaceMembersObserved2024);
  options.pathless_single_attribute = quirks_.on(Quirk::kPathlessSingleAttribute);
  const auto plan = plan_group_patch(operations, options);
  store_.update_group(id, plan.change);
  if (plan.fail_after_apply) {
    throw Error::invalid_value(std::string(core::scim::kDetailUnparsable));
  }
}

void ScimService::delete_group(std::string_view id) { store_.delete_group(id); }

std::string ScimService::list_groups(const core::scim::ListQuery& query) const {
  const auto filter = group_query_from_filter(query.filter);
  return list<identity_store::GroupQuery>(
      query, [&](std::uint64_t after, std::size_t count, std::vector<std::string>& out) {
        return store_.query_groups(filter, after, count, [&](const identity_store::Group& g) {
          out.push_back(group_json(g));
        });
      });
}

}  // namespace mock_scim::scim
