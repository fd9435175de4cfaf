#include "mock-idp/sso/settings.hpp"

#include "core/util/iso8601.hpp"

namespace mock_idp::sso {

namespace {

constexpr std::size_t kMaxSettingString = 256;
// Skews beyond a day are not clock skew any more; expired/notYetValid cover those.
constexpr std::chrono::hours kMaxSkew{24};

}  // namespace

nlohmann::json settings_json(const SignInSettings& s) {
  return {{"autoApprove", s.auto_approve},
          {"defaultUser", s.default_user ? nlohmann::json(*s.default_user) : nlohmann::json()}};
}

std::optional<std::string> apply_settings(const nlohmann::json& body, SignInSettings& settings) {
  if (!body.is_object()) return "the body must be a JSON object";
  SignInSettings next = settings;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() == "autoApprove") {
      if (!it->is_boolean()) return "\"autoApprove\" must be a boolean";
      next.auto_approve = it->get<bool>();
    } else if (it.key() == "defaultUser") {
      if (it->is_null()) {
        next.default_user.reset();
      } else if (it->is_string() && !it->get_ref<const std::string&>().empty() &&
                 it->get_ref<const std::string&>().size() <= kMaxSettingString) {
        next.default_user = it->get<std::string>();
      } else {
        return "\"defaultUser\" must be a user principal name or null";
      }
    } else {
      return "unknown setting \"" + it.key() + "\" (known: autoApprove, defaultUser)";
    }
  }
  settings = next;
  return std::nullopt;
}

nlohmann::json faults_json(const SignInFaults& f) {
  return {{"unsigned", f.unsigned_response},
          {"foreignKey", f.foreign_key},
          {"expired", f.expired},
          {"notYetValid", f.not_yet_valid},
          {"wrongAudience", f.wrong_audience},
          {"wrongDestination", f.wrong_destination},
          {"clockSkew", core::util::format_duration(f.clock_skew)}};
}

std::optional<std::string> apply_faults(const nlohmann::json& body, SignInFaults& faults) {
  if (!body.is_object()) return "the body must be a JSON object";
  SignInFaults next = faults;
  for (auto it = body.begin(); it != body.end(); ++it) {
    const std::string& k = it.key();
    bool* flag = nullptr;
    if (k == "unsigned") flag = &next.unsigned_response;
    if (k == "foreignKey") flag = &next.foreign_key;
    if (k == "expired") flag = &next.expired;
    if (k == "notYetValid") flag = &next.not_yet_valid;
    if (k == "wrongAudience") flag = &next.wrong_audience;
    if (k == "wrongDestination") flag = &next.wrong_destination;
    if (flag) {
      if (!it->is_boolean()) return "\"" + k + "\" must be a boolean";
      *flag = it->get<bool>();
    } else if (k == "clockSkew") {
      if (!it->is_string()) return "\"clockSkew\" must be an ISO-8601 duration such as \"PT10M\"";
      const auto d = core::util::parse_duration(it->get_ref<const std::string&>());
      if (!d || *d > kMaxSkew || *d < -kMaxSkew) {
        return "\"clockSkew\" must be an ISO-8601 duration within one day, e.g. \"-PT10M\"";
      }
      next.clock_skew = *d;
    } else {
      return "unknown fault \"" + k +
             "\" (known: unsigned, foreignKey, expired, notYetValid, wrongAudience, "
             "wrongDestination, clockSkew)";
    }
  }
  faults = next;
  return std::nullopt;
}

}  // namespace mock_idp::sso
