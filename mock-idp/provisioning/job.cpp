#include "mock-idp/provisioning/job.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <thread>

#include "core/net/http_client.hpp"
#include "core/util/iso8601.hpp"

namespace mock_idp::provisioning {

namespace {

using core::util::format_utc;
using nlohmann::json;

constexpr const char* kListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr const char* kCredentialFailure =
    "SystemForCrossDomainIdentityManagementCredentialValidationFailure";
constexpr const char* kCredentialUnavailable =
    "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";
constexpr const char* kIncompatible = "SystemForCrossDomainIdentityManagementServiceIncompatible";
constexpr const char* kMultipleEntries =
    "SystemForCrossDomainIdentityManagementMultipleEntriesInResponse";
constexpr std::size_t kMaxOnDemandGroupMembers = 5;
constexpr std::size_t kMaxLoggedBody = 2000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value json_value(const json& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    return s;
  }
  if (v.is_boolean()) return bool_text(v.get<bool>());
  if (v.is_number()) return v.dump();
  if (v.is_array()) {
    for (const auto& e : v) {
      if (e.is_string()) return e.get<std::string>();
    }
  }
  return std::nullopt;
}

Value lookup(const json& attributes, std::string_view name) {
  if (!attributes.is_object()) return std::nullopt;
  auto it = attributes.find(std::string(name));
  if (it != attributes.end()) return json_value(*it);
  std::string wanted = lower(name);
  for (auto i = attributes.begin(); i != attributes.end(); ++i) {
    if (lower(i.key()) == wanted) return json_value(i.value());
  }
  return std::nullopt;
}

AttributeResolver user_resolver(const SourceUser& u, bool soft_deleted) {
  return [&u, soft_deleted](std::string_view name) -> Value {
    std::string n = lower(name);
    if (n == "objectid") return u.id;
    if (n == "issoftdeleted") return bool_text(soft_deleted);
    if (n == "accountenabled") return bool_text(u.account_enabled);
    return lookup(u.attributes, name);
  };
}

AttributeResolver group_resolver(const SourceGroup& g, bool soft_deleted) {
  return [&g, soft_deleted](std::string_view name) -> Value {
    std::string n = lower(name);
    if (n == "objectid") return g.id;
    if (n == "issoftdeleted") return bool_text(soft_deleted);
    return lookup(g.attributes, name);
  };
}

std::map<std::string, std::string> to_map(const TargetValues& values) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : values) {
    if (v) out[k] = *v;
  }
  return out;
}

std::string status_name(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 422:
      return "UnprocessableEntity";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalServerError";
    case 501:
      return "NotImplemented";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return std::to_string(status);
  }
}

// Graph provisioning error codes (azure-ad.md §4.6) for a failed SCIM exchange.
std::string error_code_for(const ScimReply& r, bool by_id) {
  if (r.status == 0)
    return r.error.find("imeout") != std::string::npos ? "Timeout" : "InternalError";
  switch (r.status) {
    case 400:
      return "SystemForCrossDomainIdentityManagementBadResponse";
    case 401:
      return kCredentialFailure;
    case 403:
      return "InsufficientRights";
    case 404:
      return by_id ? "InvalidAnchor" : kIncompatible;
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "EntryConflict";
    case 422:
      return "UnprocessableEntity";
    case 429:
      return "TooManyRequests";
    case 501:
      return "NotImplemented";
    default:
      return r.status >= 500 ? "InternalServerError" : "WebExceptionProtocolError";
  }
}

std::string failure_reason(const ScimReply& r, const std::string& what, const std::string& app) {
  std::string body = r.body.substr(0, kMaxLoggedBody);
  if (r.status == 0) {
    return "Failed to " + what + " in " + app + "; Error: " + r.error;
  }
  return "Failed to " + what + " in " + app + "; Error: StatusCode: " + status_name(r.status) +
         " Message: Processing of the HTTP request resulted in an exception. Please see the HTTP "
         "response returned by the 'Response' property of this exception for details. Web "
         "Response: " +
         body;
}

json step(const std::string& name, const std::string& type, const std::string& status,
          const std::string& description, json details = json::object()) {
  return {{"name", name},
          {"provisioningStepType", type},
          {"status", status},
          {"description", description},
          {"details", std::move(details)}};
}

json modified(const std::string& name, const Value& old_value, const Value& new_value) {
  return {{"displayName", name},
          {"oldValue", old_value ? json(*old_value) : json(nullptr)},
          {"newValue", new_value ? json(*new_value) : json(nullptr)}};
}

std::string quote_filter_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Millis backoff(int series_count) {
  if (series_count <= 1) return std::chrono::hours(6);
  if (series_count == 2) return std::chrono::hours(12);
  return std::chrono::hours(24);
}

template <typename F>
void parallel_for(std::size_t n, std::size_t workers, F&& fn) {
  if (workers <= 1 || n < 2) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> threads;
  std::size_t count = std::min(workers, n);
  threads.reserve(count);
  for (std::size_t t = 0; t < count; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (auto& t : threads) t.join();
}

std::optional<json> parse_body(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

// The string member `name` of `value`; nothing when `value` is not an object or the member is
// absent or not a string.
std::optional<std::string> string_member(const json& value, const char* name) {
  if (!value.is_object()) return std::nullopt;
  const auto it = value.find(name);
  if (it == value.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// The id a SCIM server gave the resource it created; empty when the reply carries none.
std::string created_id(const ScimReply& r) {
  const auto body = parse_body(r.body);
  return body ? string_member(*body, "id").value_or("") : "";
}

// A delivered reply the engine cannot use, reported like a transport failure saying `why`.
ScimReply unusable(ScimReply r, std::string why) {
  r.status = 0;
  r.error = std::move(why);
  return r;
}

// "a,b,c": target ids as a modified property's value.
std::string comma_joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

// Whether `map` holds `key`, read under `mutex`.
template <typename Map>
bool contains_locked(std::mutex& mutex, const Map& map, const std::string& key) {
  std::lock_guard lock(mutex);
  return map.count(key) > 0;
}

// A copy of the value under `key`, read under `mutex`.
template <typename Map>
std::optional<typename Map::mapped_type> find_locked(std::mutex& mutex, const Map& map,
                                                     const std::string& key) {
  std::lock_guard lock(mutex);
  const auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

// The source or target object of a provisioning log entry.
json log_identity(const std::string& id, const std::string& display, const std::string& type) {
  return {{"id", id}, {"displayName", display}, {"identityType", type}, {"details", {}}};
}

// What every provisioning log entry of a cycle starts with (Graph provisioningObjectSummary);
// the entry's own id is drawn before its changeId.
json log_entry_head(core::util::IdGenerator& ids, const std::string& tenant_id,
                    const std::string& job_id, const std::string& sp_id,
                    const std::string& app_name, TimePoint at, const std::string& cycle_id,
                    bool on_demand) {
  return {
      {"id", ids.uuid4()},
      {"activityDateTime", format_utc(at)},
      {"tenantId", tenant_id},
      {"jobId", job_id},
      {"cycleId", cycle_id},
      {"changeId", ids.uuid4()},
      {"durationInMilliseconds", 0},
      {"initiatedBy",
       {{"id", ""},
        {"displayName", on_demand ? "Provision on demand" : "Azure AD Provisioning Service"},
        {"initiatorType", on_demand ? "user" : "system"}}},
      {"servicePrincipal", {{"id", sp_id}, {"displayName", app_name}}},
      {"sourceSystem", {{"id", ""}, {"displayName", "Azure Active Directory"}, {"details", {}}}},
      {"targetSystem", {{"id", ""}, {"displayName", app_name}, {"details", {}}}},
  };
}

// What the provisioning log reports about processing one source object in a cycle.
struct ObjectReport {
  // `trace`, when set, receives a copy of the finished entry (provision on demand).
  explicit ObjectReport(json* trace_to) : trace(trace_to) {}

  // Records the failed step; errorCode and reason come from it.
  void fail(const std::string& code, const std::string& why, const char* step_name,
            const char* step_type) {
    status = "failure";
    error_code = code;
    reason = why;
    steps.push_back(step(step_name, step_type, "failure", reason));
  }

  // `entry` completed with the outcome; errorInformation is null without an error code.
  json complete(json entry) const {
    entry["provisioningAction"] = action;
    entry["provisioningStatusInfo"] = {
        {"status", status},
        {"errorInformation",
         error_code.empty()
             ? json(nullptr)
             : json({{"errorCode", error_code},
                     {"reason", reason},
                     {"additionalDetails", nullptr},
                     {"errorCategory", status == "failure" ? "NonServiceFailure" : "Skipped"},
                     {"recommendedAction", nullptr}})}};
    entry["provisioningSteps"] = steps;
    entry["modifiedProperties"] = changes;
    if (trace != nullptr) *trace = entry;
    return entry;
  }

  json* trace;
  json steps = json::array();
  json changes = json::array();
  std::string action = "other";
  std::string status = "success";
  std::string error_code;
  std::string reason;
};

}  // namespace

struct ProvisioningJob::Cycle {
  std::string cycle_id;
  TimePoint at;
  JobConfig config;
  Dialect dialect = Dialect::kLegacy;
  std::shared_ptr<ScimTransport> transport;
  bool full = false;
  bool on_demand = false;
  std::map<std::string, bool> user_entitled;
  std::atomic<bool> credential_failure{false};
  std::atomic<std::size_t> exported{0};
  std::atomic<std::size_t> references{0};
  std::atomic<std::size_t> failures{0};
  std::atomic<std::size_t> reference_failures{0};
  std::atomic<std::size_t> events{0};
  std::mutex mutex;
  std::string credential_message;
};

struct ProvisioningJob::Outcome {
  json entry;
};

ProvisioningJob::ProvisioningJob(std::string id, std::string service_principal_id,
                                 std::string app_name, const DirectorySource& directory,
                                 TransportFactory transports, const core::util::Clock& clock,
                                 core::util::IdGenerator& ids, LogStore& logs, Outbox& outbox,
                                 EngineOptions options)
    : id_(std::move(id)),
      sp_id_(std::move(service_principal_id)),
      app_name_(std::move(app_name)),
      directory_(directory),
      transports_(std::move(transports)),
      clock_(clock),
      ids_(ids),
      logs_(logs),
      outbox_(outbox),
      options_(std::move(options)) {}

JobConfig ProvisioningJob::config() const {
  std::lock_guard lock(mutex_);
  return config_;
}

void ProvisioningJob::set_config(JobConfig config) {
  std::lock_guard lock(mutex_);
  config_ = std::move(config);
  full_pending_ = true;
  watermark_.reset();
}

bool ProvisioningJob::enabled() const {
  std::lock_guard lock(mutex_);
  return schedule_state_ == "Active";
}

std::optional<Quarantine> ProvisioningJob::quarantine() const {
  std::lock_guard lock(mutex_);
  return quarantine_;
}

std::size_t ProvisioningJob::escrow_size() const {
  std::lock_guard lock(mutex_);
  return escrow_.size();
}

std::optional<std::string> ProvisioningJob::anchor_of(const std::string& source_id) const {
  std::lock_guard lock(mutex_);
  auto u = users_.find(source_id);
  if (u != users_.end()) return u->second.target_id;
  auto g = groups_.find(source_id);
  if (g != groups_.end()) return g->second.target_id;
  return std::nullopt;
}

void ProvisioningJob::start(TimePoint at) {
  std::lock_guard lock(mutex_);
  if (schedule_state_ != "Active") {
    schedule_state_ = "Active";
    next_cycle_ = at;
  }
}

void ProvisioningJob::pause() {
  std::lock_guard lock(mutex_);
  schedule_state_ = "Paused";
}

void ProvisioningJob::restart(TimePoint at, bool full_reset) {
  std::lock_guard lock(mutex_);
  watermark_.reset();
  full_pending_ = true;
  escrow_.clear();
  quarantine_.reset();
  successive_failures_ = 0;
  if (full_reset) {
    users_.clear();
    groups_.clear();
    logged_nested_.clear();
  }
  schedule_state_ = "Active";
  next_cycle_ = at;
}

void ProvisioningJob::allow_deletes() {
  std::lock_guard lock(mutex_);
  allow_deletes_ = true;
  if (quarantine_ && quarantine_->reason == "TooManyDeletes") {
    next_cycle_ = quarantine_->current_began;
    quarantine_.reset();
  }
}

int ProvisioningJob::run_due(TimePoint now) {
  int ran = 0;
  while (true) {
    TimePoint due;
    {
      std::lock_guard lock(mutex_);
      if (schedule_state_ != "Active") break;
      if (quarantine_) {
        due = quarantine_->next_attempt;
      } else {
        due = next_cycle_;
        if (due <= now && options_.interval.count() > 0) {
          // Periodic cycles in a clock jump see the same directory: only the last one runs.
          auto skipped = (now - due) / options_.interval;
          due += options_.interval * skipped;
        }
      }
      if (due > now) break;
    }
    run_cycle(due);
    ++ran;
  }
  return ran;
}

Execution ProvisioningJob::run_cycle(TimePoint at) {
  std::lock_guard cycle_lock(cycle_mutex_);
  return run_cycle_locked(at, true);
}

ConnectionCheck ProvisioningJob::check_reply(const ScimReply& r) const {
  ConnectionCheck out;
  if (r.status == 0) {
    out.code = kCredentialUnavailable;
    if (r.tls_failure) {
      out.message =
          "We couldn't establish a secure connection to the Tenant URL. The TLS handshake "
          "failed: " +
          r.error + ". Verify that the server presents a valid certificate and supports TLS 1.2.";
    } else {
      out.message =
          "You appear to have entered an invalid Tenant URL: the SCIM endpoint could "
          "not be reached (" +
          r.error + ").";
    }
    return out;
  }
  if (r.status == 401 || r.status == 403) {
    out.code = kCredentialFailure;
    out.message =
        "You appear to have entered invalid credentials. Please confirm you are using the "
        "correct information for an administrative account. The SCIM endpoint answered HTTP " +
        std::to_string(r.status) + " (" + status_name(r.status) + ").";
    return out;
  }
  if (r.status == 404) {
    out.code = kIncompatible;
    out.message =
        "You appear to have entered an invalid Tenant URL. The SCIM endpoint answered HTTP 404 "
        "(NotFound) to a query of the Users resource; check that the Tenant URL is the SCIM "
        "endpoint shown by AWS IAM Identity Center.";
    return out;
  }
  if (r.status != 200) {
    out.code = kIncompatible;
    out.message = "The SCIM endpoint answered HTTP " + std::to_string(r.status) + " (" +
                  status_name(r.status) +
                  ") to a query for a non-existent user; expected 200 with an empty "
                  "ListResponse.";
    return out;
  }
  auto body = parse_body(r.body);
  bool list = body && body->is_object();
  if (list) {
    auto schemas = body->find("schemas");
    auto total = body->find("totalResults");
    auto resources = body->find("Resources");
    bool schema_ok = schemas != body->end() && schemas->is_array() &&
                     std::find(schemas->begin(), schemas->end(), kListResponse) != schemas->end();
    bool empty = total != body->end() && total->is_number_integer() && *total == 0 &&
                 (resources == body->end() || (resources->is_array() && resources->empty()));
    list = schema_ok && empty;
  }
  if (!list) {
    out.code = kIncompatible;
    out.message =
        "The SCIM endpoint's answer to a query for a non-existent user was not an empty SCIM "
        "ListResponse (expected HTTP 200 with \"totalResults\": 0). The endpoint may not be "
        "SCIM 2.0 compliant.";
    return out;
  }
  out.ok = true;
  return out;
}

ConnectionCheck ProvisioningJob::test_connection(const std::string& tenant_url,
                                                 const std::string& token) {
  ConnectionCheck out;
  if (tenant_url.empty()) {
    out.code = kCredentialUnavailable;
    out.message = "The Tenant URL is required.";
    return out;
  }
  std::shared_ptr<ScimTransport> transport;
  try {
    transport = transports_(tenant_url, token);
  } catch (const std::exception& e) {
    out.code = kCredentialUnavailable;
    out.message = std::string("You appear to have entered an invalid Tenant URL: ") + e.what();
    return out;
  }
  std::string filter = "userName eq \"" + ids_.uuid4() + "\"";
  return check_reply(transport->send("GET", "/Users?filter=" + core::net::url_encode(filter), ""));
}

ScimReply ProvisioningJob::call(Cycle& c, const char* method, const std::string& target,
                                const std::string& body) {
  ScimReply r;
  for (int attempt = 0;; ++attempt) {
    r = c.transport->send(method, target, body);
    if (r.status != 429 || attempt >= options_.max_throttle_retries) break;
    Millis wait = r.retry_after ? Millis(*r.retry_after) : Millis(std::chrono::seconds(1));
    wait = std::min(wait, options_.max_retry_after);
    if (options_.sleep) options_.sleep(wait);
  }
  if (r.status == 401) {
    c.credential_failure = true;
    std::lock_guard lock(c.mutex);
    if (c.credential_message.empty()) c.credential_message = check_reply(r).message;
  }
  return r;
}

void ProvisioningJob::record_failure(Cycle& c, const std::string& id, bool user,
                                     const std::string& code) {
  ++c.failures;
  std::lock_guard lock(mutex_);
  auto& e = escrow_[id];
  e.user = user;
  e.code = code;
  ++e.attempts;
}

void ProvisioningJob::notify(TimePoint at, const std::string& subject, const std::string& body) {
  JobConfig cfg;
  {
    std::lock_guard lock(mutex_);
    cfg = config_;
  }
  if (!cfg.notify_on_failure || cfg.notification_email.empty()) return;
  outbox_.send({{"id", ids_.uuid4()},
                {"from", "azure-noreply@microsoft.com"},
                {"to", cfg.notification_email},
                {"subject", subject},
                {"body", body},
                {"sentDateTime", format_utc(at)},
                {"jobId", id_},
                {"servicePrincipalId", sp_id_}});
}

void ProvisioningJob::enter_quarantine(TimePoint at, const std::string& reason,
                                       const std::string& code, const std::string& message) {
  bool mail = false;
  {
    std::lock_guard lock(mutex_);
    if (!quarantine_) {
      Quarantine q;
      q.series_began = at;
      q.current_began = at;
      q.series_count = 1;
      q.reason = reason;
      q.error_code = code;
      q.error_message = message;
      q.next_attempt = at + backoff(1);
      quarantine_ = q;
      mail = true;
    } else {
      mail = quarantine_->reason != reason;
      if (mail) quarantine_->current_began = at;
      quarantine_->reason = reason;
      quarantine_->error_code = code;
      quarantine_->error_message = message;
      ++quarantine_->series_count;
      quarantine_->next_attempt = at + backoff(quarantine_->series_count);
    }
  }
  if (mail) {
    notify(at, "Your application " + app_name_ + " has been put in quarantine",
           "The provisioning job of " + app_name_ + " (job " + id_ + ") was put in quarantine on " +
               format_utc(at) + ". Reason: " + reason + ". Error code: " + code + ". " + message +
               " Provisioning will be retried with an exponential back-off; fix the problem and "
               "restart provisioning to retry immediately.");
  }
}

void ProvisioningJob::process_user(Cycle& c, const SourceUser* user, const std::string& id,
                                   bool entitled, bool forget_when_disabled, Outcome* trace) {
  std::optional<Anchor> anchor = find_locked(mutex_, users_, id);
  const ObjectMapping& mapping = c.config.mappings.users;
  std::string display = anchor ? anchor->display : id;
  if (user != nullptr) {
    display = lookup(user->attributes, "userPrincipalName").value_or(user->id);
  }
  ObjectReport report(trace != nullptr ? &trace->entry : nullptr);
  std::string target_id = anchor ? anchor->target_id : "";
  bool logged = true;
  bool escrow_done = false;

  auto finish = [&] {
    if (report.status == "success" && !escrow_done) {
      std::lock_guard lock(mutex_);
      escrow_.erase(id);
    }
    if (!logged) return;
    ++c.events;
    json entry = log_entry_head(ids_, options_.tenant_id, id_, sp_id_, app_name_, c.at, c.cycle_id,
                                c.on_demand);
    entry["sourceIdentity"] = log_identity(id, display, "User");
    entry["targetIdentity"] = log_identity(target_id, display, kScimUserSchema);
    logs_.append(report.complete(std::move(entry)));
  };
  auto fail_with = [&](const std::string& code, const std::string& why, const char* step_name,
                       const char* step_type) {
    report.fail(code, why, step_name, step_type);
    record_failure(c, id, true, code);
    escrow_done = true;
    finish();
  };
  auto fail = [&](const ScimReply& r, const std::string& what, bool by_id, const char* step_name) {
    fail_with(error_code_for(r, by_id),
              failure_reason(r, what + " User '" + display + "'", app_name_), step_name, "export");
  };

  // Hard-deleted in the directory.
  if (user == nullptr) {
    if (!anchor) return;
    if (!anchor->managed) {
      std::lock_guard lock(mutex_);
      users_.erase(id);
      return;
    }
    report.action = "delete";
    report.steps.push_back(step(
        "EntryImportDelete", "import", "success",
        "Received User '" + display + "' change of type (Delete) from Azure Active Directory"));
    ScimReply r = call(c, "DELETE", "/Users/" + core::net::url_encode(anchor->target_id), "");
    if (r.status != 204 && r.status != 200 && r.status != 404) {
      fail(r, "delete", true, "EntryExportDelete");
      return;
    }
    report.steps.push_back(step("EntryExportDelete", "export", "success",
                                "User '" + display + "' was deleted in " + app_name_));
    {
      std::lock_guard lock(mutex_);
      users_.erase(id);
    }
    ++c.exported;
    finish();
    return;
  }

  bool soft = !entitled;
  auto resolve = user_resolver(*user, soft);
  report.steps.push_back(step(anchor ? "EntryImportUpdate" : "EntryImportAdd", "import", "success",
                              "Received User '" + display + "' change of type (" +
                                  (anchor ? "Update" : "Add") + ") from Azure Active Directory"));
  json scope_details = {{"Active in the source system", bool_text(!user->soft_deleted)},
                        {"Account enabled", bool_text(user->account_enabled)},
                        {"Scope sync all", bool_text(c.config.sync_all)},
                        {"In scope", bool_text(entitled)}};
  if (!entitled) {
    if (!anchor || !anchor->active) {
      if (!c.on_demand) return;  // never created or already disabled: nothing to export
      report.action = "other";
      report.status = "skipped";
      report.error_code = "NotEffectivelyEntitled";
      report.reason = "User '" + display +
                      "' is not in scope: it is not assigned to the application, "
                      "falls outside the scoping filters, is disabled or was deleted.";
      report.steps.push_back(
          step("EntrySynchronizationScoping", "scoping", "skipped", report.reason, scope_details));
      finish();
      return;
    }
    report.steps.push_back(step(
        "EntrySynchronizationScoping", "scoping", "success",
        "Determine if User in scope by evaluating against each scoping filter", scope_details));
    report.action = "disable";
    std::vector<PatchOp> ops = {{PatchOp::Op::kReplace, "active", "False", "True"}};
    ScimReply r = call(c, "PATCH", "/Users/" + core::net::url_encode(anchor->target_id),
                       render_patch(ops, c.dialect).dump());
    if (r.status != 200 && r.status != 204) {
      fail(r, "update", true, "EntryExportUpdate");
      return;
    }
    report.changes.push_back(modified("active", "True", "False"));
    report.steps.push_back(step("EntryExportUpdate", "export", "success",
                                "User '" + display + "' was updated in " + app_name_));
    {
      std::lock_guard lock(mutex_);
      auto& a = users_[id];
      a.active = false;
      a.exported["active"] = "False";
      a.managed = !forget_when_disabled;
    }
    ++c.exported;
    finish();
    return;
  }

  report.steps.push_back(
      step("EntrySynchronizationScoping", "scoping", "success",
           "Determine if User in scope by evaluating against each scoping filter", scope_details));
  TargetValues update_values = evaluate(mapping, resolve, false);
  auto exported = to_map(update_values);
  if (anchor && anchor->active && anchor->exported == exported && !c.full && !c.on_demand &&
      !contains_locked(mutex_, escrow_, id)) {
    return;
  }

  std::optional<json> current;
  if (anchor) {
    ScimReply r = call(c, "GET", "/Users/" + core::net::url_encode(anchor->target_id), "");
    if (r.status == 200) {
      current = parse_body(r.body);
      if (!current || !current->is_object()) {
        fail(r, "read", true, "EntryExportUpdate");
        return;
      }
    } else if (r.status == 404) {
      anchor.reset();  // InvalidAnchor: the target object vanished; match again
      std::lock_guard lock(mutex_);
      users_.erase(id);
    } else {
      fail(r, "read", true, "EntryExportUpdate");
      return;
    }
  }
  const AttributeMapping* match = matching_attribute(mapping);
  if (!current) {
    Value key;
    if (match != nullptr) {
      for (const auto& [path, v] : evaluate(mapping, resolve, true)) {
        if (path == match->target) key = v;
      }
    }
    if (!key) {
      report.status = "skipped";
      report.error_code = "ImportSkipped";
      report.reason = "The matching attribute " + (match ? match->target : std::string("?")) +
                      " of User '" + display + "' is empty.";
      report.steps.push_back(step("EntryMatching", "matching", "skipped", report.reason));
      finish();
      return;
    }
    std::string filter = match->target + " eq \"" + quote_filter_value(*key) + "\"";
    ScimReply r = call(c, "GET", "/Users?filter=" + core::net::url_encode(filter), "");
    if (r.status != 200) {
      fail(r, "query", false, "EntryMatching");
      return;
    }
    auto list = parse_body(r.body);
    const json* resources = nullptr;
    if (list && list->is_object()) {
      auto it = list->find("Resources");
      if (it != list->end() && it->is_array()) resources = &*it;
      if (it == list->end()) {
        static const json kEmpty = json::array();
        auto total = list->find("totalResults");
        if (total != list->end() && total->is_number() && *total == 0) resources = &kEmpty;
      }
    }
    if (resources == nullptr) {
      const ScimReply bad = unusable(
          r, "the response is not a SCIM ListResponse: " + r.body.substr(0, kMaxLoggedBody));
      fail_with(kIncompatible, failure_reason(bad, "query User '" + display + "'", app_name_),
                "EntryMatching", "matching");
      return;
    }
    if (resources->size() > 1) {
      fail_with(kMultipleEntries, "More than one User in " + app_name_ + " matched " + filter + ".",
                "EntryMatching", "matching");
      return;
    }
    if (resources->size() == 1) current = (*resources)[0];
    report.steps.push_back(step("EntryMatching", "matching", "success",
                                current ? "User '" + display + "' was found in " + app_name_
                                        : "User '" + display + "' was not found in " + app_name_,
                                {{"MatchingAttribute", match->target}, {"MatchingValue", *key}}));
  }

  if (!current) {
    report.action = "create";
    TargetValues create_values = evaluate(mapping, resolve, true);
    report.steps.push_back(step("EntrySynchronizationAdd", "processing", "success",
                                "User '" + display + "' will be created in " + app_name_));
    ScimReply r = call(c, "POST", "/Users", build_user_resource(create_values).dump());
    if (r.status != 201 && r.status != 200) {
      fail(r, "create", false, "EntryExportAdd");
      return;
    }
    const std::string tid = created_id(r);
    if (tid.empty()) {
      const ScimReply bad = unusable(r, "the response to POST /Users carries no id");
      fail_with(kIncompatible, failure_reason(bad, "create User '" + display + "'", app_name_),
                "EntryExportAdd", "export");
      return;
    }
    target_id = tid;
    for (const auto& [path, v] : create_values) {
      if (v) report.changes.push_back(modified(path, std::nullopt, v));
    }
    report.steps.push_back(step("EntryExportAdd", "export", "success",
                                "User '" + display + "' was created in " + app_name_));
    {
      std::lock_guard lock(mutex_);
      Anchor a;
      a.target_id = tid;
      a.display = display;
      a.exported = to_map(create_values);
      for (const auto& [k, v] : exported) a.exported[k] = v;
      a.active = true;
      users_[id] = a;
    }
    ++c.exported;
    finish();
    return;
  }

  // Matched or read back: one operation per changed attribute.
  if (auto tid = string_member(*current, "id")) target_id = *tid;
  std::vector<PatchOp> ops = diff(update_values, *current);
  if (!ops.empty()) {
    report.action = "update";
    report.steps.push_back(step("EntrySynchronizationUpdate", "processing", "success",
                                "User '" + display + "' will be updated in " + app_name_));
    ScimReply r = call(c, "PATCH", "/Users/" + core::net::url_encode(target_id),
                       render_patch(ops, c.dialect).dump());
    if (r.status != 200 && r.status != 204) {
      fail(r, "update", true, "EntryExportUpdate");
      return;
    }
    for (const auto& op : ops) report.changes.push_back(modified(op.path, op.old_value, op.value));
    report.steps.push_back(step("EntryExportUpdate", "export", "success",
                                "User '" + display + "' was updated in " + app_name_));
    ++c.exported;
  } else {
    logged = c.on_demand;
    report.steps.push_back(step("EntrySynchronizationNone", "processing", "skipped",
                                "User '" + display + "' is already up to date in " + app_name_));
    report.status = "skipped";
    report.error_code = "RedundantExport";
    report.reason = "No report.changes needed in " + app_name_ + ".";
  }
  {
    std::lock_guard lock(mutex_);
    Anchor& a = users_[id];
    a.target_id = target_id;
    a.display = display;
    a.exported = exported;
    a.active = true;
    a.managed = true;
    escrow_.erase(id);
  }
  escrow_done = true;
  finish();
}

void ProvisioningJob::process_group(Cycle& c, const SourceGroup* group, const std::string& id,
                                    bool entitled, Outcome* trace) {
  std::optional<Anchor> anchor = find_locked(mutex_, groups_, id);
  const ObjectMapping& mapping = c.config.mappings.groups;
  std::string display = anchor ? anchor->display : id;
  if (group != nullptr) display = lookup(group->attributes, "displayName").value_or(group->id);
  ObjectReport report(trace != nullptr ? &trace->entry : nullptr);
  std::string target_id = anchor ? anchor->target_id : "";

  auto entry_for = [&](const std::string& src_id, const std::string& src_display,
                       const std::string& type) {
    json entry = log_entry_head(ids_, options_.tenant_id, id_, sp_id_, app_name_, c.at, c.cycle_id,
                                c.on_demand);
    entry["sourceIdentity"] = log_identity(src_id, src_display, type);
    entry["targetIdentity"] = log_identity(target_id, display, kScimGroupSchema);
    return entry;
  };
  auto finish = [&] {
    ++c.events;
    logs_.append(report.complete(entry_for(id, display, "Group")));
  };
  auto fail_with = [&](const std::string& code, const std::string& why, const char* step_name,
                       const char* step_type) {
    report.fail(code, why, step_name, step_type);
    record_failure(c, id, false, code);
    finish();
  };
  auto fail = [&](const ScimReply& r, const std::string& what, bool by_id, const char* step_name,
                  bool reference) {
    if (reference) ++c.reference_failures;
    fail_with(error_code_for(r, by_id),
              failure_reason(r, what + " Group '" + display + "'", app_name_), step_name,
              reference ? "referenceResolution" : "export");
  };

  if (group == nullptr || !entitled) {
    if (!anchor) {
      if (c.on_demand && group != nullptr) {
        report.status = "skipped";
        report.error_code = "NotEffectivelyEntitled";
        report.reason =
            "Group '" + display + "' is not assigned to the application or is out of scope.";
        report.steps.push_back(
            step("EntrySynchronizationScoping", "scoping", "skipped", report.reason));
        finish();
      }
      return;
    }
    report.action = "delete";
    report.steps.push_back(step(
        "EntryImportDelete", "import", "success",
        "Received Group '" + display + "' change of type (Delete) from Azure Active Directory"));
    ScimReply r = call(c, "DELETE", "/Groups/" + core::net::url_encode(anchor->target_id), "");
    if (r.status != 204 && r.status != 200 && r.status != 404) {
      fail(r, "delete", true, "EntryExportDelete", false);
      return;
    }
    report.steps.push_back(step("EntryExportDelete", "export", "success",
                                "Group '" + display + "' was deleted in " + app_name_));
    {
      std::lock_guard lock(mutex_);
      groups_.erase(id);
      escrow_.erase(id);
    }
    ++c.exported;
    finish();
    return;
  }

  auto resolve = group_resolver(*group, false);
  TargetValues values = evaluate(mapping, resolve, false);
  auto exported = to_map(values);
  bool map_members = false;
  for (const auto& m : mapping.attributes) map_members = map_members || m.target == "members";

  // Direct user members only (azure-ad.md §6): a member that is a group is skipped and logged.
  std::set<std::string> desired;
  if (map_members) {
    for (const auto& m : group->members) {
      if (m.kind == MemberKind::kGroup) {
        bool first = false;
        {
          std::lock_guard lock(mutex_);
          first = logged_nested_.insert(id + "/" + m.id).second;
        }
        if (first || c.on_demand) {
          auto child = directory_.group(m.id);
          std::string child_name =
              child ? lookup(child->attributes, "displayName").value_or(m.id) : m.id;
          json e = entry_for(m.id, child_name, "Group");
          e["targetIdentity"] = {{"id", ""},
                                 {"displayName", child_name},
                                 {"identityType", kScimGroupSchema},
                                 {"details", {}}};
          e["provisioningAction"] = "other";
          std::string why = "Group '" + child_name + "' is a member of the assigned group '" +
                            display +
                            "'. Nested groups are not supported: only users who are direct "
                            "members of an assigned group are provisioned, and a group is never "
                            "sent as a member.";
          e["provisioningStatusInfo"] = {
              {"status", "skipped"},
              {"errorInformation",
               {{"errorCode", "EntrySynchronizationSkipped"},
                {"reason", why},
                {"additionalDetails", nullptr},
                {"errorCategory", "Skipped"},
                {"recommendedAction", "Assign the nested group to the application directly."}}}};
          e["provisioningSteps"] =
              json::array({step("EntrySynchronizationScoping", "scoping", "skipped", why)});
          e["modifiedProperties"] = json::array();
          ++c.events;
          logs_.append(std::move(e));
        }
        continue;
      }
      auto ent = c.user_entitled.find(m.id);
      if (ent == c.user_entitled.end() || !ent->second) continue;
      std::lock_guard lock(mutex_);
      auto ua = users_.find(m.id);
      if (ua != users_.end() && ua->second.active) desired.insert(ua->second.target_id);
    }
  }

  if (anchor && anchor->exported == exported && anchor->members == desired && !c.full &&
      !c.on_demand && !contains_locked(mutex_, escrow_, id)) {
    return;
  }
  report.steps.push_back(step(anchor ? "EntryImportUpdate" : "EntryImportAdd", "import", "success",
                              "Received Group '" + display + "' change of type (" +
                                  (anchor ? "Update" : "Add") + ") from Azure Active Directory"));
  report.steps.push_back(
      step("EntrySynchronizationScoping", "scoping", "success",
           "Determine if Group in scope by evaluating against each scoping filter"));

  std::optional<json> current;
  bool attributes_changed = !anchor || anchor->exported != exported || c.full || c.on_demand;
  if (anchor && attributes_changed) {
    ScimReply r = call(
        c, "GET",
        "/Groups/" + core::net::url_encode(anchor->target_id) + "?excludedAttributes=members", "");
    if (r.status == 200) {
      current = parse_body(r.body);
      if (!current || !current->is_object()) {
        fail(r, "read", true, "EntryExportUpdate", false);
        return;
      }
    } else if (r.status == 404) {
      anchor.reset();
      std::lock_guard lock(mutex_);
      groups_.erase(id);
    } else {
      fail(r, "read", true, "EntryExportUpdate", false);
      return;
    }
  }
  bool created = false;
  if (!anchor && !current) {
    const AttributeMapping* match = matching_attribute(mapping);
    Value key;
    for (const auto& [path, v] : values) {
      if (match != nullptr && path == match->target) key = v;
    }
    if (!key) {
      report.status = "skipped";
      report.error_code = "ImportSkipped";
      report.reason = "The matching attribute of Group '" + display + "' is empty.";
      report.steps.push_back(step("EntryMatching", "matching", "skipped", report.reason));
      finish();
      return;
    }
    std::string filter = match->target + " eq \"" + quote_filter_value(*key) + "\"";
    ScimReply r = call(
        c, "GET", "/Groups?excludedAttributes=members&filter=" + core::net::url_encode(filter), "");
    if (r.status != 200) {
      fail(r, "query", false, "EntryMatching", false);
      return;
    }
    auto list = parse_body(r.body);
    std::size_t found = 0;
    if (list && list->is_object()) {
      auto it = list->find("Resources");
      if (it != list->end() && it->is_array()) {
        found = it->size();
        if (found == 1) current = (*it)[0];
      }
    }
    if (found > 1) {
      fail_with(kMultipleEntries,
                "More than one Group in " + app_name_ + " matched " + filter + ".", "EntryMatching",
                "matching");
      return;
    }
    report.steps.push_back(step("EntryMatching", "matching", "success",
                                current ? "Group '" + display + "' was found in " + app_name_
                                        : "Group '" + display + "' was not found in " + app_name_));
    if (!current) {
      report.action = "create";
      ScimReply p = call(c, "POST", "/Groups", build_group_resource(values).dump());
      if (p.status != 201 && p.status != 200) {
        fail(p, "create", false, "EntryExportAdd", false);
        return;
      }
      const std::string tid = created_id(p);
      if (tid.empty()) {
        const ScimReply bad = unusable(p, "the response to POST /Groups carries no id");
        fail_with(kIncompatible, failure_reason(bad, "create Group '" + display + "'", app_name_),
                  "EntryExportAdd", "export");
        return;
      }
      target_id = tid;
      created = true;
      for (const auto& [path, v] : values) {
        if (v) report.changes.push_back(modified(path, std::nullopt, v));
      }
      report.steps.push_back(step("EntryExportAdd", "export", "success",
                                  "Group '" + display + "' was created in " + app_name_));
      ++c.exported;
      std::lock_guard lock(mutex_);
      Anchor a;
      a.target_id = tid;
      a.display = display;
      a.exported = exported;
      groups_[id] = a;
      anchor = a;
    }
  }
  if (!created && current) {
    if (auto tid = string_member(*current, "id")) target_id = *tid;
    std::vector<PatchOp> ops = diff(values, *current);
    if (!ops.empty()) {
      report.action = "update";
      ScimReply r = call(c, "PATCH", "/Groups/" + core::net::url_encode(target_id),
                         render_patch(ops, c.dialect).dump());
      if (r.status != 200 && r.status != 204) {
        fail(r, "update", true, "EntryExportUpdate", false);
        return;
      }
      for (const auto& op : ops)
        report.changes.push_back(modified(op.path, op.old_value, op.value));
      report.steps.push_back(step("EntryExportUpdate", "export", "success",
                                  "Group '" + display + "' was updated in " + app_name_));
      ++c.exported;
    }
    std::lock_guard lock(mutex_);
    Anchor& a = groups_[id];
    a.target_id = target_id;
    a.display = display;
    a.exported = exported;
    if (!anchor) a.members.clear();
    anchor = a;
  }

  // Members as references: adds and removes in batches of at most 100.
  std::vector<std::string> add;
  std::vector<std::string> remove;
  for (const auto& m : desired) {
    if (!anchor->members.count(m)) add.push_back(m);
  }
  for (const auto& m : anchor->members) {
    if (!desired.count(m)) remove.push_back(m);
  }
  std::set<std::string> members = anchor->members;
  if (!add.empty() || !remove.empty()) {
    std::size_t ai = 0;
    std::size_t ri = 0;
    for (const auto& body : render_member_patches(add, remove, c.dialect)) {
      ScimReply r = call(c, "PATCH", "/Groups/" + core::net::url_encode(target_id), body.dump());
      bool is_add = ai < add.size();
      std::size_t n = 0;
      if (is_add) {
        n = std::min(kMaxMembersPerPatch, add.size() - ai);
      } else {
        n = std::min(kMaxMembersPerPatch, remove.size() - ri);
      }
      if (r.status != 200 && r.status != 204) {
        std::lock_guard lock(mutex_);
        groups_[id].members = members;
        if (report.action == "other") report.action = "update";
        fail(r, "update members of", true, "EntryReferenceResolution", true);
        return;
      }
      for (std::size_t k = 0; k < n; ++k) {
        if (is_add) {
          members.insert(add[ai + k]);
        } else {
          members.erase(remove[ri + k]);
        }
      }
      if (is_add) {
        ai += n;
      } else {
        ri += n;
      }
      ++c.references;
    }
    if (!add.empty())
      report.changes.push_back(modified("members", std::nullopt, comma_joined(add)));
    if (!remove.empty())
      report.changes.push_back(modified("members", comma_joined(remove), std::nullopt));
    report.steps.push_back(step("EntryReferenceResolution", "referenceResolution", "success",
                                "Membership of Group '" + display + "' was updated in " +
                                    app_name_ + ": " + std::to_string(add.size()) + " added, " +
                                    std::to_string(remove.size()) + " removed"));
    if (report.action == "other") report.action = "update";
  }
  {
    std::lock_guard lock(mutex_);
    Anchor& a = groups_[id];
    a.target_id = target_id;
    a.display = display;
    a.exported = exported;
    a.members = members;
    escrow_.erase(id);
  }
  if (report.action == "other" && !c.on_demand) return;
  finish();
}

Execution ProvisioningJob::run_cycle_locked(TimePoint at, bool scheduled) {
  Execution ex;
  ex.activity_id = ids_.uuid4();
  ex.began = at;
  Cycle c;
  c.cycle_id = ex.activity_id;
  c.at = at;
  bool quarantined = false;
  {
    std::lock_guard lock(mutex_);
    c.config = config_;
    c.full = full_pending_ || !watermark_;
    quarantined = quarantine_.has_value();
    ever_run_ = true;
    if (scheduled) next_cycle_ = at + options_.interval;
  }
  c.dialect = dialect_for_tenant_url(c.config.tenant_url);

  auto finish = [&](const std::string& state) {
    ex.state = state;
    ex.ended = at;
    ex.exported = c.exported;
    ex.exported_references = c.references;
    std::lock_guard lock(mutex_);
    ex.escrowed = escrow_.size();
    last_execution_ = ex;
    if (state == "Succeeded" || state == "EscrowedEntries") {
      successive_failures_ = 0;
      last_success_ = ex;
      if (ex.exported > 0) last_success_with_exports_ = ex;
      if (state == "Succeeded") {
        if (!steady_first_) steady_first_ = at;
        steady_last_ = at;
      }
    } else {
      ++successive_failures_;
    }
    return ex;
  };
  auto connection_failed = [&](const ConnectionCheck& check) {
    ex.error_code = check.code;
    ex.error_message = check.message;
    bool disable = false;
    {
      std::lock_guard lock(mutex_);
      disable = quarantine_ && at - quarantine_->series_began >= options_.disable_after;
    }
    if (disable) {
      {
        std::lock_guard lock(mutex_);
        schedule_state_ = "Disabled";
        escrow_.clear();
        escrows_pruned_ = true;
      }
      notify(at, "Provisioning of " + app_name_ + " has been disabled",
             "The provisioning job of " + app_name_ + " (job " + id_ +
                 ") stayed in quarantine for more than 28 days and has been disabled. Fix the "
                 "problem, then restart provisioning.");
      return finish("Failed");
    }
    enter_quarantine(at, "EncounteredQuarantineException", check.code, check.message);
    return finish("Failed");
  };

  if (c.config.tenant_url.empty()) {
    ex.error_code = "NotConfigured";
    ex.error_message = "Admin credentials are not configured.";
    return finish("Failed");
  }
  try {
    c.transport = transports_(c.config.tenant_url, c.config.secret_token);
  } catch (const std::exception& e) {
    ConnectionCheck check;
    check.code = kCredentialUnavailable;
    check.message = std::string("You appear to have entered an invalid Tenant URL: ") + e.what();
    return connection_failed(check);
  }
  // Azure repeats Test Connection at the start of each run (azure-ad.md §4.1).
  {
    std::string filter = "userName eq \"" + ids_.uuid4() + "\"";
    ScimReply r = c.transport->send("GET", "/Users?filter=" + core::net::url_encode(filter), "");
    ConnectionCheck check = check_reply(r);
    if (!check.ok) return connection_failed(check);
  }

  std::uint64_t seq = directory_.change_sequence();
  bool idle = false;
  {
    std::lock_guard lock(mutex_);
    idle = !c.full && watermark_ && *watermark_ == seq && escrow_.empty() && !quarantined;
  }
  if (idle) return finish("Succeeded");

  auto users = directory_.users();
  auto groups = directory_.groups();
  auto assignments = directory_.assignments(sp_id_);
  ex.imported = users.size() + groups.size();

  std::set<std::string> assigned_users;
  std::set<std::string> assigned_groups;
  for (const auto& a : assignments) {
    (a.kind == MemberKind::kUser ? assigned_users : assigned_groups).insert(a.principal_id);
  }
  std::map<std::string, const SourceGroup*> group_by_id;
  for (const auto& g : groups) group_by_id[g.id] = &g;
  std::set<std::string> via_group;
  for (const auto& gid : assigned_groups) {
    auto it = group_by_id.find(gid);
    if (it == group_by_id.end() || it->second->soft_deleted) continue;
    for (const auto& m : it->second->members) {
      if (m.kind == MemberKind::kUser) via_group.insert(m.id);
    }
  }
  struct UserItem {
    const SourceUser* user;
    std::string id;
    bool entitled;
    bool forget;
  };
  std::vector<UserItem> user_items;
  std::set<std::string> seen;
  for (const auto& u : users) {
    bool assigned = c.config.sync_all || assigned_users.count(u.id) || via_group.count(u.id);
    bool in_filter = in_scoping_filters(c.config.mappings.users.scoping, user_resolver(u, false));
    bool entitled = assigned && in_filter && !u.soft_deleted && u.account_enabled;
    c.user_entitled[u.id] = entitled;
    user_items.push_back({&u, u.id, entitled, !assigned || !in_filter});
    seen.insert(u.id);
    if (entitled) ++ex.entitled;
  }
  struct GroupItem {
    const SourceGroup* group;
    std::string id;
    bool entitled;
  };
  std::vector<GroupItem> group_items;
  std::set<std::string> seen_groups;
  for (const auto& g : groups) {
    bool assigned = c.config.sync_all || assigned_groups.count(g.id);
    bool entitled = assigned && !g.soft_deleted &&
                    in_scoping_filters(c.config.mappings.groups.scoping, group_resolver(g, false));
    group_items.push_back({&g, g.id, entitled});
    seen_groups.insert(g.id);
    if (entitled) ++ex.entitled;
  }
  std::size_t planned_deletes = 0;
  bool allow_deletes = false;
  std::vector<std::pair<std::string, std::string>> staged;  // (source id, display)
  {
    std::lock_guard lock(mutex_);
    allow_deletes = allow_deletes_;
    for (const auto& [uid, a] : users_) {
      if (!seen.count(uid)) {
        if (a.managed) {
          user_items.push_back({nullptr, uid, false, false});
          ++planned_deletes;
          staged.emplace_back(uid, a.display);
        }
        continue;
      }
      if (a.active && !c.user_entitled[uid]) {
        ++planned_deletes;
        staged.emplace_back(uid, a.display);
      }
    }
    for (const auto& [gid, a] : groups_) {
      bool gone = !seen_groups.count(gid);
      bool out = false;
      for (const auto& gi : group_items) {
        if (gi.id == gid) out = !gi.entitled;
      }
      if (gone) group_items.push_back({nullptr, gid, false});
      if (gone || out) {
        ++planned_deletes;
        staged.emplace_back(gid, a.display);
      }
    }
  }
  if (c.config.delete_threshold_enabled && c.config.delete_threshold > 0 &&
      planned_deletes > static_cast<std::size_t>(c.config.delete_threshold) && !allow_deletes) {
    for (const auto& [sid, name] : staged) {
      json e = {{"id", ids_.uuid4()},
                {"activityDateTime", format_utc(at)},
                {"tenantId", options_.tenant_id},
                {"jobId", id_},
                {"cycleId", c.cycle_id},
                {"changeId", ids_.uuid4()},
                {"durationInMilliseconds", 0},
                {"initiatedBy",
                 {{"id", ""},
                  {"displayName", "Azure AD Provisioning Service"},
                  {"initiatorType", "system"}}},
                {"servicePrincipal", {{"id", sp_id_}, {"displayName", app_name_}}},
                {"sourceSystem", {{"id", ""}, {"displayName", "Azure Active Directory"}}},
                {"targetSystem", {{"id", ""}, {"displayName", app_name_}}},
                {"sourceIdentity", {{"id", sid}, {"displayName", name}}},
                {"targetIdentity", {{"id", anchor_of(sid).value_or("")}, {"displayName", name}}},
                {"provisioningAction", "stagedDelete"},
                {"provisioningStatusInfo",
                 {{"status", "skipped"},
                  {"errorInformation",
                   {{"errorCode", "TooManyDeletes"},
                    {"reason", "The deletion was staged: this cycle would disable or delete " +
                                   std::to_string(planned_deletes) +
                                   " objects, more than the threshold of " +
                                   std::to_string(c.config.delete_threshold) + "."},
                    {"additionalDetails", nullptr},
                    {"errorCategory", "Skipped"},
                    {"recommendedAction", "Review the changes, then allow deletes."}}}}},
                {"provisioningSteps", json::array()},
                {"modifiedProperties", json::array()}};
      logs_.append(std::move(e));
    }
    ex.error_code = "TooManyDeletes";
    ex.error_message = "The accidental-deletion threshold was exceeded.";
    enter_quarantine(at, "TooManyDeletes", "TooManyDeletes",
                     "This cycle would disable or delete " + std::to_string(planned_deletes) +
                         " objects, more than the threshold of " +
                         std::to_string(c.config.delete_threshold) +
                         ". Review the changes in the provisioning logs and allow deletes.");
    return finish("Failed");
  }

  if (c.config.mappings.users.enabled) {
    parallel_for(user_items.size(), options_.workers, [&](std::size_t i) {
      if (c.credential_failure) return;
      const auto& item = user_items[i];
      try {
        process_user(c, item.user, item.id, item.entitled, item.forget, nullptr);
      } catch (const std::exception& e) {
        ScimReply r;
        r.error = e.what();
        record_failure(c, item.id, true, "InternalError");
      }
    });
  }
  if (c.config.mappings.groups.enabled && !c.credential_failure) {
    parallel_for(group_items.size(), options_.workers, [&](std::size_t i) {
      if (c.credential_failure) return;
      const auto& item = group_items[i];
      try {
        process_group(c, item.group, item.id, item.entitled, nullptr);
      } catch (const std::exception&) {
        record_failure(c, item.id, false, "InternalError");
      }
    });
  }
  if (c.credential_failure) {
    ConnectionCheck check;
    check.code = kCredentialFailure;
    {
      std::lock_guard lock(c.mutex);
      check.message = c.credential_message;
    }
    return connection_failed(check);
  }

  // Escrow thresholds (azure-ad.md §4.7).
  std::size_t failures = c.failures;
  std::size_t ref_failures = c.reference_failures;
  std::size_t events = std::max<std::size_t>(c.events, 1);
  std::string threshold_reason;
  if (failures > options_.escrow_cap) {
    threshold_reason = "EncounteredTotalEscrowThreshold";
  } else if (failures - ref_failures > options_.escrow_total) {
    threshold_reason = "EncounteredBaseEscrowThreshold";
  } else if (failures >= options_.escrow_evaluation_start &&
             static_cast<double>(failures) / static_cast<double>(events) >
                 options_.escrow_proportion) {
    threshold_reason = "EncounteredEscrowProportionThreshold";
  }
  {
    std::lock_guard lock(mutex_);
    watermark_ = seq;
    full_pending_ = false;
    allow_deletes_ = false;
    escrows_pruned_ = false;
    synced_users_ = 0;
    for (const auto& [k, a] : users_) synced_users_ += a.active ? 1 : 0;
    synced_groups_ = groups_.size();
  }
  if (!threshold_reason.empty()) {
    ex.error_code = threshold_reason;
    ex.error_message = std::to_string(failures) + " of " + std::to_string(events) +
                       " objects failed in this cycle.";
    enter_quarantine(at, threshold_reason, threshold_reason, ex.error_message);
    return finish("Failed");
  }
  {
    std::lock_guard lock(mutex_);
    if (quarantine_) {
      quarantine_.reset();  // any success lifts the quarantine
      next_cycle_ = at + options_.interval;
    }
  }
  return finish(failures > 0 ? "EscrowedEntries" : "Succeeded");
}

std::vector<OnDemandResult> ProvisioningJob::provision_on_demand(const std::string& object_id,
                                                                 const std::string& object_type) {
  std::lock_guard cycle_lock(cycle_mutex_);
  TimePoint at = clock_.now();
  Cycle c;
  c.cycle_id = ids_.uuid4();
  c.at = at;
  c.on_demand = true;
  c.full = true;
  {
    std::lock_guard lock(mutex_);
    c.config = config_;
  }
  c.dialect = Dialect::kLegacy;  // the aadOptscim062020 flag does not apply on demand
  std::string type = lower(object_type);
  if (type != "user" && type != "group") {
    throw std::invalid_argument("objectTypeName must be User or Group");
  }
  std::optional<SourceUser> user;
  std::optional<SourceGroup> group;
  if (type == "user") {
    user = directory_.user(object_id);
    if (!user) throw std::invalid_argument("The user " + object_id + " does not exist.");
  } else {
    group = directory_.group(object_id);
    if (!group) throw std::invalid_argument("The group " + object_id + " does not exist.");
    std::size_t users = 0;
    for (const auto& m : group->members) users += m.kind == MemberKind::kUser ? 1 : 0;
    if (users > kMaxOnDemandGroupMembers) {
      throw std::invalid_argument(
          "Provision on demand supports groups with at most 5 members; group '" +
          lookup(group->attributes, "displayName").value_or(object_id) + "' has " +
          std::to_string(users) + ".");
    }
  }

  auto test_step = [&](const ConnectionCheck& check) {
    return step("EntryExportTestConnection", "export", check.ok ? "success" : "failure",
                check.ok ? "Test connection to " + app_name_ + " succeeded"
                         : check.code + ": " + check.message);
  };
  ConnectionCheck check;
  if (c.config.tenant_url.empty()) {
    check.code = kCredentialUnavailable;
    check.message = "Admin credentials are not configured.";
  } else {
    try {
      c.transport = transports_(c.config.tenant_url, c.config.secret_token);
      std::string filter = "userName eq \"" + ids_.uuid4() + "\"";
      check = check_reply(
          c.transport->send("GET", "/Users?filter=" + core::net::url_encode(filter), ""));
    } catch (const std::exception& e) {
      check.code = kCredentialUnavailable;
      check.message = e.what();
    }
  }
  if (!check.ok) {
    OnDemandResult r;
    r.value = {{"provisioningSteps", json::array({test_step(check)})},
               {"statusInfo", {{"status", "failure"}, {"errorCode", check.code}}}};
    return {r};
  }

  auto assignments = directory_.assignments(sp_id_);
  std::set<std::string> assigned_users;
  std::set<std::string> assigned_groups;
  for (const auto& a : assignments) {
    (a.kind == MemberKind::kUser ? assigned_users : assigned_groups).insert(a.principal_id);
  }
  auto user_entitled = [&](const SourceUser& u, bool via_group) {
    bool assigned = c.config.sync_all || assigned_users.count(u.id) || via_group;
    if (!assigned) {
      for (const auto& gid : assigned_groups) {
        auto g = directory_.group(gid);
        if (!g || g->soft_deleted) continue;
        for (const auto& m : g->members) {
          assigned = assigned || (m.kind == MemberKind::kUser && m.id == u.id);
        }
      }
    }
    bool in_filter = in_scoping_filters(c.config.mappings.users.scoping, user_resolver(u, false));
    return std::make_pair(assigned && in_filter && !u.soft_deleted && u.account_enabled,
                          !assigned || !in_filter);
  };
  auto wrap = [&](const Outcome& o) {
    OnDemandResult r;
    json steps = json::array({test_step(check)});
    if (o.entry.is_object()) {
      for (const auto& s : o.entry["provisioningSteps"]) steps.push_back(s);
      r.value = o.entry;
    } else {
      r.value = json::object();
    }
    r.value["provisioningSteps"] = steps;
    return r;
  };
  std::vector<OnDemandResult> out;
  if (user) {
    auto [entitled, forget] = user_entitled(*user, false);
    c.user_entitled[user->id] = entitled;
    Outcome o;
    process_user(c, &*user, user->id, entitled, forget, &o);
    out.push_back(wrap(o));
    return out;
  }
  bool group_entitled =
      (c.config.sync_all || assigned_groups.count(group->id)) && !group->soft_deleted &&
      in_scoping_filters(c.config.mappings.groups.scoping, group_resolver(*group, false));
  if (group_entitled) {
    for (const auto& m : group->members) {
      if (m.kind != MemberKind::kUser) continue;
      auto u = directory_.user(m.id);
      if (!u) continue;
      auto [entitled, forget] = user_entitled(*u, true);
      c.user_entitled[u->id] = entitled;
      Outcome o;
      process_user(c, &*u, u->id, entitled, forget, &o);
      out.push_back(wrap(o));
    }
  }
  Outcome o;
  process_group(c, &*group, group->id, group_entitled, &o);
  out.push_back(wrap(o));
  return out;
}

nlohmann::json ProvisioningJob::status_json() const {
  std::lock_guard lock(mutex_);
  auto execution = [](const std::optional<Execution>& e) -> json {
    if (!e) return nullptr;
    json err = nullptr;
    if (!e->error_code.empty()) {
      err = {{"code", e->error_code}, {"message", e->error_message}, {"tenantActionable", true}};
    }
    return {{"activityIdentifier", e->activity_id},
            {"countEntitled", e->entitled},
            {"countEntitledForProvisioning", e->entitled},
            {"countEscrowed", e->escrowed},
            {"countEscrowedRaw", e->escrowed},
            {"countExported", e->exported},
            {"countExports", e->exported + e->exported_references},
            {"countImported", e->imported},
            {"countImportedDeltas", e->imported},
            {"countImportedReferenceDeltas", 0},
            {"state", e->state},
            {"error", err},
            {"timeBegan", format_utc(e->began)},
            {"timeEnded", format_utc(e->ended)}};
  };
  std::string code = "NotRun";
  if (config_.tenant_url.empty()) code = "NotConfigured";
  if (quarantine_) {
    code = "Quarantine";
  } else if (schedule_state_ == "Active" && ever_run_) {
    code = "Active";
  } else if (schedule_state_ != "Active" && ever_run_) {
    code = "Paused";
  }
  json q = nullptr;
  if (quarantine_) {
    q = {{"currentBegan", format_utc(quarantine_->current_began)},
         {"nextAttempt", format_utc(quarantine_->next_attempt)},
         {"reason", quarantine_->reason},
         {"seriesBegan", format_utc(quarantine_->series_began)},
         {"seriesCount", quarantine_->series_count},
         {"error",
          {{"code", quarantine_->error_code},
           {"message", quarantine_->error_message},
           {"tenantActionable", true}}}};
  }
  return {{"code", code},
          {"countSuccessiveCompleteFailures", successive_failures_},
          {"escrowsPruned", escrows_pruned_},
          {"lastExecution", execution(last_execution_)},
          {"lastSuccessfulExecution", execution(last_success_)},
          {"lastSuccessfulExecutionWithExports", execution(last_success_with_exports_)},
          {"progress", json::array()},
          {"quarantine", q},
          {"steadyStateFirstAchievedTime",
           steady_first_ ? json(format_utc(*steady_first_)) : json("0001-01-01T00:00:00Z")},
          {"steadyStateLastAchievedTime",
           steady_last_ ? json(format_utc(*steady_last_)) : json("0001-01-01T00:00:00Z")},
          {"synchronizedEntryCountByType",
           json::array({{{"key", "User to urn:ietf:params:scim:schemas:core:2.0:User"},
                         {"value", synced_users_}},
                        {{"key", "Group to urn:ietf:params:scim:schemas:core:2.0:Group"},
                         {"value", synced_groups_}}})},
          {"troubleshootingUrl", nullptr}};
}

nlohmann::json ProvisioningJob::to_graph() const {
  json status = status_json();
  std::lock_guard lock(mutex_);
  std::string interval = schedule_state_ == "Disabled"
                             ? "P10675199DT2H48M5.4775807S"
                             : core::util::format_duration(options_.interval);
  return {
      {"id", id_},
      {"templateId", "aWSSingleSignOn"},
      {"schedule", {{"expiration", nullptr}, {"interval", interval}, {"state", schedule_state_}}},
      {"status", status},
      {"synchronizationJobSettings",
       json::array({{{"name", "QuarantineTooManyDeletesThreshold"},
                     {"value", std::to_string(config_.delete_threshold)}},
                    {{"name", "DeleteThresholdEnabled"},
                     {"value", config_.delete_threshold_enabled ? "true" : "false"}}})}};
}

}  // namespace mock_idp::provisioning
