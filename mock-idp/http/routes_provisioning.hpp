#pragma once

namespace mock_idp {
class App;
}

namespace mock_idp::http {

// Installs the provisioning service on the app: Graph's synchronization routes under
// /v1.0/servicePrincipals/{id}/synchronization/..., /v1.0/auditLogs/provisioning, and the
// /_harness/provisioning/... and /_harness/outbox routes; the scheduler runs on every clock
// change and the service is emptied on reset. Call once, before the app starts.
void install_provisioning(App& app);

}  // namespace mock_idp::http
