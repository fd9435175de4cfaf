#include "mock-scim/http/error_rendering.hpp"

#include "core/scim/error.hpp"
#include "core/util/iso8601.hpp"
#include "mock-scim/app.hpp"

namespace mock_scim::http {

void send_scim_error(App& app, httplib::Response& res, int status, std::string_view detail) {
  const std::string request_id = app.server().request_id(res);
  res.status = status;
  res.set_content(
      core::scim::render_error_envelope(status, detail, request_id,
                                        core::util::format_aws_timestamp(app.clock().now()),
                                        app.quirks().on(Quirk::kErrorSchemaOnly2022)),
      "application/json");
}

void install_error_rendering(App& app) {
  App* a = &app;
  app.server().set_error_renderer(
      [a](const httplib::Request&, httplib::Response& res, int status, const std::string& message) {
        std::string detail = message;
        if (status == 404) detail = "Specified resource or endpoint does not exist.";
        if (status == 400) detail = std::string(core::scim::kDetailUnparsable);
        send_scim_error(*a, res, status, detail);
      });
  app.server().set_exception_mapper(
      [a](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const core::scim::Error& e) {
          send_scim_error(*a, res, e.status(), e.detail());
          return true;
        } catch (const nlohmann::json::exception& e) {
          a->log().warn("JSON error on " + req.method + " " + req.path + ": " + e.what());
          send_scim_error(*a, res, 400, core::scim::kDetailUnparsable);
          return true;
        } catch (...) {
          return false;
        }
      });
}

}  // namespace mock_scim::http
