// The Microsoft Graph v1.0 surface of mock-idp, against the real binary.
#include <catch2/catch.hpp>

#include "tests/e2e/mock-idp/idp_process.hpp"

using idp_test::body;
using nlohmann::json;

namespace {

const char* kJson = "application/json";

json new_user(const std::string& upn) {
  return json{{"accountEnabled", true},
              {"displayName", "New User"},
              {"mailNickname", "newuser"},
              {"userPrincipalName", upn},
              {"passwordProfile", {{"password", "xWwvJ]6NMw+bWH-d"}}}};
}

void check_graph_error(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  CHECK(res->status == status);
  json j = body(res);
  CHECK(j["error"]["code"] == code);
  CHECK(j["error"]["message"].is_string());
  CHECK(j["error"]["innerError"]["request-id"] == res->get_header_value("x-request-id"));
  CHECK(j["error"]["innerError"]["date"].is_string());
  CHECK(j["error"]["innerError"].contains("client-request-id"));
}

}  // namespace

TEST_CASE("graph: readiness, health and SIGTERM exit 0", "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  json health = body(c->Get("/_harness/health"));
  CHECK(health["status"] == "ok");
  CHECK(body(c->Get("/_harness/tenant"))["id"] == idp_test::kTenant);
  CHECK(server.stop() == 0);
}

TEST_CASE("graph: users list with default properties, $select, $filter and paging",
          "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  json all = body(c->Get("/v1.0/users"));
  REQUIRE(all["value"].size() == 6);
  CHECK(all["@odata.context"].get<std::string>().find("/v1.0/$metadata#users") !=
        std::string::npos);
  CHECK_FALSE(all["value"][0].contains("accountEnabled"));  // not in Graph's default set
  CHECK(all["value"][1]["mail"].is_null());                 // bob has no mailbox
  json sel = body(c->Get("/v1.0/users?$select=displayName,accountEnabled"));
  CHECK(sel["value"][2] == json{{"displayName", "Carol White"}, {"accountEnabled", false}});
  json f = body(c->Get("/v1.0/users?$filter=userPrincipalName%20eq%20'ALICE@contoso.com'"));
  REQUIRE(f["value"].size() == 1);
  CHECK(f["value"][0]["givenName"] == "Alice");
  json disabled = body(c->Get("/v1.0/users?$filter=accountEnabled%20eq%20false&$select=id"));
  CHECK(disabled["value"].size() == 1);
  // Paging: 6 users by 4 → one nextLink, then the rest.
  json page1 = body(c->Get("/v1.0/users?$top=4"));
  CHECK(page1["value"].size() == 4);
  const std::string next = page1["@odata.nextLink"];
  REQUIRE(next.rfind(server.url(), 0) == 0);
  json page2 = body(c->Get(next.substr(server.url().size())));
  CHECK(page2["value"].size() == 2);
  CHECK_FALSE(page2.contains("@odata.nextLink"));
  SECTION("bad options") {
    check_graph_error(c->Get("/v1.0/users?$top=0"), 400, "Request_BadRequest");
    check_graph_error(c->Get("/v1.0/users?$select=shoeSize"), 400, "BadRequest");
    check_graph_error(c->Get("/v1.0/users?$filter=displayName%20gt%20'a'"), 400,
                      "Request_UnsupportedQuery");
    check_graph_error(c->Get("/v1.0/users?$skiptoken=abc"), 400, "Request_BadRequest");
  }
  CHECK(server.stop() == 0);
}

TEST_CASE("graph: user lifecycle with soft delete, restore and hard delete",
          "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  auto created = c->Post("/v1.0/users", new_user("new@contoso.com").dump(), kJson);
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = body(created)["id"];
  check_graph_error(c->Post("/v1.0/users", new_user("NEW@contoso.com").dump(), kJson), 400,
                    "Request_BadRequest");
  check_graph_error(c->Post("/v1.0/users", new_user("new@fabrikam.com").dump(), kJson), 400,
                    "Request_BadRequest");
  json missing = new_user("other@contoso.com");
  missing.erase("passwordProfile");
  check_graph_error(c->Post("/v1.0/users", missing.dump(), kJson), 400, "Request_BadRequest");
  check_graph_error(c->Post("/v1.0/users", "{not json", kJson), 400, "BadRequest");
  CHECK(body(c->Get("/v1.0/users/new@contoso.com"))["id"] == id);

  auto patched =
      c->Patch("/v1.0/users/" + id, R"({"jobTitle":"Tester","mail":"new@contoso.com"})", kJson);
  REQUIRE(patched);
  CHECK(patched->status == 204);
  CHECK(body(c->Get("/v1.0/users/" + id))["jobTitle"] == "Tester");
  check_graph_error(c->Patch("/v1.0/users/" + id, R"({"accountEnabled":"no"})", kJson), 400,
                    "Request_BadRequest");

  REQUIRE(c->Delete("/v1.0/users/" + id)->status == 204);
  check_graph_error(c->Get("/v1.0/users/" + id), 404, "Request_ResourceNotFound");
  json deleted = body(c->Get("/v1.0/directory/deletedItems/microsoft.graph.user"));
  REQUIRE(deleted["value"].size() == 1);
  CHECK(deleted["value"][0]["deletedDateTime"].is_string());
  auto restored = c->Post("/v1.0/directory/deletedItems/" + id + "/restore", "", kJson);
  REQUIRE(restored);
  CHECK(restored->status == 200);
  CHECK(body(restored)["@odata.type"] == "#microsoft.graph.user");
  CHECK(body(c->Get("/v1.0/users/" + id))["jobTitle"] == "Tester");

  REQUIRE(c->Delete("/v1.0/users/" + id)->status == 204);
  REQUIRE(c->Delete("/v1.0/directory/deletedItems/" + id)->status == 204);
  check_graph_error(c->Get("/v1.0/directory/deletedItems/" + id), 404, "Request_ResourceNotFound");
  check_graph_error(c->Post("/v1.0/directory/deletedItems/" + id + "/restore", "", kJson), 404,
                    "Request_ResourceNotFound");
  CHECK(server.stop() == 0);
}

TEST_CASE("graph: groups, members/$ref with users and groups, transitiveMembers",
          "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  auto g = c->Post("/v1.0/groups",
                   R"({"displayName":"Auditors","mailEnabled":false,"mailNickname":"auditors",
                       "securityEnabled":true})",
                   kJson);
  REQUIRE(g);
  REQUIRE(g->status == 201);
  const std::string gid = body(g)["id"];
  const std::string admins = "6a1f0d2e-3b4c-4d5e-8f90-a1b2c3d4e501";
  const std::string frank = "0b6e8a34-1c2d-4e5f-8a9b-0c1d2e3f4a06";
  auto add = [&](const std::string& group, const std::string& member) {
    return c->Post(
        "/v1.0/groups/" + group + "/members/$ref",
        json{{"@odata.id", "https://graph.microsoft.com/v1.0/directoryObjects/" + member}}.dump(),
        kJson);
  };
  REQUIRE(add(gid, frank)->status == 204);
  REQUIRE(add(admins, gid)->status == 204);  // nesting a group
  check_graph_error(add(gid, frank), 400, "Request_BadRequest");
  check_graph_error(add(gid, "00000000-0000-0000-0000-00000000dead"), 404,
                    "Request_ResourceNotFound");
  check_graph_error(c->Post("/v1.0/groups/" + gid + "/members/$ref", R"({"id":"x"})", kJson), 400,
                    "Request_BadRequest");
  json direct = body(c->Get("/v1.0/groups/" + admins + "/members"));
  CHECK(direct["value"].size() == 3);  // alice, Platform On-Call, Auditors
  json transitive = body(c->Get("/v1.0/groups/" + admins + "/transitiveMembers"));
  CHECK(transitive["value"].size() == 5);  // + dave, frank
  json refs = body(c->Get("/v1.0/groups/" + gid + "/members/$ref"));
  CHECK(refs["value"].size() == 1);
  REQUIRE(c->Delete("/v1.0/groups/" + gid + "/members/" + frank + "/$ref")->status == 204);
  CHECK(body(c->Get("/v1.0/groups/" + gid + "/members"))["value"].empty());
  check_graph_error(c->Delete("/v1.0/groups/" + gid + "/members/" + frank + "/$ref"), 404,
                    "Request_ResourceNotFound");
  CHECK(body(c->Get("/v1.0/users/" + frank + "/memberOf"))["value"].size() == 1);  // Marketing
  // Security groups are deleted for good; Microsoft 365 groups go to deleted items.
  REQUIRE(c->Delete("/v1.0/groups/" + gid)->status == 204);
  CHECK(body(c->Get("/v1.0/directory/deletedItems/microsoft.graph.group"))["value"].empty());
  REQUIRE(c->Delete("/v1.0/groups/6a1f0d2e-3b4c-4d5e-8f90-a1b2c3d4e504")->status == 204);
  CHECK(body(c->Get("/v1.0/directory/deletedItems/microsoft.graph.group"))["value"].size() == 1);
  CHECK(server.stop() == 0);
}

TEST_CASE("graph: gallery app instantiate, SAML mode, certificates, assignments",
          "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  json templates = body(
      c->Get("/v1.0/applicationTemplates?$filter=displayName%20eq%20'AWS%20IAM%20Identity%20Center"
             "%20(successor%20to%20AWS%20Single%20Sign-On)'"));
  REQUIRE(templates["value"].size() == 1);
  const std::string tid = templates["value"][0]["id"];
  auto inst = c->Post("/v1.0/applicationTemplates/" + tid + "/instantiate",
                      R"x({"displayName":"AWS IAM Identity Center (test)"})x", kJson);
  REQUIRE(inst);
  REQUIRE(inst->status == 201);
  json created = body(inst);
  const std::string sp = created["servicePrincipal"]["id"];
  const std::string app_id = created["application"]["appId"];
  CHECK(created["servicePrincipal"]["appId"] == app_id);
  CHECK(created["servicePrincipal"]["appRoleAssignmentRequired"] == true);
  CHECK(created["servicePrincipal"]["keyCredentials"].empty());
  check_graph_error(c->Post("/v1.0/applicationTemplates/" + tid + "/instantiate", "{}", kJson), 400,
                    "Request_BadRequest");
  check_graph_error(
      c->Post("/v1.0/applicationTemplates/nope/instantiate", R"({"displayName":"x"})", kJson), 404,
      "Request_ResourceNotFound");

  // Choosing SAML creates the first signing certificate (as the portal does).
  REQUIRE(
      c->Patch("/v1.0/servicePrincipals/" + sp, R"({"preferredSingleSignOnMode":"saml"})", kJson)
          ->status == 204);
  json sp_json = body(c->Get("/v1.0/servicePrincipals/" + sp));
  REQUIRE(sp_json["keyCredentials"].size() == 1);
  auto added = c->Post("/v1.0/servicePrincipals/" + sp + "/addTokenSigningCertificate",
                       R"({"displayName":"CN=Microsoft Azure Federated SSO Certificate"})", kJson);
  REQUIRE(added);
  REQUIRE(added->status == 200);
  const std::string thumb = body(added)["thumbprint"];
  CHECK(body(added)["key"].get<std::string>().size() > 500);
  check_graph_error(c->Patch("/v1.0/servicePrincipals/" + sp,
                             R"({"preferredTokenSigningKeyThumbprint":"ABCDEF"})", kJson),
                    400, "Request_BadRequest");
  REQUIRE(c->Patch("/v1.0/servicePrincipals/" + sp,
                   json{{"preferredTokenSigningKeyThumbprint", thumb}}.dump(), kJson)
              ->status == 204);
  json certs = body(c->Get("/_harness/apps/" + app_id + "/certificates"));
  REQUIRE(certs["certificates"].size() == 2);
  CHECK(certs["certificates"][1]["status"] == "Active");
  check_graph_error(c->Post("/v1.0/servicePrincipals/" + sp + "/addTokenSigningCertificate",
                            R"({"endDateTime":"2099-01-01T00:00:00Z"})", kJson),
                    400, "Request_BadRequest");

  // Assign a user and a group.
  auto assign = [&](const std::string& principal) {
    return c->Post("/v1.0/servicePrincipals/" + sp + "/appRoleAssignedTo",
                   json{{"principalId", principal},
                        {"resourceId", sp},
                        {"appRoleId", "8774f594-1d59-4279-b9d9-59ef09a23530"}}
                       .dump(),
                   kJson);
  };
  auto a1 = assign("0b6e8a34-1c2d-4e5f-8a9b-0c1d2e3f4a01");
  REQUIRE(a1);
  REQUIRE(a1->status == 201);
  CHECK(body(a1)["principalType"] == "User");
  CHECK(body(a1)["principalDisplayName"] == "Alice Smith");
  REQUIRE(assign("6a1f0d2e-3b4c-4d5e-8f90-a1b2c3d4e503")->status == 201);
  check_graph_error(assign("0b6e8a34-1c2d-4e5f-8a9b-0c1d2e3f4a01"), 400, "Request_BadRequest");
  check_graph_error(assign("nobody"), 404, "Request_ResourceNotFound");
  json listed = body(c->Get("/v1.0/servicePrincipals/" + sp + "/appRoleAssignedTo"));
  REQUIRE(listed["value"].size() == 2);
  const std::string aid = listed["value"][0]["id"];
  REQUIRE(c->Delete("/v1.0/servicePrincipals/" + sp + "/appRoleAssignedTo/" + aid)->status == 204);
  CHECK(body(c->Get("/v1.0/servicePrincipals/" + sp + "/appRoleAssignedTo"))["value"].size() == 1);
  CHECK(server.stop() == 0);
}

TEST_CASE("graph: unknown routes answer in Graph's error shape; reset restores the fixture",
          "[e2e][mock-idp][graph]") {
  auto server = idp_test::start();
  auto c = server.client();
  check_graph_error(c->Get("/v1.0/nothing-here"), 404, "Request_ResourceNotFound");
  REQUIRE(c->Post("/v1.0/users", new_user("temp@contoso.com").dump(), kJson)->status == 201);
  REQUIRE(c->Delete("/v1.0/users/alice@contoso.com")->status == 204);
  REQUIRE(c->Post("/_harness/reset", "", kJson)->status == 200);
  CHECK(body(c->Get("/v1.0/users"))["value"].size() == 6);
  CHECK(body(c->Get("/v1.0/users/alice@contoso.com"))["displayName"] == "Alice Smith");
  CHECK(server.stop() == 0);
}
