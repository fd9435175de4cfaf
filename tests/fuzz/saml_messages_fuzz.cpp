// SAML protocol messages arrive from any browser: the posted Response at the ACS, AuthnRequests
// and logout messages through the HTTP-Redirect binding, urlencoded form bodies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/saml/authn_request.hpp"
#include "core/saml/bindings.hpp"
#include "core/saml/logout.hpp"
#include "core/saml/response_validator.hpp"
#include "core/util/iso8601.hpp"
#include "core/xmlsig/library.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The fuzzer process is the test main: one library guard and one validator for the run.
  static const core::xmlsig::Library library;
  static const core::util::ManualClock clock(*core::util::parse_datetime("2026-11-27T12:00:00Z"));
  static core::saml::ReplayCache replay(1000);
  static const core::saml::ResponseValidator validator(
      core::saml::ValidatorConfig{"urn:sp", "https://sp/acs", "https://sts.windows.net/t/", {}},
      clock, &replay);

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const core::saml::ValidationResult r =
      validator.validate(text, [](std::string_view id) { return id == "_req"; });
  if (r.ok() != r.assertion.has_value()) __builtin_trap();
  (void)core::saml::parse_authn_request(text);
  (void)core::saml::parse_logout_request(text);
  (void)core::saml::parse_logout_response(text);
  if (const auto m = core::saml::decode_redirect_query(text); m.ok()) {
    (void)core::saml::verify_redirect_signature(*m, {});
    (void)core::saml::parse_authn_request(m->xml);
  }
  if (const auto form = core::saml::parse_form_body(text); form.ok()) {
    const auto it = form->find("SAMLResponse");
    if (it != form->end()) (void)core::saml::decode_post_value(it->second);
  }
  return 0;
}
