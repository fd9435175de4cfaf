# The provisioning engine against a SCIM server written by others: scimmy + scimmy-routers +
# express on loopback (tests/interop/scimmy/; `npm ci` there installs node_modules).
find_program(HARNESS_NODE node)
if(HARNESS_NODE AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/scimmy/node_modules)
  add_executable(scimmy_interop_test
    scimmy_interop_test.cpp
    ${PROJECT_SOURCE_DIR}/tests/unit/mock-idp/provisioning/fakes.cpp)
  target_link_libraries(scimmy_interop_test PRIVATE test_support mock_idp_provisioning
                                                    Catch2::Catch2WithMain)
  target_compile_definitions(scimmy_interop_test PRIVATE
    HARNESS_SCIMMY_SERVER="${CMAKE_CURRENT_SOURCE_DIR}/scimmy/server.mjs")
  harness_set_warnings(scimmy_interop_test)
  add_test(NAME interop_scimmy COMMAND scimmy_interop_test)
  set_tests_properties(interop_scimmy PROPERTIES LABELS interop TIMEOUT 120)
else()
  message(WARNING "node or tests/interop/scimmy/node_modules missing: interop_scimmy is not "
                  "registered (run `npm ci` in tests/interop/scimmy)")
endif()
