#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "mock-idp/provisioning/directory_source.hpp"
#include "mock-idp/provisioning/log_store.hpp"
#include "mock-idp/provisioning/mapping.hpp"
#include "mock-idp/provisioning/scim_transport.hpp"

namespace mock_idp::provisioning {

using core::util::Millis;
using core::util::TimePoint;

// Makes the transport for a Tenant URL (with its query, e.g. ?aadOptscim062020) and token.
using TransportFactory = std::function<std::shared_ptr<ScimTransport>(
    const std::string& tenant_url, const std::string& secret_token)>;

// Limits and timings; defaults are Azure's documented values (azure-ad.md §4.4, §4.7).
struct EngineOptions {
  Millis interval = std::chrono::minutes(40);  // between incremental cycles
  std::size_t workers = 8;                     // objects exported in parallel
  int max_throttle_retries = 3;                // 429 retries of one request before escrow
  Millis max_retry_after = std::chrono::seconds(30);
  // How the engine waits out a Retry-After (real time; unit tests record instead of sleeping).
  std::function<void(Millis)> sleep;
  std::size_t escrow_evaluation_start = 5000;          // failures before thresholds are evaluated
  double escrow_proportion = 0.40;                     // > 40 % of events failed
  std::size_t escrow_total = 40000;                    // failures, references excluded
  std::size_t escrow_cap = 60000;                      // failures, references included
  Millis disable_after = std::chrono::hours(24 * 28);  // quarantined this long: job disabled
  std::string tenant_id = "00000000-0000-0000-0000-000000000000";
};

// Job configuration as Graph's secrets and schema set it.
struct JobConfig {
  std::string tenant_url;  // BaseAddress
  std::string secret_token;
  std::string notification_email;  // SyncNotificationSettings.Recipients
  bool notify_on_failure = false;  // SyncNotificationSettings.Enabled
  bool sync_all = false;           // SyncAll: "Sync all users and groups"
  MappingSet mappings = default_aws_mappings();
  bool delete_threshold_enabled = true;
  int delete_threshold = 500;  // QuarantineTooManyDeletesThreshold
};

// Graph synchronizationQuarantine.
struct Quarantine {
  std::string reason;  // EncounteredQuarantineException, TooManyDeletes, ...
  std::string error_code;
  std::string error_message;
  TimePoint current_began;
  TimePoint series_began;
  TimePoint next_attempt;
  int series_count = 0;
};

// Result of Test Connection (validateCredentials), with Azure-like messages.
struct ConnectionCheck {
  bool ok = false;
  std::string code;     // e.g. SystemForCrossDomainIdentityManagementCredentialValidationFailure
  std::string message;  // the portal's banner text
};

// What one cycle did (Graph synchronizationTaskExecution).
struct Execution {
  std::string activity_id;
  TimePoint began;
  TimePoint ended;
  std::string state = "Succeeded";  // Succeeded | Failed | EscrowedEntries | Skipped
  std::size_t imported = 0;
  std::size_t entitled = 0;
  std::size_t exported = 0;
  std::size_t exported_references = 0;
  std::size_t escrowed = 0;
  std::string error_code;
  std::string error_message;
};

// The step list of provision on demand (azure-ad.md §4.5) for one subject.
struct OnDemandResult {
  nlohmann::json value;  // {"provisioningSteps":[...], "statusInfo":..., ...}
};

// One provisioning job of one servicePrincipal: configuration, the cached target anchors,
// escrow, quarantine and the cycles. Thread-safe; one cycle runs at a time.
class ProvisioningJob {
 public:
  ProvisioningJob(std::string id, std::string service_principal_id, std::string app_name,
                  const DirectorySource& directory, TransportFactory transports,
                  const core::util::Clock& clock, core::util::IdGenerator& ids, LogStore& logs,
                  Outbox& outbox, EngineOptions options);

  const std::string& id() const { return id_; }
  const std::string& service_principal_id() const { return sp_id_; }

  JobConfig config() const;
  // Replaces the configuration. A change of mappings, scope or Tenant URL forces a full cycle.
  void set_config(JobConfig config);

  // Test Connection: GET /Users?filter=userName eq "<random GUID>" expecting 200 and an
  // empty ListResponse (azure-ad.md §4.1).
  ConnectionCheck test_connection(const std::string& tenant_url, const std::string& token);

  // Status On: the initial cycle falls due at `at`. Pause: no further cycles (a running one
  // finishes). Restart: clears watermark, escrow and quarantine; full_reset also forgets the
  // source-to-target links.
  void start(TimePoint at);
  void pause();
  void restart(TimePoint at, bool full_reset);
  // "Allow deletes" after a TooManyDeletes quarantine: the next cycle exports them.
  void allow_deletes();

  // Runs every cycle due at or before `now` in order (idle periodic cycles collapse into the
  // last one, quarantine attempts follow the back-off). Returns how many ran.
  int run_due(TimePoint now);
  // Runs one cycle at `at` regardless of the schedule (harness "run a cycle now").
  Execution run_cycle(TimePoint at);

  // Provision on demand of one user, or one group with at most 5 members. Throws
  // std::invalid_argument with an Azure-like message for a subject it cannot take.
  std::vector<OnDemandResult> provision_on_demand(const std::string& object_id,
                                                  const std::string& object_type);

  // Graph synchronizationJob (id, templateId, schedule, status, synchronizationJobSettings).
  nlohmann::json to_graph() const;
  nlohmann::json status_json() const;
  bool enabled() const;
  std::optional<Quarantine> quarantine() const;
  std::size_t escrow_size() const;
  // Target id cached for a source object, if any.
  std::optional<std::string> anchor_of(const std::string& source_id) const;

 private:
  struct Anchor {
    std::string target_id;
    std::string display;
    std::map<std::string, std::string> exported;  // last exported values by target path
    bool active = true;
    bool managed = true;            // false once disabled for leaving scope: no later DELETE
    std::set<std::string> members;  // target ids of exported members (groups)
  };
  struct EscrowEntry {
    bool user = true;
    std::string code;
    int attempts = 0;
  };
  struct Cycle;
  struct Outcome;

  Execution run_cycle_locked(TimePoint at, bool scheduled);
  void process_user(Cycle& c, const SourceUser* user, const std::string& id, bool entitled,
                    bool forget_when_disabled, Outcome* trace);
  void process_group(Cycle& c, const SourceGroup* group, const std::string& id, bool entitled,
                     Outcome* trace);
  ScimReply call(Cycle& c, const char* method, const std::string& target, const std::string& body);
  void record_failure(Cycle& c, const std::string& id, bool user, const std::string& code);
  void enter_quarantine(TimePoint at, const std::string& reason, const std::string& code,
                        const std::string& message);
  void notify(TimePoint at, const std::string& subject, const std::string& body);
  ConnectionCheck check_reply(const ScimReply& reply) const;

  const std::string id_;
  const std::string sp_id_;
  const std::string app_name_;
  const DirectorySource& directory_;
  TransportFactory transports_;
  const core::util::Clock& clock_;
  core::util::IdGenerator& ids_;
  LogStore& logs_;
  Outbox& outbox_;
  const EngineOptions options_;

  std::mutex cycle_mutex_;    // held for a whole cycle (and on-demand run)
  mutable std::mutex mutex_;  // guards everything below
  JobConfig config_;
  std::string schedule_state_ = "Disabled";  // Active | Paused | Disabled
  bool ever_run_ = false;
  bool full_pending_ = true;
  bool allow_deletes_ = false;
  std::optional<std::uint64_t> watermark_;
  TimePoint next_cycle_{};
  std::map<std::string, Anchor> users_;
  std::map<std::string, Anchor> groups_;
  std::map<std::string, EscrowEntry> escrow_;
  std::set<std::string> logged_nested_;  // "parent/child" pairs already logged as skipped
  std::optional<Quarantine> quarantine_;
  bool escrows_pruned_ = false;
  int successive_failures_ = 0;
  std::optional<Execution> last_execution_;
  std::optional<Execution> last_success_;
  std::optional<Execution> last_success_with_exports_;
  std::optional<TimePoint> steady_first_;
  std::optional<TimePoint> steady_last_;
  std::size_t synced_users_ = 0;
  std::size_t synced_groups_ = 0;
};

}  // namespace mock_idp::provisioning
