#pragma once

namespace mock_idp {
class App;
}

namespace mock_idp::http {

// Installs every route of mock-idp on app.server() (the only place that speaks httplib):
// Microsoft Graph v1.0 (graph_routes.cpp), federation metadata, sign-in and logout
// (sso_routes.cpp), and mock-idp's own /_harness routes (harness_routes.cpp). See README.md.
void install_routes(App& app);

void install_graph_routes(App& app);
void install_sso_routes(App& app);
void install_harness_routes(App& app);

}  // namespace mock_idp::http
