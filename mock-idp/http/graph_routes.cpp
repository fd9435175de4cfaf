// Microsoft Graph v1.0 routes of the tenant (users, groups, membership, deleted items,
// application templates, applications, servicePrincipals, app role assignments, signing
// certificates). Each route decodes, calls the directory, encodes; errors are GraphError.
#include <functional>

#include "core/util/iso8601.hpp"
#include "mock-idp/app.hpp"
#include "mock-idp/directory/graph_json.hpp"
#include "mock-idp/directory/odata.hpp"
#include "mock-idp/http/graph_support.hpp"
#include "mock-idp/http/routes.hpp"

namespace mock_idp::http {

namespace {

using directory::GraphError;
using httplib::Request;
using httplib::Response;
using nlohmann::json;

struct Resource {
  std::vector<std::string> properties;
  std::vector<std::string> defaults;
  std::string type;  // "microsoft.graph.user"
};

Resource user_resource() {
  return {directory::user_properties(), directory::user_default_properties(),
          "microsoft.graph.user"};
}
Resource group_resource() {
  return {directory::group_properties(), directory::group_properties(), "microsoft.graph.group"};
}
// Deleted items also show when they were deleted.
Resource deleted_user_resource() {
  Resource r = user_resource();
  r.defaults.push_back("deletedDateTime");
  return r;
}
Resource directory_object_resource() {
  // Members mix users and groups: $filter/$select may name either's properties.
  return {directory::user_properties(), directory::user_default_properties(),
          "microsoft.graph.directoryObject"};
}

std::string context(App& app, const std::string& entity_set,
                    const std::vector<std::string>& select) {
  std::string c = app.public_url() + "/v1.0/$metadata#" + entity_set;
  if (!select.empty()) {
    c += "(";
    for (std::size_t i = 0; i < select.size(); ++i) c += (i ? "," : "") + select[i];
    c += ")";
  }
  return c;
}

// Answers a Graph collection: OData options applied to the full JSON of each item.
void send_collection(App& app, const Request& req, Response& res, const std::vector<json>& all,
                     const Resource& resource, const std::string& entity_set) {
  const auto params = query_params(req);
  const auto q = directory::parse_odata(params, resource.properties, resource.type);
  std::vector<json> matched;
  for (const auto& item : all) {
    if (directory::matches(item, q.filter)) {
      matched.push_back(directory::project(item, q.select, resource.defaults));
    }
  }
  core::net::send_json(res, 200,
                       directory::make_page(matched, q, context(app, entity_set, q.select),
                                            app.public_url() + req.path, params));
}

// Answers one entity, honouring $select.
void send_entity(App& app, const Request& req, Response& res, const json& item,
                 const Resource& resource, const std::string& entity_set, int status = 200) {
  const auto params = query_params(req);
  std::multimap<std::string, std::string> select_only;
  for (const auto& [k, v] : params) {
    if (k == "$select") select_only.emplace(k, v);
  }
  const auto q = directory::parse_odata(select_only, resource.properties, resource.type);
  json body = directory::project(item, q.select, resource.defaults);
  body["@odata.context"] = context(app, entity_set, q.select) + "/$entity";
  core::net::send_json(res, status, body);
}

// Answers a user or group just created (201).
void send_created(App& app, Response& res, json body, const std::string& entity_set) {
  body["@odata.context"] = context(app, entity_set, {}) + "/$entity";
  core::net::send_json(res, 201, body);
}

void no_content(Response& res) { res.status = 204; }

std::vector<json> member_json(directory::Directory& dir,
                              const std::vector<directory::Member>& members) {
  std::vector<json> out;
  for (const auto& m : members) {
    if (m.kind == directory::ObjectKind::kUser) {
      if (const auto u = dir.find_user(m.id)) out.push_back(directory::directory_object_json(*u));
    } else if (const auto g = dir.find_group(m.id)) {
      out.push_back(directory::directory_object_json(*g));
    }
  }
  return out;
}

std::string principal_name(directory::Directory& dir, const directory::AppRoleAssignment& a) {
  if (a.principal_kind == directory::ObjectKind::kUser) {
    const auto u = dir.find_user(a.principal_id);
    return u ? u->display_name : "";
  }
  const auto g = dir.find_group(a.principal_id);
  return g ? g->display_name : "";
}

json assignment_to_json(directory::Directory& dir, const directory::AppRoleAssignment& a) {
  const auto sp = dir.find_service_principal(a.resource_id);
  return directory::assignment_json(a, principal_name(dir, a), sp ? sp->display_name : "");
}

// Answers memberOf: the groups `object_id` is a direct member of.
void send_member_of(App& app, directory::Directory& dir, const Request& req, Response& res,
                    const std::string& object_id) {
  std::vector<json> all;
  for (const auto& g : dir.member_of(object_id)) all.push_back(directory::directory_object_json(g));
  send_collection(app, req, res, all, group_resource(), "directoryObjects");
}

// Answers a collection of app role assignments (appRoleAssignments, appRoleAssignedTo).
void send_assignments(App& app, directory::Directory& dir, const Request& req, Response& res,
                      const std::vector<directory::AppRoleAssignment>& assignments) {
  std::vector<json> all;
  for (const auto& x : assignments) all.push_back(assignment_to_json(dir, x));
  const auto& props = directory::assignment_properties();
  send_collection(app, req, res, all, Resource{props, props, "microsoft.graph.appRoleAssignment"},
                  "appRoleAssignments");
}

json self_signed_certificate_json(const sso::SigningCertificate& c) {
  const auto& cert = c.credential.certificate;
  return {{"@odata.context",
           "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph."
           "selfSignedCertificate"},
          {"customKeyIdentifier", c.thumbprint},
          {"displayName", cert.subject()},
          {"endDateTime", core::util::format_utc(cert.not_after())},
          {"key", cert.base64_der()},
          {"keyId", c.key_id},
          {"startDateTime", core::util::format_utc(cert.not_before())},
          {"thumbprint", c.thumbprint},
          {"type", "AsymmetricX509Cert"},
          {"usage", "Verify"}};
}

}  // namespace

void install_graph_routes(App& app) {
  core::net::Router& s = app.server().routes();
  App* a = &app;
  directory::Directory* dir = &app.directory();

  // ---- organization ----
  s.Get("/v1.0/organization", [a](const Request& req, Response& res) {
    const auto& t = a->directory().tenant();
    json domains = json::array();
    for (std::size_t i = 0; i < t.domains.size(); ++i) {
      domains.push_back({{"capabilities", "Email, OfficeCommunicationsOnline"},
                         {"isDefault", i == 0},
                         {"isInitial", t.domains[i].find(".onmicrosoft.com") != std::string::npos},
                         {"name", t.domains[i]},
                         {"type", "Managed"}});
    }
    const std::vector<std::string> props{"id", "displayName", "verifiedDomains", "tenantType"};
    send_collection(*a, req, res,
                    {json{{"id", t.id},
                          {"displayName", t.display_name},
                          {"verifiedDomains", domains},
                          {"tenantType", "AAD"}}},
                    Resource{props, props, "microsoft.graph.organization"}, "organization");
  });

  // ---- users ----
  s.Get("/v1.0/users", [a, dir](const Request& req, Response& res) {
    std::vector<json> all;
    for (const auto& u : dir->list_users()) all.push_back(directory::user_json(u));
    send_collection(*a, req, res, all, user_resource(), "users");
  });
  s.Post("/v1.0/users", [a, dir](const Request& req, Response& res) {
    const auto user = dir->create_user(directory::user_from_create(graph_body(req)));
    send_created(*a, res, directory::user_json(user), "users");
  });
  s.Get(R"(/v1.0/users/([^/]+))", [a, dir](const Request& req, Response& res) {
    send_entity(*a, req, res, directory::user_json(dir->get_user(req.matches[1])), user_resource(),
                "users");
  });
  s.Patch(R"(/v1.0/users/([^/]+))", [dir](const Request& req, Response& res) {
    const json body = graph_body(req);
    dir->update_user(req.matches[1],
                     [&](directory::User& u) { directory::apply_user_patch(u, body); });
    no_content(res);
  });
  s.Delete(R"(/v1.0/users/([^/]+))", [dir](const Request& req, Response& res) {
    dir->delete_user(req.matches[1]);
    no_content(res);
  });
  s.Get(R"(/v1.0/users/([^/]+)/memberOf)", [a, dir](const Request& req, Response& res) {
    send_member_of(*a, *dir, req, res, req.matches[1]);
  });
  s.Get(R"(/v1.0/users/([^/]+)/appRoleAssignments)", [a, dir](const Request& req, Response& res) {
    send_assignments(*a, *dir, req, res, dir->assignments_of(req.matches[1]));
  });

  // ---- groups ----
  s.Get("/v1.0/groups", [a, dir](const Request& req, Response& res) {
    std::vector<json> all;
    for (const auto& g : dir->list_groups()) all.push_back(directory::group_json(g));
    send_collection(*a, req, res, all, group_resource(), "groups");
  });
  s.Post("/v1.0/groups", [a, dir](const Request& req, Response& res) {
    const auto group = dir->create_group(directory::group_from_create(graph_body(req)));
    send_created(*a, res, directory::group_json(group), "groups");
  });
  s.Get(R"(/v1.0/groups/([^/]+))", [a, dir](const Request& req, Response& res) {
    send_entity(*a, req, res, directory::group_json(dir->get_group(req.matches[1])),
                group_resource(), "groups");
  });
  s.Patch(R"(/v1.0/groups/([^/]+))", [dir](const Request& req, Response& res) {
    const json body = graph_body(req);
    dir->update_group(req.matches[1],
                      [&](directory::Group& g) { directory::apply_group_patch(g, body); });
    no_content(res);
  });
  s.Delete(R"(/v1.0/groups/([^/]+))", [dir](const Request& req, Response& res) {
    dir->delete_group(req.matches[1]);
    no_content(res);
  });
  s.Get(R"(/v1.0/groups/([^/]+)/members)", [a, dir](const Request& req, Response& res) {
    send_collection(*a, req, res, member_json(*dir, dir->members(req.matches[1])),
                    directory_object_resource(), "directoryObjects");
  });
  s.Get(R"(/v1.0/groups/([^/]+)/transitiveMembers)", [a, dir](const Request& req, Response& res) {
    send_collection(*a, req, res, member_json(*dir, dir->transitive_members(req.matches[1])),
                    directory_object_resource(), "directoryObjects");
  });
  s.Get(R"(/v1.0/groups/([^/]+)/members/\$ref)", [a, dir](const Request& req, Response& res) {
    json value = json::array();
    for (const auto& m : dir->members(req.matches[1])) {
      value.push_back(
          {{"@odata.id",
            "https://graph.microsoft.com/v2/" + a->tenant_id() + "/directoryObjects/" + m.id + "/" +
                (m.kind == directory::ObjectKind::kUser ? "Microsoft.DirectoryServices.User"
                                                        : "Microsoft.DirectoryServices.Group")}});
    }
    core::net::send_json(res, 200,
                         {{"@odata.context", a->public_url() + "/v1.0/$metadata#directoryObjects"},
                          {"value", value}});
  });
  s.Post(R"(/v1.0/groups/([^/]+)/members/\$ref)", [dir](const Request& req, Response& res) {
    dir->add_member(req.matches[1], directory::reference_id(graph_body(req)));
    no_content(res);
  });
  s.Delete(R"(/v1.0/groups/([^/]+)/members/([^/]+)/\$ref)",
           [dir](const Request& req, Response& res) {
             dir->remove_member(req.matches[1], req.matches[2]);
             no_content(res);
           });
  s.Get(R"(/v1.0/groups/([^/]+)/memberOf)", [a, dir](const Request& req, Response& res) {
    dir->get_group(req.matches[1]);
    send_member_of(*a, *dir, req, res, req.matches[1]);
  });
  s.Get(R"(/v1.0/groups/([^/]+)/appRoleAssignments)", [a, dir](const Request& req, Response& res) {
    dir->get_group(req.matches[1]);
    send_assignments(*a, *dir, req, res, dir->assignments_of(req.matches[1]));
  });

  // ---- deleted items ----
  s.Get("/v1.0/directory/deletedItems/microsoft.graph.user",
        [a, dir](const Request& req, Response& res) {
          std::vector<json> all;
          for (const auto& u : dir->deleted_users()) all.push_back(directory::user_json(u));
          send_collection(*a, req, res, all, deleted_user_resource(),
                          "directory/deletedItems/microsoft.graph.user");
        });
  s.Get("/v1.0/directory/deletedItems/microsoft.graph.group",
        [a, dir](const Request& req, Response& res) {
          std::vector<json> all;
          for (const auto& g : dir->deleted_groups()) all.push_back(directory::group_json(g));
          send_collection(*a, req, res, all, group_resource(),
                          "directory/deletedItems/microsoft.graph.group");
        });
  s.Get(R"(/v1.0/directory/deletedItems/([^/]+))", [a, dir](const Request& req, Response& res) {
    const std::string id = req.matches[1];
    const auto kind = dir->deleted_kind(id);
    if (!kind) throw GraphError::not_found(id);
    if (*kind == directory::ObjectKind::kUser) {
      for (const auto& u : dir->deleted_users()) {
        if (u.id == id) {
          send_entity(*a, req, res, directory::directory_object_json(u), deleted_user_resource(),
                      "directory/deletedItems");
          return;
        }
      }
    } else {
      for (const auto& g : dir->deleted_groups()) {
        if (g.id == id) {
          send_entity(*a, req, res, directory::directory_object_json(g), group_resource(),
                      "directory/deletedItems");
          return;
        }
      }
    }
    throw GraphError::not_found(id);
  });
  s.Post(R"(/v1.0/directory/deletedItems/([^/]+)/restore)",
         [a, dir](const Request& req, Response& res) {
           const std::string id = req.matches[1];
           const auto kind = dir->restore(id);
           json body = kind == directory::ObjectKind::kUser
                           ? directory::directory_object_json(dir->get_user(id))
                           : directory::directory_object_json(dir->get_group(id));
           body["@odata.context"] = a->public_url() + "/v1.0/$metadata#directoryObjects/$entity";
           core::net::send_json(res, 200, body);
         });
  s.Delete(R"(/v1.0/directory/deletedItems/([^/]+))", [dir](const Request& req, Response& res) {
    dir->purge(req.matches[1]);
    no_content(res);
  });

  // ---- application templates ----
  s.Get("/v1.0/applicationTemplates", [a](const Request& req, Response& res) {
    std::vector<json> all;
    for (const auto& t : directory::application_templates()) {
      all.push_back(directory::template_json(t));
    }
    const auto& props = directory::template_properties();
    send_collection(*a, req, res, all,
                    Resource{props, props, "microsoft.graph.applicationTemplate"},
                    "applicationTemplates");
  });
  s.Get(R"(/v1.0/applicationTemplates/([^/]+))", [a](const Request& req, Response& res) {
    for (const auto& t : directory::application_templates()) {
      if (t.id == req.matches[1]) {
        const auto& props = directory::template_properties();
        send_entity(*a, req, res, directory::template_json(t),
                    Resource{props, props, "microsoft.graph.applicationTemplate"},
                    "applicationTemplates");
        return;
      }
    }
    throw GraphError::not_found(req.matches[1]);
  });
  s.Post(R"(/v1.0/applicationTemplates/([^/]+)/instantiate)",
         [a, dir](const Request& req, Response& res) {
           const json body = graph_body(req);
           const auto name = body.find("displayName");
           if (!body.is_object() || name == body.end() || !name->is_string()) {
             throw GraphError::bad_request(
                 "Invalid value specified for property 'displayName' of resource "
                 "'Application'.");
           }
           for (auto it = body.begin(); it != body.end(); ++it) {
             if (it.key() != "displayName") {
               throw GraphError(400, "BadRequest",
                                "Property '" + it.key() + "' is not allowed in instantiate.");
             }
           }
           const auto [created, sp] = dir->instantiate(req.matches[1], name->get<std::string>());
           core::net::send_json(
               res, 201,
               {{"@odata.context",
                 a->public_url() + "/v1.0/$metadata#microsoft.graph.applicationServicePrincipal"},
                {"application", directory::application_json(created)},
                {"servicePrincipal",
                 directory::service_principal_json(sp, a->certificates().key_credentials(sp.id))}});
         });

  // ---- applications ----
  const auto app_resource = [] {
    const auto& props = directory::application_properties();
    return Resource{props, props, "microsoft.graph.application"};
  };
  s.Get("/v1.0/applications", [a, dir, app_resource](const Request& req, Response& res) {
    std::vector<json> all;
    for (const auto& x : dir->list_applications()) all.push_back(directory::application_json(x));
    send_collection(*a, req, res, all, app_resource(), "applications");
  });
  s.Get(R"(/v1.0/applications/([^/]+))", [a, dir, app_resource](const Request& req, Response& res) {
    send_entity(*a, req, res, directory::application_json(dir->get_application(req.matches[1])),
                app_resource(), "applications");
  });
  s.Patch(R"(/v1.0/applications/([^/]+))", [dir](const Request& req, Response& res) {
    const json body = graph_body(req);
    dir->update_application(req.matches[1], [&](directory::Application& x) {
      directory::apply_application_patch(x, body);
    });
    no_content(res);
  });
  s.Delete(R"(/v1.0/applications/([^/]+))", [a, dir](const Request& req, Response& res) {
    const auto application = dir->get_application(req.matches[1]);
    const auto sp = dir->find_service_principal(application.app_id);
    dir->delete_application(application.id);
    if (sp) a->certificates().remove_all(sp->id);
    no_content(res);
  });

  // ---- servicePrincipals ----
  const auto sp_resource = [] {
    const auto& props = directory::service_principal_properties();
    return Resource{props, props, "microsoft.graph.servicePrincipal"};
  };
  s.Get("/v1.0/servicePrincipals", [a, dir, sp_resource](const Request& req, Response& res) {
    std::vector<json> all;
    for (const auto& x : dir->list_service_principals()) {
      all.push_back(directory::service_principal_json(x, a->certificates().key_credentials(x.id)));
    }
    send_collection(*a, req, res, all, sp_resource(), "servicePrincipals");
  });
  s.Get(R"(/v1.0/servicePrincipals/([^/]+))", [a, dir, sp_resource](const Request& req,
                                                                    Response& res) {
    const auto sp = dir->get_service_principal(req.matches[1]);
    send_entity(*a, req, res,
                directory::service_principal_json(sp, a->certificates().key_credentials(sp.id)),
                sp_resource(), "servicePrincipals");
  });
  s.Patch(R"(/v1.0/servicePrincipals/([^/]+))", [a, dir](const Request& req, Response& res) {
    const json body = graph_body(req);
    const auto current = dir->get_service_principal(req.matches[1]);
    directory::ServicePrincipal next = current;
    directory::apply_service_principal_patch(next, body);
    const auto& thumb = next.preferred_token_signing_key_thumbprint;
    if (thumb && thumb != current.preferred_token_signing_key_thumbprint) {
      bool known = false;
      for (const auto& c : a->certificates().list(current.id))
        known = known || c.thumbprint == *thumb;
      if (!known) {
        throw GraphError::bad_request("No certificate with thumbprint '" + *thumb +
                                      "' exists on the servicePrincipal.");
      }
    }
    dir->update_service_principal(current.id, [&](directory::ServicePrincipal& sp) {
      directory::apply_service_principal_patch(sp, body);
    });
    if (thumb) a->certificates().activate(current.id, *thumb);
    // Choosing SAML in the portal creates the first signing certificate.
    if (next.preferred_single_sign_on_mode == "saml" &&
        a->certificates().list(current.id).empty()) {
      a->certificates().create(current.id);
    }
    no_content(res);
  });
  s.Post(
      R"(/v1.0/servicePrincipals/([^/]+)/addTokenSigningCertificate)",
      [a, dir](const Request& req, Response& res) {
        const json body = req.body.empty() ? json::object() : graph_body(req);
        const auto sp = dir->get_service_principal(req.matches[1]);
        std::optional<core::util::TimePoint> end;
        for (auto it = body.begin(); it != body.end(); ++it) {
          if (it.key() == "endDateTime") {
            const auto t =
                it->is_string() ? core::util::parse_datetime(it->get<std::string>()) : std::nullopt;
            if (!t) {
              throw GraphError::bad_request("Invalid value specified for property 'endDateTime'.");
            }
            end = *t;
          } else if (it.key() == "displayName") {
            if (!it->is_string() || it->get<std::string>().rfind("CN=", 0) != 0) {
              throw GraphError::bad_request("displayName must start with 'CN='.");
            }
          } else {
            throw GraphError(400, "BadRequest", "Property '" + it.key() + "' is not allowed here.");
          }
        }
        try {
          const auto cert = a->certificates().create(sp.id, end);
          core::net::send_json(res, 200, self_signed_certificate_json(cert));
        } catch (const std::invalid_argument& e) {
          throw GraphError::bad_request(e.what());
        }
      });
  s.Get(R"(/v1.0/servicePrincipals/([^/]+)/appRoleAssignedTo)",
        [a, dir](const Request& req, Response& res) {
          send_assignments(*a, *dir, req, res, dir->assignments_to(req.matches[1]));
        });
  s.Post(R"(/v1.0/servicePrincipals/([^/]+)/appRoleAssignedTo)",
         [a, dir](const Request& req, Response& res) {
           const json body = graph_body(req);
           if (!body.is_object()) throw GraphError(400, "BadRequest", "Expected a JSON object.");
           const auto sp = dir->get_service_principal(req.matches[1]);
           auto field = [&](const char* key) {
             const auto it = body.find(key);
             if (it == body.end() || !it->is_string()) {
               throw GraphError::bad_request(std::string("Invalid value specified for property '") +
                                             key + "' of resource 'AppRoleAssignment'.");
             }
             return it->get<std::string>();
           };
           const std::string principal = field("principalId");
           const std::string resource = field("resourceId");
           const std::string role = field("appRoleId");
           if (resource != sp.id) {
             throw GraphError::bad_request(
                 "resourceId must be the id of the servicePrincipal in the URL.");
           }
           const auto x = dir->assign(sp.id, principal, role);
           json out = assignment_to_json(*dir, x);
           out["@odata.context"] = a->public_url() + "/v1.0/$metadata#servicePrincipals('" + sp.id +
                                   "')/appRoleAssignedTo/$entity";
           core::net::send_json(res, 201, out);
         });
  s.Delete(R"(/v1.0/servicePrincipals/([^/]+)/appRoleAssignedTo/([^/]+))",
           [dir](const Request& req, Response& res) {
             dir->unassign(req.matches[1], req.matches[2]);
             no_content(res);
           });
}

}  // namespace mock_idp::http
