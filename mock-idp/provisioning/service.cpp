#include "mock-idp/provisioning/service.hpp"

#include <cctype>

#include "core/net/http_client.hpp"

namespace mock_idp::provisioning {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxMappings = 200;
constexpr std::size_t kMaxScopingClauses = 100;

[[noreturn]] void bad_request(const std::string& message) {
  throw ProvisioningError(400, "BadRequest", message);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string str(const json& obj, const char* key, const std::string& fallback = {}) {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (!it->is_string()) bad_request(std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

bool boolean(const json& obj, const char* key, bool fallback) {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    std::string v = lower(it->get<std::string>());
    if (v == "true") return true;
    if (v == "false") return false;
  }
  bad_request(std::string("'") + key + "' must be a boolean");
}

json mapping_json(const AttributeMapping& m) {
  json source = nullptr;
  switch (m.type) {
    case MappingType::kDirect:
      source = {{"expression", "[" + m.source + "]"},
                {"name", m.source},
                {"type", "Attribute"},
                {"parameters", json::array()}};
      break;
    case MappingType::kConstant:
      source = {{"expression", "\"" + m.source + "\""},
                {"name", m.source},
                {"type", "Constant"},
                {"parameters", json::array()}};
      break;
    case MappingType::kExpression:
      source = {{"expression", m.expression ? m.expression->to_string() : m.source},
                {"name", m.expression && m.expression->kind() == Expression::Kind::kCall
                             ? m.expression->text()
                             : ""},
                {"type", "Function"},
                {"parameters", json::array()}};
      break;
    case MappingType::kNone:
      break;
  }
  return {{"defaultValue", m.default_value ? json(*m.default_value) : json(nullptr)},
          {"exportMissingReferences", false},
          {"flowBehavior", "FlowWhenChanged"},
          {"flowType", m.apply == ApplyWhen::kAlways ? "Always" : "ObjectAddOnly"},
          {"matchingPriority", m.matching_precedence},
          {"source", source},
          {"targetAttributeName", m.target}};
}

json object_mapping_json(const ObjectMapping& m) {
  json scope = nullptr;
  if (!m.scoping.empty()) {
    json groups = json::array();
    for (const auto& f : m.scoping) {
      json clauses = json::array();
      for (const auto& c : f.clauses) {
        clauses.push_back({{"operatorName", c.op},
                           {"sourceOperandName", c.attribute},
                           {"targetOperand", {{"values", json::array({c.value})}}}});
      }
      groups.push_back({{"clauses", clauses}});
    }
    scope = {{"categoryFilterGroups", json::array()},
             {"groups", groups},
             {"inputFilterGroups", json::array()}};
  }
  json attrs = json::array();
  for (const auto& a : m.attributes) attrs.push_back(mapping_json(a));
  return {{"enabled", m.enabled},
          {"flowTypes", "Add, Update, Delete"},
          {"metadata", json::array()},
          {"name", m.name},
          {"scope", scope},
          {"sourceObjectName", m.source_object},
          {"targetObjectName", m.target_object},
          {"attributeMappings", attrs}};
}

AttributeMapping parse_mapping(const json& j) {
  if (!j.is_object()) bad_request("an attributeMapping must be an object");
  AttributeMapping m;
  m.target = str(j, "targetAttributeName");
  if (m.target.empty()) bad_request("an attributeMapping has no targetAttributeName");
  if (j.contains("defaultValue") && !j["defaultValue"].is_null()) {
    m.default_value = str(j, "defaultValue");
  }
  std::string flow = str(j, "flowType", "Always");
  if (flow == "Always") {
    m.apply = ApplyWhen::kAlways;
  } else if (flow == "ObjectAddOnly") {
    m.apply = ApplyWhen::kOnCreateOnly;
  } else {
    bad_request("flowType of '" + m.target + "' must be Always or ObjectAddOnly");
  }
  if (j.contains("matchingPriority") && !j["matchingPriority"].is_null()) {
    if (!j["matchingPriority"].is_number_integer()) {
      bad_request("matchingPriority of '" + m.target + "' must be an integer");
    }
    m.matching_precedence = j["matchingPriority"].get<int>();
  }
  auto src = j.find("source");
  if (src == j.end() || src->is_null()) {
    m.type = MappingType::kNone;
    return m;
  }
  if (!src->is_object()) bad_request("source of '" + m.target + "' must be an object");
  std::string type = str(*src, "type");
  if (type == "Attribute") {
    m.type = MappingType::kDirect;
    m.source = str(*src, "name");
  } else if (type == "Constant") {
    m.type = MappingType::kConstant;
    m.source = str(*src, "name");
  } else if (type == "Function") {
    m.type = MappingType::kExpression;
    m.source = str(*src, "expression");
    if (m.source.empty())
      bad_request("the Function mapping to '" + m.target + "' has no expression");
  } else if (type == "None") {
    m.type = MappingType::kNone;
  } else {
    bad_request("source.type of '" + m.target + "' must be Attribute, Constant or Function");
  }
  return m;
}

ObjectMapping parse_object_mapping(const json& j, ObjectMapping base) {
  if (!j.is_object()) bad_request("an objectMapping must be an object");
  base.enabled = boolean(j, "enabled", true);
  base.name = str(j, "name", base.name);
  auto attrs = j.find("attributeMappings");
  if (attrs == j.end() || !attrs->is_array()) {
    bad_request("objectMapping '" + base.name + "' has no attributeMappings array");
  }
  if (attrs->size() > kMaxMappings) bad_request("too many attributeMappings");
  base.attributes.clear();
  for (const auto& a : *attrs) base.attributes.push_back(parse_mapping(a));
  base.scoping.clear();
  auto scope = j.find("scope");
  if (scope != j.end() && !scope->is_null()) {
    if (!scope->is_object()) bad_request("scope must be an object");
    auto groups = scope->find("groups");
    if (groups != scope->end() && !groups->is_null()) {
      if (!groups->is_array()) bad_request("scope.groups must be an array");
      std::size_t count = 0;
      for (const auto& g : *groups) {
        ScopingFilter f;
        auto clauses = g.is_object() ? g.find("clauses") : g.end();
        if (!g.is_object() || clauses == g.end() || !clauses->is_array()) {
          bad_request("a scoping filter group needs a clauses array");
        }
        for (const auto& c : *clauses) {
          if (++count > kMaxScopingClauses) bad_request("too many scoping clauses");
          ScopingClause clause;
          clause.op = str(c, "operatorName");
          clause.attribute = str(c, "sourceOperandName");
          auto target = c.find("targetOperand");
          if (target != c.end() && target->is_object()) {
            auto values = target->find("values");
            if (values != target->end() && values->is_array() && !values->empty()) {
              if (!(*values)[0].is_string()) bad_request("targetOperand.values must be strings");
              clause.value = (*values)[0].get<std::string>();
            }
          }
          f.clauses.push_back(clause);
        }
        base.scoping.push_back(f);
      }
    }
  }
  return base;
}

}  // namespace

json schema_json(const std::string& job_id, const MappingSet& set) {
  return {{"id", job_id},
          {"version", "Date:2026-01-01T00:00:00Z~1"},
          {"synchronizationRules",
           json::array({{{"id", "4c3d5a9e-7c5a-4a0b-8f0f-aws0000rule1"},
                         {"name", "USER_OUTBOUND_AWS"},
                         {"editable", true},
                         {"sourceDirectoryName", "Azure Active Directory"},
                         {"targetDirectoryName", "AWS IAM Identity Center"},
                         {"objectMappings", json::array({object_mapping_json(set.users),
                                                         object_mapping_json(set.groups)})}}})},
          {"directories", json::array()}};
}

MappingSet parse_schema(const json& body) {
  if (!body.is_object()) bad_request("the schema must be a JSON object");
  auto rules = body.find("synchronizationRules");
  if (rules == body.end() || !rules->is_array() || rules->empty()) {
    bad_request("the schema has no synchronizationRules");
  }
  const json& rule = (*rules)[0];
  auto maps = rule.is_object() ? rule.find("objectMappings") : rule.end();
  if (!rule.is_object() || maps == rule.end() || !maps->is_array()) {
    bad_request("the synchronization rule has no objectMappings");
  }
  MappingSet set = default_aws_mappings();
  bool users = false;
  bool groups = false;
  for (const auto& m : *maps) {
    std::string source = str(m, "sourceObjectName");
    if (source == "User") {
      set.users = parse_object_mapping(m, set.users);
      users = true;
    } else if (source == "Group") {
      set.groups = parse_object_mapping(m, set.groups);
      groups = true;
    } else {
      bad_request("sourceObjectName must be User or Group, not '" + source + "'");
    }
  }
  if (!users && !groups) bad_request("the schema maps neither users nor groups");
  try {
    validate(set.users, true);
    validate(set.groups, false);
  } catch (const MappingError& e) {
    throw ProvisioningError(400, "BadRequest", e.what());
  }
  return set;
}

ProvisioningService::ProvisioningService(
    const DirectorySource& directory,
    std::function<std::optional<std::string>(const std::string&)> sp_name,
    TransportFactory transports, const core::util::Clock& clock, core::util::IdGenerator& ids,
    ServiceOptions options)
    : directory_(directory),
      sp_name_(std::move(sp_name)),
      transports_(std::move(transports)),
      clock_(clock),
      ids_(ids),
      options_(std::move(options)),
      outbox_(options_.outbox_file) {}

void ProvisioningService::require_sp(const std::string& sp_id) const {
  if (!sp_name_(sp_id)) {
    throw ProvisioningError(404, "Request_ResourceNotFound",
                            "Resource '" + sp_id +
                                "' does not exist or one of its queried "
                                "reference-property objects are not present.");
  }
}

std::shared_ptr<ProvisioningJob> ProvisioningService::job_of(const std::string& sp_id) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(sp_id);
  return it == jobs_.end() ? nullptr : it->second;
}

std::shared_ptr<ProvisioningJob> ProvisioningService::find(const std::string& sp_id,
                                                           const std::string& job_id) {
  require_sp(sp_id);
  auto job = job_of(sp_id);
  if (!job || job->id() != job_id) {
    throw ProvisioningError(404, "NotFound",
                            "The synchronization job '" + job_id + "' was not found.");
  }
  return job;
}

std::shared_ptr<ProvisioningJob> ProvisioningService::ensure_job(const std::string& sp_id) {
  require_sp(sp_id);
  std::lock_guard lock(mutex_);
  auto& slot = jobs_[sp_id];
  if (!slot) {
    std::string tenant = options_.engine.tenant_id;
    std::string compact;
    for (char c : tenant) {
      if (c != '-') compact.push_back(c);
    }
    std::string job_id = std::string(kAwsTemplate) + "." + compact + "." + ids_.hex(32);
    slot =
        std::make_shared<ProvisioningJob>(job_id, sp_id, *sp_name_(sp_id), directory_, transports_,
                                          clock_, ids_, logs_, outbox_, options_.engine);
  }
  return slot;
}

json ProvisioningService::create_job(const std::string& sp_id, const std::string& template_id) {
  require_sp(sp_id);
  if (template_id != kAwsTemplate) {
    bad_request("templateId '" + template_id + "' is not a synchronization template of this " +
                "application; use '" + kAwsTemplate + "'");
  }
  if (job_of(sp_id)) {
    throw ProvisioningError(409, "Conflict",
                            "A synchronization job already exists for this application.");
  }
  return ensure_job(sp_id)->to_graph();
}

json ProvisioningService::list_jobs(const std::string& sp_id) {
  require_sp(sp_id);
  json value = json::array();
  if (auto job = job_of(sp_id)) value.push_back(job->to_graph());
  return value;
}

json ProvisioningService::get_job(const std::string& sp_id, const std::string& job_id) {
  return find(sp_id, job_id)->to_graph();
}

void ProvisioningService::delete_job(const std::string& sp_id, const std::string& job_id) {
  find(sp_id, job_id);
  std::lock_guard lock(mutex_);
  jobs_.erase(sp_id);
}

void ProvisioningService::put_secrets(const std::string& sp_id, const json& body) {
  require_sp(sp_id);
  auto value = body.is_object() ? body.find("value") : body.end();
  if (!body.is_object() || value == body.end() || !value->is_array()) {
    bad_request("the body must be {\"value\":[{\"key\":...,\"value\":...}]}");
  }
  auto job = ensure_job(sp_id);
  JobConfig cfg = job->config();
  for (const auto& kv : *value) {
    std::string key = str(kv, "key");
    std::string v = str(kv, "value");
    if (key == "BaseAddress") {
      if (!v.empty() && !core::net::split_url(v)) {
        bad_request("BaseAddress must be an http or https URL");
      }
      cfg.tenant_url = v;
    } else if (key == "SecretToken") {
      cfg.secret_token = v;
    } else if (key == "SyncAll") {
      cfg.sync_all = lower(v) == "true";
    } else if (key == "SyncNotificationSettings") {
      json n = json::parse(v, nullptr, false);
      if (!n.is_object()) bad_request("SyncNotificationSettings must be a JSON object string");
      cfg.notify_on_failure = boolean(n, "Enabled", false);
      cfg.notification_email = str(n, "Recipients");
    } else if (key == "SyncNotificationEmail" || key == "NotificationEmail") {
      cfg.notification_email = v;
    } else if (key == "QuarantineTooManyDeletesThreshold") {
      try {
        cfg.delete_threshold = std::stoi(v);
      } catch (const std::exception&) {
        bad_request("QuarantineTooManyDeletesThreshold must be an integer");
      }
    } else if (key.empty()) {
      bad_request("a secret has no key");
    }
    // Other keys (e.g. an OAuth client id) are stored by Azure but unused here.
  }
  job->set_config(cfg);
}

void ProvisioningService::validate_credentials(const std::string& sp_id, const std::string& job_id,
                                               const json& body) {
  auto job = find(sp_id, job_id);
  JobConfig cfg = job->config();
  std::string url = cfg.tenant_url;
  std::string token = cfg.secret_token;
  if (!boolean(body, "useSavedCredentials", false)) {
    auto creds = body.is_object() ? body.find("credentials") : body.end();
    if (creds == body.end() || !creds->is_array()) {
      bad_request("credentials must be an array of {key, value} unless useSavedCredentials");
    }
    for (const auto& kv : *creds) {
      std::string key = str(kv, "key");
      if (key == "BaseAddress") url = str(kv, "value");
      if (key == "SecretToken") token = str(kv, "value");
    }
  }
  ConnectionCheck check = job->test_connection(url, token);
  if (!check.ok) throw ProvisioningError(400, check.code, check.message);
}

void ProvisioningService::start(const std::string& sp_id, const std::string& job_id) {
  auto job = find(sp_id, job_id);
  if (job->config().tenant_url.empty()) {
    bad_request(
        "Admin credentials are not configured: save the Tenant URL and Secret Token "
        "before starting provisioning.");
  }
  job->start(clock_.now());
}

void ProvisioningService::pause(const std::string& sp_id, const std::string& job_id) {
  find(sp_id, job_id)->pause();
}

void ProvisioningService::restart(const std::string& sp_id, const std::string& job_id,
                                  const json& body) {
  auto job = find(sp_id, job_id);
  std::string scope;
  if (body.is_object()) {
    auto criteria = body.find("criteria");
    if (criteria != body.end() && !criteria->is_null()) {
      if (!criteria->is_object()) bad_request("criteria must be an object");
      scope = str(*criteria, "resetScope");
    }
  }
  job->restart(clock_.now(), scope.find("Full") != std::string::npos ||
                                 scope.find("ConnectorDataStore") != std::string::npos);
}

json ProvisioningService::get_schema(const std::string& sp_id, const std::string& job_id) {
  auto job = find(sp_id, job_id);
  return schema_json(job->id(), job->config().mappings);
}

void ProvisioningService::put_schema(const std::string& sp_id, const std::string& job_id,
                                     const json& body) {
  auto job = find(sp_id, job_id);
  MappingSet set = parse_schema(body);
  JobConfig cfg = job->config();
  cfg.mappings = std::move(set);
  job->set_config(cfg);
}

json ProvisioningService::provision_on_demand(const std::string& sp_id, const std::string& job_id,
                                              const json& body) {
  auto job = find(sp_id, job_id);
  auto params = body.is_object() ? body.find("parameters") : body.end();
  if (params == body.end() || !params->is_array() || params->size() != 1) {
    bad_request("parameters must hold exactly one synchronizationJobApplicationParameters");
  }
  auto subjects = (*params)[0].is_object() ? (*params)[0].find("subjects") : (*params)[0].end();
  if (subjects == (*params)[0].end() || !subjects->is_array() || subjects->size() != 1) {
    bad_request("Provision on demand takes exactly one subject (one user, or one group)");
  }
  const json& subject = (*subjects)[0];
  std::string object_id = str(subject, "objectId");
  std::string type = str(subject, "objectTypeName");
  if (object_id.empty()) bad_request("subjects[0].objectId is required");
  std::vector<OnDemandResult> results;
  try {
    results = job->provision_on_demand(object_id, type);
  } catch (const std::invalid_argument& e) {
    bad_request(e.what());
  }
  json value = json::array();
  for (auto& r : results) value.push_back(std::move(r.value));
  return {{"@odata.context", "$metadata#microsoft.graph.stringKeyStringValuePair"},
          {"key", "Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo"},
          {"value", value.dump()}};
}

json ProvisioningService::configure(const std::string& sp_id, const json& body) {
  if (!body.is_object()) bad_request("the body must be a JSON object");
  auto job = ensure_job(sp_id);
  JobConfig cfg = job->config();
  if (body.contains("tenantUrl")) {
    cfg.tenant_url = str(body, "tenantUrl");
    if (!cfg.tenant_url.empty() && !core::net::split_url(cfg.tenant_url)) {
      bad_request("tenantUrl must be an http or https URL");
    }
  }
  if (body.contains("secretToken")) cfg.secret_token = str(body, "secretToken");
  if (body.contains("notificationEmail")) cfg.notification_email = str(body, "notificationEmail");
  cfg.notify_on_failure = boolean(body, "sendOnFailure", cfg.notify_on_failure);
  if (body.contains("scope")) {
    std::string scope = str(body, "scope");
    if (scope == "assigned") {
      cfg.sync_all = false;
    } else if (scope == "all") {
      cfg.sync_all = true;
    } else {
      bad_request("scope must be \"assigned\" or \"all\"");
    }
  }
  cfg.delete_threshold_enabled =
      boolean(body, "deleteThresholdEnabled", cfg.delete_threshold_enabled);
  if (body.contains("deleteThreshold")) {
    if (!body["deleteThreshold"].is_number_integer()) {
      bad_request("deleteThreshold must be an integer");
    }
    cfg.delete_threshold = body["deleteThreshold"].get<int>();
  }
  if (body.contains("schema")) cfg.mappings = parse_schema(body["schema"]);
  job->set_config(cfg);
  if (body.contains("enabled")) {
    if (boolean(body, "enabled", false)) {
      if (cfg.tenant_url.empty()) bad_request("tenantUrl is required to start provisioning");
      job->start(clock_.now());
    } else {
      job->pause();
    }
  }
  return job->to_graph();
}

json ProvisioningService::upsert_mapping(const std::string& sp_id, const json& body) {
  auto job = ensure_job(sp_id);
  if (!body.is_object()) bad_request("the body must be a JSON object");
  std::string object = str(body, "object", "User");
  if (object != "User" && object != "Group") bad_request("object must be User or Group");
  AttributeMapping m;
  m.target = str(body, "target");
  if (m.target.empty()) bad_request("target is required");
  std::string type = str(body, "type", "Direct");
  if (type == "Direct") {
    m.type = MappingType::kDirect;
  } else if (type == "Constant") {
    m.type = MappingType::kConstant;
  } else if (type == "Expression") {
    m.type = MappingType::kExpression;
  } else if (type == "None") {
    m.type = MappingType::kNone;
  } else {
    bad_request("type must be Direct, Constant, Expression or None");
  }
  m.source = str(body, "source");
  if (body.contains("default") && !body["default"].is_null())
    m.default_value = str(body, "default");
  std::string apply = str(body, "apply", "Always");
  if (apply == "Always") {
    m.apply = ApplyWhen::kAlways;
  } else if (apply == "OnCreateOnly") {
    m.apply = ApplyWhen::kOnCreateOnly;
  } else {
    bad_request("apply must be Always or OnCreateOnly");
  }
  if (body.contains("matchingPrecedence")) {
    if (!body["matchingPrecedence"].is_number_integer()) {
      bad_request("matchingPrecedence must be an integer");
    }
    m.matching_precedence = body["matchingPrecedence"].get<int>();
  }
  bool remove = boolean(body, "remove", false);
  JobConfig cfg = job->config();
  ObjectMapping& om = object == "User" ? cfg.mappings.users : cfg.mappings.groups;
  bool replaced = false;
  for (auto it = om.attributes.begin(); it != om.attributes.end(); ++it) {
    if (it->target == m.target) {
      if (remove) {
        om.attributes.erase(it);
      } else {
        *it = m;
      }
      replaced = true;
      break;
    }
  }
  if (!replaced) {
    if (remove) bad_request("no mapping targets '" + m.target + "'");
    om.attributes.push_back(m);
  }
  try {
    validate(om, object == "User");
  } catch (const MappingError& e) {
    throw ProvisioningError(400, "BadRequest", e.what());
  }
  job->set_config(cfg);
  return schema_json(job->id(), cfg.mappings);
}

json ProvisioningService::run_now(const std::string& sp_id) {
  require_sp(sp_id);
  auto job = job_of(sp_id);
  if (!job) throw ProvisioningError(404, "NotFound", "No synchronization job for '" + sp_id + "'.");
  job->run_cycle(clock_.now());
  return job->to_graph();
}

void ProvisioningService::allow_deletes(const std::string& sp_id) {
  require_sp(sp_id);
  auto job = job_of(sp_id);
  if (!job) throw ProvisioningError(404, "NotFound", "No synchronization job for '" + sp_id + "'.");
  job->allow_deletes();
}

void ProvisioningService::clock_changed() {
  std::lock_guard scheduler(scheduler_mutex_);
  std::vector<std::shared_ptr<ProvisioningJob>> jobs;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [sp, job] : jobs_) jobs.push_back(job);
  }
  auto now = clock_.now();
  for (const auto& job : jobs) job->run_due(now);
}

void ProvisioningService::reset() {
  std::lock_guard scheduler(scheduler_mutex_);
  {
    std::lock_guard lock(mutex_);
    jobs_.clear();
  }
  logs_.clear();
  outbox_.clear();
}

}  // namespace mock_idp::provisioning
