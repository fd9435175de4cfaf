#include "mock-idp/http/routes_provisioning.hpp"

#include <memory>
#include <thread>

#include "core/net/harness.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/http/graph_support.hpp"
#include "mock-idp/provisioning/directory_adapter.hpp"
#include "mock-idp/provisioning/http_transport.hpp"
#include "mock-idp/provisioning/service.hpp"

namespace mock_idp::http {

namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;
using provisioning::ProvisioningError;
using provisioning::ProvisioningService;

constexpr std::size_t kDefaultTop = 100;
constexpr std::size_t kMaxTop = 1000;

struct Module {
  std::unique_ptr<provisioning::DirectoryAdapter> adapter;
  std::unique_ptr<ProvisioningService> service;
};

// Runs a route body and renders ProvisioningError in Graph's error shape.
template <typename F>
void guarded(App& app, const Request& req, Response& res, F&& body) {
  try {
    body();
  } catch (const ProvisioningError& e) {
    send_graph_error(app, req, res, e.status(), e.code(), e.what());
  } catch (const provisioning::LogFilterError& e) {
    send_graph_error(app, req, res, 400, "BadRequest", e.what());
  }
}

json optional_body(const Request& req) {
  if (req.body.empty()) return json::object();
  return graph_body(req);
}

}  // namespace

void install_provisioning(App& app) {
  auto module = std::make_shared<Module>();
  module->adapter = std::make_unique<provisioning::DirectoryAdapter>(app.directory());
  provisioning::ServiceOptions options;
  options.engine.tenant_id = app.tenant_id();
  options.engine.sleep = [](core::util::Millis d) { std::this_thread::sleep_for(d); };
  options.outbox_file = app.config().provisioning.outbox_file;
  if (app.config().provisioning.interval) {
    options.engine.interval = *app.config().provisioning.interval;
  }
  auto* adapter = module->adapter.get();
  module->service = std::make_unique<ProvisioningService>(
      *adapter, [adapter](const std::string& id) { return adapter->service_principal_name(id); },
      [](const std::string& url, const std::string& token) {
        return std::make_shared<provisioning::HttpScimTransport>(url, token);
      },
      app.clock(), app.ids(), options);
  ProvisioningService* svc = module->service.get();
  App* a = &app;
  app.on_clock_changed([svc] { svc->clock_changed(); });
  app.on_reset([svc] { svc->reset(); });
  app.own(module);

  auto& s = app.server().routes();
  const std::string sync = R"(/v1.0/servicePrincipals/([^/]+)/synchronization)";
  const std::string job = sync + R"(/jobs/([^/]+))";

  s.Get(sync + "/templates", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->list_jobs(req.matches[1]);  // 404 for an unknown servicePrincipal
      core::net::send_json(
          res, 200,
          {{"value", json::array({{{"id", provisioning::kAwsTemplate},
                                   {"factoryTag", provisioning::kAwsTemplate},
                                   {"applicationId", ""},
                                   {"default", true},
                                   {"description", "AWS IAM Identity Center provisioning"},
                                   {"discoverable", true},
                                   {"schema", nullptr}}})}});
    });
  });
  s.Get(sync + "/jobs", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      core::net::send_json(res, 200, {{"value", svc->list_jobs(req.matches[1])}});
    });
  });
  s.Post(sync + "/jobs", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      json body = graph_body(req);
      std::string tpl;
      auto it = body.find("templateId");
      if (it != body.end() && it->is_string()) tpl = it->get<std::string>();
      core::net::send_json(res, 201, svc->create_job(req.matches[1], tpl));
    });
  });
  s.Get(job, [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res,
            [&] { core::net::send_json(res, 200, svc->get_job(req.matches[1], req.matches[2])); });
  });
  s.Delete(job, [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->delete_job(req.matches[1], req.matches[2]);
      res.status = 204;
    });
  });
  s.Put(sync + "/secrets", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->put_secrets(req.matches[1], graph_body(req));
      res.status = 204;
    });
  });
  s.Post(job + "/validateCredentials", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->validate_credentials(req.matches[1], req.matches[2], optional_body(req));
      res.status = 204;
    });
  });
  s.Post(job + "/start", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->start(req.matches[1], req.matches[2]);
      res.status = 204;
    });
  });
  s.Post(job + "/pause", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->pause(req.matches[1], req.matches[2]);
      res.status = 204;
    });
  });
  s.Post(job + "/restart", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->restart(req.matches[1], req.matches[2], optional_body(req));
      res.status = 204;
    });
  });
  s.Get(job + "/schema", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      core::net::send_json(res, 200, svc->get_schema(req.matches[1], req.matches[2]));
    });
  });
  s.Put(job + "/schema", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      svc->put_schema(req.matches[1], req.matches[2], graph_body(req));
      res.status = 204;
    });
  });
  s.Post(job + "/provisionOnDemand", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      core::net::send_json(
          res, 200, svc->provision_on_demand(req.matches[1], req.matches[2], graph_body(req)));
    });
  });
  s.Get("/v1.0/auditLogs/provisioning", [a, svc](const Request& req, Response& res) {
    guarded(*a, req, res, [&] {
      std::size_t top = kDefaultTop;
      if (req.has_param("$top")) {
        std::string t = req.get_param_value("$top");
        bool digits =
            !t.empty() && t.size() < 6 && t.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoul(t) == 0 || std::stoul(t) > kMaxTop) {
          throw ProvisioningError(400, "BadRequest",
                                  "$top must be an integer from 1 to " + std::to_string(kMaxTop));
        }
        top = std::stoul(t);
      }
      auto entries = svc->logs().query(req.get_param_value("$filter"), top);
      core::net::send_json(
          res, 200,
          {{"@odata.context", a->public_url() + "/v1.0/$metadata#auditLogs/provisioning"},
           {"value", entries}});
    });
  });

  // Harness routes for scripts (loopback only).
  const std::string hp = R"(/_harness/provisioning/([^/]+))";
  auto harness = [a](auto&& fn) {
    return [a, fn](const Request& req, Response& res) {
      if (!core::net::harness_guard(a->server(), req, res)) return;
      try {
        fn(req, res);
      } catch (const ProvisioningError& e) {
        core::net::send_harness_error(res, e.status(), e.code(), e.what());
      } catch (const directory::GraphError& e) {
        core::net::send_harness_error(res, e.status(), e.code(), e.what());
      }
    };
  };
  s.Post(hp + "/configure", harness([svc](const Request& req, Response& res) {
           core::net::send_json(res, 200, svc->configure(req.matches[1], graph_body(req)));
         }));
  s.Post(hp + "/mappings", harness([svc](const Request& req, Response& res) {
           core::net::send_json(res, 200, svc->upsert_mapping(req.matches[1], graph_body(req)));
         }));
  s.Post(hp + "/run", harness([svc](const Request& req, Response& res) {
           core::net::send_json(res, 200, svc->run_now(req.matches[1]));
         }));
  s.Post(hp + "/allow-deletes", harness([svc](const Request& req, Response& res) {
           svc->allow_deletes(req.matches[1]);
           res.status = 204;
         }));
  s.Get(hp, harness([svc](const Request& req, Response& res) {
          auto job_ptr = svc->job_of(req.matches[1]);
          if (!job_ptr) throw ProvisioningError(404, "NotFound", "no synchronization job");
          core::net::send_json(res, 200, job_ptr->to_graph());
        }));
  s.Get("/_harness/outbox", harness([svc](const Request&, Response& res) {
          core::net::send_json(res, 200, {{"value", svc->outbox().messages()}});
        }));
  s.Delete("/_harness/outbox", harness([svc](const Request&, Response& res) {
             svc->outbox().clear();
             res.status = 204;
           }));
}

}  // namespace mock_idp::http
