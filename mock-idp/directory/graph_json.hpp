#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mock-idp/directory/directory.hpp"
#include "mock-idp/directory/model.hpp"

namespace mock_idp::directory {

// Microsoft Graph v1.0 JSON shapes of the directory objects, and the request bodies that
// create or update them. Parsers throw GraphError (400) with Graph's messages and never
// return a half-filled object.

// Every property the lab keeps for a user (what $select and $filter may name).
const std::vector<std::string>& user_properties();
// What GET /users returns without $select (Graph v1.0's default set).
const std::vector<std::string>& user_default_properties();
nlohmann::json user_json(const User& user);
// POST /users: requires accountEnabled, displayName, mailNickname, userPrincipalName and
// passwordProfile.password, as Graph does.
User user_from_create(const nlohmann::json& body);
// PATCH /users/{id}: writable properties only; unknown ones are refused.
void apply_user_patch(User& user, const nlohmann::json& body);

const std::vector<std::string>& group_properties();
nlohmann::json group_json(const Group& group);
// POST /groups: requires displayName, mailEnabled, mailNickname, securityEnabled.
Group group_from_create(const nlohmann::json& body);
void apply_group_patch(Group& group, const nlohmann::json& body);

// A member in a members/transitiveMembers listing ("@odata.type" tells users from groups).
nlohmann::json directory_object_json(const User& user);
nlohmann::json directory_object_json(const Group& group);

// The object id in {"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{id}"}
// (also accepts .../users/{id} and .../groups/{id}, as Graph does).
std::string reference_id(const nlohmann::json& body);

const std::vector<std::string>& application_properties();
nlohmann::json application_json(const Application& app);
void apply_application_patch(Application& app, const nlohmann::json& body);

const std::vector<std::string>& service_principal_properties();
// `key_credentials` is the Graph keyCredentials array of the signing certificates.
nlohmann::json service_principal_json(const ServicePrincipal& sp,
                                      const nlohmann::json& key_credentials);
void apply_service_principal_patch(ServicePrincipal& sp, const nlohmann::json& body);

const std::vector<std::string>& template_properties();
nlohmann::json template_json(const ApplicationTemplate& tpl);

const std::vector<std::string>& assignment_properties();
nlohmann::json assignment_json(const AppRoleAssignment& a, const std::string& principal_name,
                               const std::string& resource_name);

// Graph's timestamp form for createdDateTime and friends: "2026-11-27T16:41:36Z".
std::string graph_time(TimePoint t);

}  // namespace mock_idp::directory
