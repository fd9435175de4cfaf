#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/clock.hpp"

namespace mock_idp::directory {

using core::util::TimePoint;

// A Microsoft Graph v1.0 user (the properties the lab needs). Absent optionals are JSON null.
struct User {
  std::string id;  // objectId, a GUID
  std::string user_principal_name;
  std::string display_name;
  std::string mail_nickname;
  std::optional<std::string> given_name;
  std::optional<std::string> surname;
  std::optional<std::string> mail;  // null for users without a mailbox licence
  std::optional<std::string> job_title;
  std::optional<std::string> department;
  std::optional<std::string> employee_id;
  std::optional<std::string> mobile_phone;
  std::optional<std::string> office_location;
  std::optional<std::string> preferred_language;
  std::vector<std::string> business_phones;
  bool account_enabled = true;
  std::string user_type = "Member";
  std::optional<std::string> password;  // passwordProfile.password; never rendered
  TimePoint created{};
  std::optional<TimePoint> deleted;  // set while the user sits in deleted items
};

// A Microsoft Graph v1.0 group. Security groups have securityEnabled true and no "Unified".
struct Group {
  std::string id;
  std::string display_name;
  std::optional<std::string> description;
  std::string mail_nickname;
  bool mail_enabled = false;
  bool security_enabled = true;
  std::vector<std::string> group_types;  // "Unified" for Microsoft 365 groups
  TimePoint created{};
  std::optional<TimePoint> deleted;
  // Direct members (user or group ids) in the order they were added.
  std::vector<std::string> members;
};

enum class ObjectKind { kUser, kGroup };

// A direct member of a group as the provisioning engine reads it.
struct Member {
  std::string id;
  ObjectKind kind;
};

// An app role of a servicePrincipal. Gallery apps have at least the default access role.
struct AppRole {
  std::string id;
  std::string display_name;
  std::string value;
  std::string description;
  std::vector<std::string> allowed_member_types{"User"};
  bool is_enabled = true;
};

struct AppRoleAssignment {
  std::string id;
  std::string app_role_id;
  std::string principal_id;
  ObjectKind principal_kind = ObjectKind::kUser;
  std::string resource_id;  // servicePrincipal id
  TimePoint created{};
};

// Where a SAML response carries signatures (Azure's "Signing Option").
enum class SigningOption { kAssertion, kResponse, kBoth };
enum class SigningAlgorithm { kSha256, kSha1 };

// One editable claim of the app's "Attributes & Claims": the claim URI and its source, either
// a user attribute ("user.mail") or a constant value (source_is_constant).
struct ClaimRule {
  std::string name;
  std::string source;
  bool source_is_constant = false;
};

// The SAML single sign-on settings of an enterprise application that Graph v1.0 does not
// expose as plain properties (claims, signing option); edited through /_harness/apps.
struct SamlSettings {
  SigningOption signing_option = SigningOption::kAssertion;
  SigningAlgorithm algorithm = SigningAlgorithm::kSha256;
  std::string name_id_source = "user.userprincipalname";
  std::string name_id_format = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
  std::vector<ClaimRule> claims;         // after the fixed tenantid..authnmethodsreferences claims
  bool require_signed_requests = false;  // AADSTS76021 when an AuthnRequest is unsigned
};

// The application object: identifiers and reply URLs of the Basic SAML Configuration live here.
struct Application {
  std::string id;      // object id
  std::string app_id;  // application (client) id
  std::string display_name;
  std::vector<std::string> identifier_uris;  // "Identifier (Entity ID)"; the first is default
  std::vector<std::string> redirect_uris;    // "Reply URL (ACS)"; the first is default
  std::optional<std::string> logout_url;
  TimePoint created{};
};

// The enterprise application (servicePrincipal) of an Application.
struct ServicePrincipal {
  std::string id;
  std::string app_id;
  std::string display_name;
  std::string application_template_id;
  bool app_role_assignment_required = true;
  std::string preferred_single_sign_on_mode;  // "" (null) or "saml"
  std::optional<std::string> login_url;       // "Sign on URL"
  std::optional<std::string> relay_state;     // samlSingleSignOnSettings.relayState
  std::vector<std::string> notification_email_addresses;
  std::optional<std::string> preferred_token_signing_key_thumbprint;
  std::vector<AppRole> app_roles;
  SamlSettings saml;
  TimePoint created{};
};

// One entry of the change log that incremental provisioning cycles read. `seq` grows by one
// per change and never repeats within a run (reset starts a new log but keeps counting).
struct Change {
  std::uint64_t seq = 0;
  TimePoint at{};
  std::string kind;        // "user" | "group" | "member" | "appRoleAssignment" | "servicePrincipal"
  std::string op;          // "created" | "updated" | "softDeleted" | "restored" | "deleted" |
                           // "added" | "removed"
  std::string id;          // the object changed (the group for "member")
  std::string related_id;  // the member for "member", the principal for assignments
};

}  // namespace mock_idp::directory
