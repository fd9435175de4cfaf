#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "mock-scim/sso_admin/directory_view.hpp"

namespace sso_admin_test {

using mock_scim::sso_admin::GroupInfo;
using mock_scim::sso_admin::Page;
using mock_scim::sso_admin::UserInfo;

// An in-memory DirectoryView for unit tests (not thread-safe; tests are single-threaded).
class FakeDirectory : public mock_scim::sso_admin::DirectoryView {
 public:
  std::vector<UserInfo> users;
  std::vector<GroupInfo> groups;
  std::multimap<std::string, std::string> members;  // group id -> user id

  UserInfo& add_user(const std::string& id, const std::string& user_name, bool active = true) {
    UserInfo u;
    u.id = id;
    u.user_name = user_name;
    u.display_name = user_name;
    u.active = active;
    u.emails.push_back({user_name, "work", true});
    users.push_back(u);
    return users.back();
  }
  GroupInfo& add_group(const std::string& id, const std::string& name) {
    groups.push_back({id, name, "", {}, {}});
    return groups.back();
  }

  std::optional<UserInfo> find_user(std::string_view id) const override {
    for (const auto& u : users) {
      if (u.id == id) return u;
    }
    return std::nullopt;
  }
  std::optional<UserInfo> find_user_by_user_name(std::string_view name) const override {
    for (const auto& u : users) {
      if (u.user_name.size() == name.size() &&
          std::equal(name.begin(), name.end(), u.user_name.begin(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return u;
      }
    }
    return std::nullopt;
  }
  std::optional<UserInfo> find_user_by_external_id(std::string_view id) const override {
    for (const auto& u : users) {
      if (!u.external_id.empty() && u.external_id == id) return u;
    }
    return std::nullopt;
  }
  Page<UserInfo> list_users(std::uint64_t cursor, std::size_t count) const override {
    Page<UserInfo> p;
    for (std::size_t i = cursor; i < users.size() && i < cursor + count; ++i) {
      p.items.push_back(users[i]);
    }
    if (cursor + count < users.size()) p.next = cursor + count;
    return p;
  }
  std::optional<GroupInfo> find_group(std::string_view id) const override {
    for (const auto& g : groups) {
      if (g.id == id) return g;
    }
    return std::nullopt;
  }
  std::optional<GroupInfo> find_group_by_display_name(std::string_view name) const override {
    for (const auto& g : groups) {
      if (g.display_name == name) return g;
    }
    return std::nullopt;
  }
  std::optional<GroupInfo> find_group_by_external_id(std::string_view id) const override {
    for (const auto& g : groups) {
      if (!g.external_id.empty() && g.external_id == id) return g;
    }
    return std::nullopt;
  }
  Page<GroupInfo> list_groups(std::uint64_t cursor, std::size_t count) const override {
    Page<GroupInfo> p;
    for (std::size_t i = cursor; i < groups.size() && i < cursor + count; ++i) {
      p.items.push_back(groups[i]);
    }
    if (cursor + count < groups.size()) p.next = cursor + count;
    return p;
  }
  std::vector<std::string> members_of_group(std::string_view group_id) const override {
    std::vector<std::string> out;
    const auto [b, e] = members.equal_range(std::string(group_id));
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
  }
  std::vector<std::string> groups_of_user(std::string_view user_id) const override {
    std::vector<std::string> out;
    for (const auto& [g, u] : members) {
      if (u == user_id) out.push_back(g);
    }
    return out;
  }
};

}  // namespace sso_admin_test
