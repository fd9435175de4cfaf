#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock-idp/provisioning/job.hpp"

namespace mock_idp::provisioning {

// A refused request in Graph's terms; routes render it as {"error":{"code","message"}}.
class ProvisioningError : public std::runtime_error {
 public:
  ProvisioningError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

// The gallery app's synchronization template id (Graph synchronizationTemplate.factoryTag).
inline constexpr const char* kAwsTemplate = "aWSSingleSignOn";

struct ServiceOptions {
  EngineOptions engine;
  std::string outbox_file;  // also append notification mails here when set
};

// The provisioning service of the tenant: one job per servicePrincipal, the provisioning logs
// and the notification outbox. Takes and returns Graph-shaped JSON (synchronizationJob,
// synchronizationSchema, secrets) and throws ProvisioningError for what Graph refuses.
// Thread-safe.
class ProvisioningService {
 public:
  // `sp_name` answers the display name of a servicePrincipal, or nullopt if it does not exist.
  ProvisioningService(const DirectorySource& directory,
                      std::function<std::optional<std::string>(const std::string&)> sp_name,
                      TransportFactory transports, const core::util::Clock& clock,
                      core::util::IdGenerator& ids, ServiceOptions options);

  nlohmann::json create_job(const std::string& sp_id, const std::string& template_id);
  nlohmann::json list_jobs(const std::string& sp_id);
  nlohmann::json get_job(const std::string& sp_id, const std::string& job_id);
  void delete_job(const std::string& sp_id, const std::string& job_id);
  // PUT synchronization/secrets: {"value":[{"key":"BaseAddress","value":...},
  // {"key":"SecretToken",...}, {"key":"SyncNotificationSettings","value":"{\"Enabled\":true,
  // \"Recipients\":\"a@b\"}"}, {"key":"SyncAll","value":"false"}]}.
  void put_secrets(const std::string& sp_id, const nlohmann::json& body);
  // validateCredentials; throws ProvisioningError(400) with Azure's message when it fails.
  void validate_credentials(const std::string& sp_id, const std::string& job_id,
                            const nlohmann::json& body);
  void start(const std::string& sp_id, const std::string& job_id);
  void pause(const std::string& sp_id, const std::string& job_id);
  void restart(const std::string& sp_id, const std::string& job_id, const nlohmann::json& body);
  nlohmann::json get_schema(const std::string& sp_id, const std::string& job_id);
  void put_schema(const std::string& sp_id, const std::string& job_id, const nlohmann::json& body);
  nlohmann::json provision_on_demand(const std::string& sp_id, const std::string& job_id,
                                     const nlohmann::json& body);

  // Harness: one call that configures credentials, notification, scope, threshold and status
  // (creates the job when missing); returns the job.
  nlohmann::json configure(const std::string& sp_id, const nlohmann::json& body);
  // Harness: adds or replaces one attribute mapping ({"object":"User","target",...}).
  nlohmann::json upsert_mapping(const std::string& sp_id, const nlohmann::json& body);
  // Harness: runs one cycle now; returns the job.
  nlohmann::json run_now(const std::string& sp_id);
  void allow_deletes(const std::string& sp_id);

  // The scheduler's chance: runs every cycle due by the clock's now().
  void clock_changed();
  // Back to start-up: no jobs, no logs, empty outbox.
  void reset();

  LogStore& logs() { return logs_; }
  Outbox& outbox() { return outbox_; }
  std::shared_ptr<ProvisioningJob> job_of(const std::string& sp_id);

 private:
  std::shared_ptr<ProvisioningJob> find(const std::string& sp_id, const std::string& job_id);
  std::shared_ptr<ProvisioningJob> ensure_job(const std::string& sp_id);
  void require_sp(const std::string& sp_id) const;

  const DirectorySource& directory_;
  std::function<std::optional<std::string>(const std::string&)> sp_name_;
  TransportFactory transports_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  ServiceOptions options_;
  LogStore logs_;
  Outbox outbox_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ProvisioningJob>> jobs_;  // by servicePrincipal id
  std::mutex scheduler_mutex_;
};

// Graph synchronizationSchema <-> MappingSet. parse_schema throws ProvisioningError(400)
// naming the offending mapping.
nlohmann::json schema_json(const std::string& job_id, const MappingSet& set);
MappingSet parse_schema(const nlohmann::json& body);

}  // namespace mock_idp::provisioning
