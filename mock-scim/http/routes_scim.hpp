#pragma once

namespace mock_scim {
class App;
}

namespace mock_scim::http {

// Every route under /{tenantId}/scim/v2/ ([DG-APIS]): Users (POST, GET, list, PUT, PATCH,
// DELETE), Groups (POST, GET, list, PATCH, DELETE), ServiceProviderConfig, Schemas,
// ResourceTypes. Order per request: faults, then authorization, then the operation.
void install_scim_routes(App& app);

}  // namespace mock_scim::http
