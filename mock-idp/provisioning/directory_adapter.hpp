#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "mock-idp/directory/directory.hpp"
#include "mock-idp/provisioning/directory_source.hpp"

namespace mock_idp::provisioning {

// Reads mock-idp's directory for the engine. Users, groups and assignments of one cycle come
// from one snapshot (reused while the change sequence does not move). Thread-safe.
class DirectoryAdapter final : public DirectorySource {
 public:
  explicit DirectoryAdapter(const directory::Directory& directory) : directory_(directory) {}

  std::vector<SourceUser> users() const override;
  std::vector<SourceGroup> groups() const override;
  std::optional<SourceUser> user(const std::string& id) const override;
  std::optional<SourceGroup> group(const std::string& id) const override;
  std::vector<SourceAssignment> assignments(const std::string& service_principal_id) const override;
  std::uint64_t change_sequence() const override { return directory_.sequence(); }

  // The servicePrincipal's display name, or nullopt if it does not exist.
  std::optional<std::string> service_principal_name(const std::string& id) const;

 private:
  std::shared_ptr<const directory::Snapshot> snapshot() const;

  const directory::Directory& directory_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const directory::Snapshot> cached_;
};

// Graph-named attributes of a directory user, as expressions and scoping filters read them.
SourceUser to_source_user(const directory::User& user);

}  // namespace mock_idp::provisioning
