#pragma once

#include <optional>
#include <string>

namespace mock_idp::sso {

// The HTML login page of the interactive mode: a form posting `ctx`, `login` and `passwd` to
// `action_url`. `error` (an AADSTS text) is shown above the form when set. Values escaped.
std::string render_login_page(const std::string& action_url, const std::string& context_id,
                              const std::string& app_name, const std::string& login_hint,
                              const std::optional<std::string>& error);

// The page shown after single logout when the app has no Logout URL.
std::string render_signed_out_page();

}  // namespace mock_idp::sso
