#include "mock-scim/sso_admin/identity_store_api.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "mock-scim/sso_admin/aws_error.hpp"
#include "mock-scim/sso_admin/json_operations.hpp"
#include "mock-scim/sso_admin/pagination.hpp"
#include "mock-scim/sso_admin/request_reader.hpp"
#include "mock-scim/sso_admin/validation.hpp"

namespace mock_scim::sso_admin {
namespace {

using nlohmann::json;

constexpr std::string_view kStorePattern =
    "d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
constexpr std::string_view kIdPattern =
    "([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";
// SCIM externalId appears under this issuer (facts §6: what test fixtures assume).
constexpr const char* kScimIssuer = "SCIM";
// A page may hold at most this many entries; a DirectoryView page is asked for one more.
constexpr std::size_t kMaxPage = 100;

void put_if(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

json group_json(const GroupInfo& g, const std::string& store) {
  json out = {{"GroupId", g.id}, {"IdentityStoreId", store}};
  put_if(out, "DisplayName", g.display_name);
  if (!g.external_id.empty()) {
    out["ExternalIds"] = json::array({{{"Issuer", kScimIssuer}, {"Id", g.external_id}}});
  }
  return out;
}

std::optional<std::string> read_token(const RequestReader& r) {
  return r.optional_string(
      "NextToken", 1, 65535, [](std::string_view s) { return is_next_token(s, true); },
      "[-a-zA-Z0-9+=/:]*");
}

// Reads a deprecated Filters list (at most one) on `path`; nullopt when absent.
std::optional<std::string> read_filter(const RequestReader& r, std::string_view path) {
  const json* filters = r.optional_array("Filters");
  if (filters == nullptr || filters->empty()) return std::nullopt;
  if (filters->size() > 1) {
    throw AwsError::validation(
        validation_message("Filters", nullptr, "Member must have length less than or equal to 1"));
  }
  const RequestReader f(filters->at(0));
  const auto attr = f.required_string("AttributePath", 1, 255);
  const auto value = f.required_string("AttributeValue", 1, 1024);
  if (attr != path) {
    throw AwsError::validation("Filtering on " + attr + " is not supported; use " +
                               std::string(path) + ".");
  }
  return value;
}

// AlternateIdentifier is a union: exactly one of ExternalId and UniqueAttribute.
struct Alternate {
  std::optional<std::string> external_id;                     // (issuer checked)
  std::optional<std::pair<std::string, std::string>> unique;  // path, value
};

Alternate read_alternate(const RequestReader& r) {
  const json& alt = r.required_object("AlternateIdentifier");
  const RequestReader a(alt);
  const json* ext = a.optional_object("ExternalId");
  const json* uniq = a.optional_object("UniqueAttribute");
  if ((ext == nullptr) == (uniq == nullptr)) {
    throw AwsError::validation(
        "AlternateIdentifier must set exactly one of ExternalId and UniqueAttribute.");
  }
  Alternate out;
  if (ext != nullptr) {
    const RequestReader e(*ext);
    const auto issuer = e.required_string("Issuer", 1, 100);
    const auto id = e.required_string("Id", 1, 256);
    if (issuer == kScimIssuer)
      out.external_id = id;
    else
      out.external_id = std::string();  // no such issuer: nothing matches
    return out;
  }
  const RequestReader u(*uniq);
  const auto path = u.required_string("AttributePath", 1, 255);
  const auto it = uniq->find("AttributeValue");
  if (it == uniq->end() || it->is_null()) {
    throw AwsError::validation(
        validation_message("AttributeValue", nullptr, "Member must not be null"));
  }
  if (!it->is_string()) {
    throw AwsError::validation("AttributeValue for " + path + " must be a string.");
  }
  out.unique = std::make_pair(path, it->get<std::string>());
  return out;
}

std::string fnv_hex(std::string_view a, std::string_view b, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (const char c : a) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  h = (h ^ 0xFFu) * 1099511628211ull;
  for (const char c : b) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

json identitystore_user_json(const UserInfo& u, const std::string& store) {
  json out = {{"UserId", u.id}, {"IdentityStoreId", store}};
  put_if(out, "UserName", u.user_name);
  if (!u.external_id.empty()) {
    out["ExternalIds"] = json::array({{{"Issuer", kScimIssuer}, {"Id", u.external_id}}});
  }
  json name = json::object();
  put_if(name, "Formatted", u.formatted_name);
  put_if(name, "FamilyName", u.family_name);
  put_if(name, "GivenName", u.given_name);
  put_if(name, "MiddleName", u.middle_name);
  put_if(name, "HonorificPrefix", u.honorific_prefix);
  put_if(name, "HonorificSuffix", u.honorific_suffix);
  if (!name.empty()) out["Name"] = name;
  put_if(out, "DisplayName", u.display_name);
  put_if(out, "NickName", u.nick_name);
  put_if(out, "ProfileUrl", u.profile_url);
  auto typed = [](const std::vector<TypedValue>& values) {
    json arr = json::array();
    for (const auto& v : values) {
      json e = {{"Primary", v.primary}};
      put_if(e, "Value", v.value);
      put_if(e, "Type", v.type);
      arr.push_back(e);
    }
    return arr;
  };
  if (!u.emails.empty()) out["Emails"] = typed(u.emails);
  if (!u.phone_numbers.empty()) out["PhoneNumbers"] = typed(u.phone_numbers);
  if (!u.addresses.empty()) {
    json arr = json::array();
    for (const auto& a : u.addresses) {
      json e = {{"Primary", a.primary}};
      put_if(e, "StreetAddress", a.street_address);
      put_if(e, "Locality", a.locality);
      put_if(e, "Region", a.region);
      put_if(e, "PostalCode", a.postal_code);
      put_if(e, "Country", a.country);
      put_if(e, "Formatted", a.formatted);
      put_if(e, "Type", a.type);
      arr.push_back(e);
    }
    out["Addresses"] = arr;
  }
  put_if(out, "UserType", u.user_type);
  put_if(out, "Title", u.title);
  put_if(out, "PreferredLanguage", u.preferred_language);
  put_if(out, "Locale", u.locale);
  put_if(out, "Timezone", u.timezone);
  out["UserStatus"] = u.active ? "ENABLED" : "DISABLED";
  if (u.created.time_since_epoch().count() != 0) out["CreatedAt"] = epoch_seconds(u.created);
  if (u.updated.time_since_epoch().count() != 0) out["UpdatedAt"] = epoch_seconds(u.updated);
  return out;
}

std::string IdentityStoreApi::membership_id(std::string_view group_id,
                                            std::string_view user_id) const {
  const std::string h1 = fnv_hex(group_id, user_id, 1);
  const std::string h2 = fnv_hex(group_id, user_id, 2);
  // "<10 hex of the store>-xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx"
  return org_.identity_store_id.substr(2) + "-" + h1.substr(0, 8) + "-" + h1.substr(8, 4) + "-4" +
         h1.substr(13, 3) + "-8" + h2.substr(0, 3) + "-" + h2.substr(3, 12);
}

IdentityStoreApi::IdentityStoreApi(const Organization& org, const DirectoryView& directory)
    : org_(org), directory_(directory) {
  const DirectoryView& dir = directory_;
  const std::string store = org_.identity_store_id;
  // Every call names the store; another id is "not found" as AWS answers it.
  auto store_of = [store](const RequestReader& r) {
    const auto id =
        r.required_string("IdentityStoreId", 1, 36, is_identity_store_id, kStorePattern);
    if (id != store) {
      throw AwsError::not_found("Identity store " + id + " does not exist.",
                                {{"ResourceType", "IDENTITY_STORE"}, {"ResourceId", id}});
    }
    return id;
  };
  auto user_id_of = [](const RequestReader& r, const char* member) {
    return r.required_string(member, 1, 47, is_resource_id, kIdPattern);
  };
  auto member_user = [user_id_of](const RequestReader& r) {
    const RequestReader m(r.required_object("MemberId"));
    return user_id_of(m, "UserId");
  };
  auto require_user = [&dir](const std::string& id) {
    auto u = dir.find_user(id);
    if (!u) {
      throw AwsError::not_found("USER not found.", {{"ResourceType", "USER"}, {"ResourceId", id}});
    }
    return *u;
  };
  auto require_group = [&dir](const std::string& id) {
    auto g = dir.find_group(id);
    if (!g) {
      throw AwsError::not_found("GROUP not found.",
                                {{"ResourceType", "GROUP"}, {"ResourceId", id}});
    }
    return *g;
  };

  ops_["ListUsers"] = [store_of, &dir](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto p = read_page("u", read_token(r), r.optional_int("MaxResults", 1, 100));
    const auto filter = read_filter(r, "UserName");
    json out = {{"Users", json::array()}};
    if (filter) {
      if (p.offset == 0) {
        if (const auto u = dir.find_user_by_user_name(*filter)) {
          out["Users"].push_back(identitystore_user_json(*u, s));
        }
      }
      return out;
    }
    const auto page = dir.list_users(p.offset, std::min(p.limit, kMaxPage));
    for (const auto& u : page.items) out["Users"].push_back(identitystore_user_json(u, s));
    if (page.next) out["NextToken"] = next_token("u", *page.next);
    return out;
  };
  ops_["DescribeUser"] = [store_of, user_id_of, require_user](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    return identitystore_user_json(require_user(user_id_of(r, "UserId")), s);
  };
  ops_["GetUserId"] = [store_of, &dir](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto alt = read_alternate(r);
    std::optional<UserInfo> u;
    if (alt.external_id) {
      if (!alt.external_id->empty()) u = dir.find_user_by_external_id(*alt.external_id);
    } else if (alt.unique->first == "UserName" || alt.unique->first == "userName") {
      u = dir.find_user_by_user_name(alt.unique->second);
    } else if (alt.unique->first == "Emails.Value" || alt.unique->first == "emails.value") {
      for (std::uint64_t cursor = 0;;) {
        const auto page = dir.list_users(cursor, kMaxPage);
        for (const auto& cand : page.items) {
          for (const auto& e : cand.emails) {
            if (e.primary && e.value == alt.unique->second) u = cand;
          }
        }
        if (u || !page.next) break;
        cursor = *page.next;
      }
    } else {
      throw AwsError::validation("Attribute path " + alt.unique->first +
                                 " is not a unique attribute of users.");
    }
    if (!u) {
      throw AwsError::not_found("USER not found.", {{"ResourceType", "USER"}});
    }
    return json{{"UserId", u->id}, {"IdentityStoreId", s}};
  };
  ops_["ListGroups"] = [store_of, &dir](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto p = read_page("g", read_token(r), r.optional_int("MaxResults", 1, 100));
    const auto filter = read_filter(r, "DisplayName");
    json out = {{"Groups", json::array()}};
    if (filter) {
      if (p.offset == 0) {
        if (const auto g = dir.find_group_by_display_name(*filter)) {
          out["Groups"].push_back(group_json(*g, s));
        }
      }
      return out;
    }
    const auto page = dir.list_groups(p.offset, std::min(p.limit, kMaxPage));
    for (const auto& g : page.items) out["Groups"].push_back(group_json(g, s));
    if (page.next) out["NextToken"] = next_token("g", *page.next);
    return out;
  };
  ops_["DescribeGroup"] = [store_of, user_id_of, require_group](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    return group_json(require_group(user_id_of(r, "GroupId")), s);
  };
  ops_["GetGroupId"] = [store_of, &dir](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto alt = read_alternate(r);
    std::optional<GroupInfo> g;
    if (alt.external_id) {
      if (!alt.external_id->empty()) g = dir.find_group_by_external_id(*alt.external_id);
    } else if (alt.unique->first == "DisplayName" || alt.unique->first == "displayName") {
      g = dir.find_group_by_display_name(alt.unique->second);
    } else {
      throw AwsError::validation("Attribute path " + alt.unique->first +
                                 " is not a unique attribute of groups.");
    }
    if (!g) throw AwsError::not_found("GROUP not found.", {{"ResourceType", "GROUP"}});
    return json{{"GroupId", g->id}, {"IdentityStoreId", s}};
  };
  ops_["ListGroupMemberships"] = [this, store_of, user_id_of, require_group](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto group = require_group(user_id_of(r, "GroupId"));
    const auto p = read_page("m", read_token(r), r.optional_int("MaxResults", 1, 100));
    return json_page(directory_.members_of_group(group.id), p, "m", "GroupMemberships",
                     [&](const std::string& user_id) {
                       return json{{"IdentityStoreId", s},
                                   {"MembershipId", membership_id(group.id, user_id)},
                                   {"GroupId", group.id},
                                   {"MemberId", {{"UserId", user_id}}}};
                     });
  };
  ops_["ListGroupMembershipsForMember"] = [this, store_of, member_user,
                                           require_user](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto user = require_user(member_user(r));
    const auto p = read_page("mm", read_token(r), r.optional_int("MaxResults", 1, 100));
    return json_page(directory_.groups_of_user(user.id), p, "mm", "GroupMemberships",
                     [&](const std::string& group_id) {
                       return json{{"IdentityStoreId", s},
                                   {"MembershipId", membership_id(group_id, user.id)},
                                   {"GroupId", group_id},
                                   {"MemberId", {{"UserId", user.id}}}};
                     });
  };
  ops_["IsMemberInGroups"] = [store_of, member_user, require_user, &dir](const json& body) {
    const RequestReader r(body);
    store_of(r);
    const auto user = require_user(member_user(r));
    const json* ids = r.optional_array("GroupIds");
    if (ids == nullptr) {
      throw AwsError::validation(
          validation_message("GroupIds", nullptr, "Member must not be null"));
    }
    if (ids->empty() || ids->size() > 100) {
      throw AwsError::validation(
          validation_message("GroupIds", nullptr, "Member must have length between 1 and 100"));
    }
    const auto groups = dir.groups_of_user(user.id);
    json out = {{"Results", json::array()}};
    for (const auto& id : *ids) {
      if (!id.is_string() || !is_resource_id(id.get<std::string>())) {
        throw AwsError::validation(validation_message(
            "GroupIds", nullptr,
            "Member must satisfy regular expression pattern: " + std::string(kIdPattern)));
      }
      const auto gid = id.get<std::string>();
      out["Results"].push_back(
          {{"GroupId", gid},
           {"MemberId", {{"UserId", user.id}}},
           {"MembershipExists", std::find(groups.begin(), groups.end(), gid) != groups.end()}});
    }
    return out;
  };
  ops_["GetGroupMembershipId"] = [this, store_of, user_id_of, member_user, require_group,
                                  require_user](const json& body) {
    const RequestReader r(body);
    const auto s = store_of(r);
    const auto group = require_group(user_id_of(r, "GroupId"));
    const auto user = require_user(member_user(r));
    const auto groups = directory_.groups_of_user(user.id);
    if (std::find(groups.begin(), groups.end(), group.id) == groups.end()) {
      throw AwsError::not_found("GROUP_MEMBERSHIP not found.",
                                {{"ResourceType", "GROUP_MEMBERSHIP"}});
    }
    return json{{"MembershipId", membership_id(group.id, user.id)}, {"IdentityStoreId", s}};
  };
}

json IdentityStoreApi::call(std::string_view operation, const json& body) const {
  return call_operation(ops_, operation, body);
}

}  // namespace mock_scim::sso_admin
