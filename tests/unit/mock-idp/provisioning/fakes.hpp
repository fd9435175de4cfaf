#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mock-idp/provisioning/directory_source.hpp"
#include "mock-idp/provisioning/scim_transport.hpp"

namespace mock_idp::provisioning::testing {

// An in-memory directory; tests edit the public members and call touch().
class FakeDirectory final : public DirectorySource {
 public:
  std::vector<SourceUser> user_list;
  std::vector<SourceGroup> group_list;
  std::vector<SourceAssignment> assignment_list;
  std::uint64_t sequence = 1;

  std::vector<SourceUser> users() const override { return user_list; }
  std::vector<SourceGroup> groups() const override { return group_list; }
  std::optional<SourceUser> user(const std::string& id) const override {
    for (const auto& u : user_list) {
      if (u.id == id) return u;
    }
    return std::nullopt;
  }
  std::optional<SourceGroup> group(const std::string& id) const override {
    for (const auto& g : group_list) {
      if (g.id == id) return g;
    }
    return std::nullopt;
  }
  std::vector<SourceAssignment> assignments(const std::string&) const override {
    return assignment_list;
  }
  std::uint64_t change_sequence() const override { return sequence; }

  SourceUser& add_user(const std::string& id, const std::string& upn, bool assign = true) {
    SourceUser u;
    u.id = id;
    u.attributes = {{"userPrincipalName", upn},    {"mail", upn},
                    {"givenName", "Given" + id},   {"surname", "Sur" + id},
                    {"displayName", "User " + id}, {"jobTitle", nullptr}};
    user_list.push_back(u);
    if (assign) assignment_list.push_back({id, MemberKind::kUser});
    ++sequence;
    return user_list.back();
  }
  SourceUser* find_user(const std::string& id) {
    for (auto& u : user_list) {
      if (u.id == id) return &u;
    }
    return nullptr;
  }
  SourceGroup& add_group(const std::string& id, const std::string& name, bool assign = true) {
    SourceGroup g;
    g.id = id;
    g.attributes = {{"displayName", name}};
    group_list.push_back(g);
    if (assign) assignment_list.push_back({id, MemberKind::kGroup});
    ++sequence;
    return group_list.back();
  }
  void touch() { ++sequence; }
};

struct Recorded {
  std::string method;
  std::string target;
  nlohmann::json body;
};

// A small SCIM server in memory that behaves like AWS for what the engine sends, records
// every request, and fails on demand.
class FakeScim final : public ScimTransport {
 public:
  ScimReply send(std::string_view method, const std::string& target,
                 const std::string& body) override;

  std::vector<Recorded> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  void clear_requests() {
    std::lock_guard lock(mutex_);
    requests_.clear();
  }
  // Requests whose method matches and whose target starts with prefix.
  std::vector<Recorded> find(const std::string& method, const std::string& prefix) const;

  std::map<std::string, nlohmann::json> users;  // by id
  std::map<std::string, nlohmann::json> groups;
  std::map<std::string, std::vector<std::string>> members;  // group id -> user ids

  int force_status = 0;  // answer every request with this status (0: behave)
  std::string force_body;
  int throttle_next = 0;       // answer the next N requests 429 with Retry-After: 7
  int fail_create_status = 0;  // POST /Users answers this
  std::string reject_user;     // POST /Users of this userName answers 400
  bool two_phones_rejected = true;

 private:
  mutable std::mutex mutex_;
  std::vector<Recorded> requests_;
  int next_id_ = 1;
};

}  // namespace mock_idp::provisioning::testing
