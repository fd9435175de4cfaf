#pragma once

#include <httplib.h>

#include <string_view>

namespace mock_scim {
class App;
}

namespace mock_scim::http {

// The one place that writes AWS's SCIM error envelope (core::scim::render_error_envelope):
// status as a string, exceptionRequestId = this response's x-amzn-RequestId, timeStamp from
// the virtual clock, Content-Type application/json.
void send_scim_error(App& app, httplib::Response& res, int status, std::string_view detail);

// Makes every failure of the server use that envelope: unknown routes (404), 405, 413,
// core::scim::Error thrown by routes, malformed JSON (400), anything else (500, logged).
void install_error_rendering(App& app);

}  // namespace mock_scim::http
