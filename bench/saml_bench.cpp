// saml-bench: the SAML figures of bench/run.py (never run in CI).
//
//   saml-bench sign SECONDS
//       One thread: signed Responses per second built as mock-idp builds them (Azure's default:
//       assertion signed, rsa-sha256, exc-c14n), and the signing rate of the same key through the
//       product's own RSA path (SHA-256 + PKCS#1 v1.5), per wall and per CPU second.
//   saml-bench validate SECONDS THREADS
//       The SP's ResponseValidator (what mock-scim's ACS runs) on distinct signed Responses,
//       replay cache on: validations per second with THREADS threads.
//   saml-bench acs URL COUNT THREADS
//       Against a running mock-scim at URL: enables provisioning, creates one SCIM user, makes
//       a freshly generated IdP its identity source, builds COUNT distinct signed Responses for
//       its ACS, then posts them with THREADS keep-alive clients. Sign-ins per second and the
//       latency percentiles of the ACS over loopback HTTP.
//
// Each mode prints one JSON object on stdout.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto/encoding.hpp"
#include "core/crypto/keys.hpp"
#include "core/saml/metadata.hpp"
#include "core/saml/replay_cache.hpp"
#include "core/saml/response_builder.hpp"
#include "core/saml/response_validator.hpp"
#include "core/util/clock.hpp"
#include "core/util/id_generator.hpp"
#include "core/util/iso8601.hpp"
#include "core/xmlsig/library.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using core::saml::BuiltResponse;
using core::saml::ResponseSpec;

constexpr const char* kTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";
constexpr const char* kIdpEntity = "https://sts.windows.net/9188040d-6c67-4c5b-b112-36a304b66dad/";
constexpr const char* kUserName = "bench.user@contoso.onmicrosoft.com";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread: `openssl speed` counts operations per CPU second (user time)
// unless given -elapsed, so the like-for-like figure is per CPU second too.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

core::crypto::SigningCredential make_idp(core::util::TimePoint now, core::util::IdGenerator& ids) {
  return core::crypto::make_signing_credential("Microsoft Azure Federated SSO Certificate",
                                               now - std::chrono::hours(24),
                                               now + std::chrono::hours(24 * 365 * 3), ids);
}

// A Response as mock-idp sends it for the AWS app: Azure's default claims.
ResponseSpec spec_for(const std::string& sp_entity, const std::string& acs,
                      core::util::TimePoint now) {
  ResponseSpec s;
  s.issuer = kIdpEntity;
  s.destination = acs;
  s.audience = sp_entity;
  s.name_id = kUserName;
  s.issue_instant = now;
  s.authn_instant = now - std::chrono::seconds(30);
  const std::string ns = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
  s.claims = {
      {"http://schemas.microsoft.com/identity/claims/tenantid", {kTenant}},
      {"http://schemas.microsoft.com/identity/claims/objectidentifier",
       {"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"}},
      {"http://schemas.microsoft.com/identity/claims/displayname", {"Bench User"}},
      {"http://schemas.microsoft.com/identity/claims/identityprovider", {kIdpEntity}},
      {"http://schemas.microsoft.com/claims/authnmethodsreferences",
       {"http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password"}},
      {ns + "givenname", {"Bench"}},
      {ns + "surname", {"User"}},
      {ns + "emailaddress", {kUserName}},
      {ns + "name", {kUserName}},
  };
  return s;
}

// COUNT distinct Responses (fresh IDs), built with two threads.
std::vector<std::string> build_many(const ResponseSpec& spec,
                                    const core::crypto::SigningCredential& idp, std::size_t count) {
  std::vector<std::string> out(count);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < 2; ++t) {
    workers.emplace_back([&, t] {
      core::util::IdGenerator ids(1000 + t);
      for (std::size_t i = t; i < count; i += 2) {
        out[i] = core::saml::build_response(spec, idp, {}, ids).xml;
      }
    });
  }
  for (auto& w : workers) w.join();
  return out;
}

nlohmann::json sign_mode(double seconds) {
  core::util::IdGenerator ids(7);
  const auto now = core::util::SystemClock().now();
  const auto idp = make_idp(now, ids);
  const auto spec = spec_for("https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c2f8a1",
                             "http://127.0.0.1/platform/saml/acs/x", now);

  std::size_t responses = 0;
  std::size_t bytes = 0;
  auto start = Clock::now();
  const double cpu_start = thread_cpu_seconds();
  while (seconds_since(start) < seconds) {
    bytes += core::saml::build_response(spec, idp, {}, ids).xml.size();
    ++responses;
  }
  const double response_rate = static_cast<double>(responses) / seconds_since(start);
  const double response_cpu_rate =
      static_cast<double>(responses) / (thread_cpu_seconds() - cpu_start);

  // The product's own RSA path (pooled EVP_PKEY_CTX), on a SignedInfo-sized input.
  const std::string signed_info(600, 'x');
  std::size_t own = 0;
  start = Clock::now();
  const double own_cpu_start = thread_cpu_seconds();
  while (seconds_since(start) < seconds) {
    (void)idp.key.sign(signed_info, core::crypto::HashAlgorithm::kSha256);
    ++own;
  }
  const double own_rate = static_cast<double>(own) / seconds_since(start);
  const double own_cpu_rate = static_cast<double>(own) / (thread_cpu_seconds() - own_cpu_start);
  return {{"signedResponsesPerSec", response_rate},
          {"signedResponsesPerCpuSec", response_cpu_rate},
          {"keySignsPerCpuSec", own_cpu_rate},
          {"keySignsPerSec", own_rate},
          {"responseBytes", responses ? bytes / responses : 0}};
}

nlohmann::json validate_mode(double seconds, unsigned threads) {
  core::util::IdGenerator ids(8);
  const auto now = core::util::SystemClock().now();
  const core::util::ManualClock clock(now);
  const auto idp = make_idp(now, ids);
  core::saml::ValidatorConfig config;
  config.sp_entity_id = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-9067c2f8a1";
  config.acs_url = "http://127.0.0.1/platform/saml/acs/2f1e0d9c-8b7a-4654-a3b2-c1d0e9f8a7b6";
  config.idp_entity_id = kIdpEntity;
  config.trusted_certificates = {idp.certificate};
  const auto spec = spec_for(config.sp_entity_id, config.acs_url, now);

  // Enough distinct Responses for the run (the replay cache refuses a second use).
  const std::size_t pool = static_cast<std::size_t>(seconds * 4000 * threads) + 1000;
  const auto responses = build_many(spec, idp, pool);
  core::saml::ReplayCache replay(pool + 10);
  const core::saml::ResponseValidator validator(config, clock, &replay);

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> refused{0};
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (seconds_since(start) < seconds) {
        const std::size_t i = next++;
        if (i >= responses.size()) break;
        if (!validator.validate(responses[i]).ok()) ++refused;
      }
    });
  }
  for (auto& w : workers) w.join();
  const double elapsed = seconds_since(start);
  const std::size_t done = std::min(next.load(), responses.size());
  return {{"validationsPerSec", static_cast<double>(done) / elapsed},
          {"validated", done},
          {"refused", refused.load()},
          {"threads", threads}};
}

std::string must(httplib::Result r, int status, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": no answer");
  // 200 and 201 are both fine where a resource may or may not be new.
  if (r->status != status && !(status == 201 && r->status == 200)) {
    throw std::runtime_error(what + ": HTTP " + std::to_string(r->status) + " " + r->body);
  }
  return r->body;
}

nlohmann::json acs_mode(const std::string& url, std::size_t count, unsigned threads) {
  httplib::Client admin(url);
  const auto enabled = nlohmann::json::parse(must(
      admin.Post("/_harness/provisioning", "", "application/json"), 201, "enable provisioning"));
  const std::string endpoint = enabled.at("scimEndpoint");
  const std::string token = enabled.at("accessToken");
  const auto split = endpoint.find("/", endpoint.find("//") + 2);
  const httplib::Headers auth{{"Authorization", "Bearer " + token}};
  const nlohmann::json user = {
      {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
      {"userName", kUserName},
      {"active", true},
      {"displayName", "Bench User"},
      {"name", {{"givenName", "Bench"}, {"familyName", "User"}}},
      {"emails", {{{"value", kUserName}, {"type", "work"}, {"primary", true}}}}};
  must(admin.Post(endpoint.substr(split) + "/Users", auth, user.dump(), "application/scim+json"),
       201, "create the user");

  // The virtual clock of the server decides NotBefore/NotOnOrAfter.
  const auto clock_json =
      nlohmann::json::parse(must(admin.Get("/_harness/clock"), 200, "read the clock"));
  const auto now = core::util::parse_datetime(clock_json.at("now").get<std::string>());
  if (!now) throw std::runtime_error("the server's clock is not ISO-8601");

  core::util::IdGenerator ids(9);
  const auto idp = make_idp(*now, ids);
  core::saml::IdpMetadataSpec md;
  md.entity_id = kIdpEntity;
  md.tenant_id = kTenant;
  md.sso_url = std::string("https://login.microsoftonline.com/") + kTenant + "/saml2";
  md.wsfed_url = std::string("https://login.microsoftonline.com/") + kTenant + "/wsfed";
  md.signing_certificates = {idp.certificate};
  must(admin.Put("/_harness/identity-source", core::saml::build_idp_metadata(md, idp, ids),
                 "application/xml"),
       200, "set the identity source");
  const auto sp = core::saml::parse_sp_metadata(
      must(admin.Get("/_harness/sp-metadata"), 200, "read the SP metadata"));
  if (!sp) throw std::runtime_error("the SP metadata does not parse");
  const std::string acs = sp.value().default_acs().location;
  const std::string acs_path = acs.substr(acs.find("/platform/"));

  std::vector<std::string> bodies;
  bodies.reserve(count);
  for (auto& xml : build_many(spec_for(sp.value().entity_id, acs, *now), idp, count)) {
    bodies.push_back("SAMLResponse=" + core::crypto::url_encode(core::crypto::base64_encode(xml)) +
                     "&RelayState=%2Fstart");
  }

  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> refused{0};
  std::vector<std::vector<double>> latencies(threads);
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      httplib::Client client(url);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      while (true) {
        const std::size_t i = next++;
        if (i >= bodies.size()) break;
        const auto sent = Clock::now();
        const auto r =
            client.Post(acs_path.c_str(), bodies[i], "application/x-www-form-urlencoded");
        latencies[t].push_back(seconds_since(sent) * 1000.0);
        if (!r || r->status != 302) ++refused;
      }
    });
  }
  for (auto& w : workers) w.join();
  const double elapsed = seconds_since(start);
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    if (all.empty()) return 0.0;
    const auto at = static_cast<std::size_t>(p * static_cast<double>(all.size()));
    return all[std::min(all.size() - 1, at)];
  };
  return {{"signInsPerSec", static_cast<double>(count) / elapsed},
          {"posted", count},
          {"refused", refused.load()},
          {"threads", threads},
          {"p50Ms", pct(0.50)},
          {"p99Ms", pct(0.99)}};
}

int usage() {
  std::cerr
      << "usage: saml-bench sign SECONDS | validate SECONDS THREADS | acs URL COUNT THREADS\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage();
  const core::xmlsig::Library library;
  try {
    nlohmann::json out;
    if (args[0] == "sign" && args.size() == 2) {
      out = sign_mode(std::stod(args[1]));
    } else if (args[0] == "validate" && args.size() == 3) {
      out = validate_mode(std::stod(args[1]), static_cast<unsigned>(std::stoul(args[2])));
    } else if (args[0] == "acs" && args.size() == 4) {
      out = acs_mode(args[1], std::stoul(args[2]), static_cast<unsigned>(std::stoul(args[3])));
    } else {
      return usage();
    }
    std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "saml-bench: " << e.what() << "\n";
    return 1;
  }
}
