# mock-idp interop (included from tests/interop/CMakeLists.txt): python3-pysaml2 as the SP of
# mock-idp, and the xmlsec1 command verifying its Response and metadata signatures.
# Debian's python3-pysaml2 lives in /usr/bin/python3's dist-packages, so that interpreter is used.
find_program(HARNESS_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(HARNESS_IDP_XMLSEC1 xmlsec1)
if(HARNESS_SYSTEM_PYTHON3 AND HARNESS_IDP_XMLSEC1)
  add_test(NAME interop_idp_pysaml2_xmlsec1
           COMMAND ${HARNESS_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/idp_pysaml2_interop.py
                   $<TARGET_FILE:mock-idp> ${PROJECT_SOURCE_DIR}/mock-idp/config/example.json
                   ${HARNESS_IDP_XMLSEC1} ${CMAKE_CURRENT_BINARY_DIR}/idp-interop-work)
  set_tests_properties(interop_idp_pysaml2_xmlsec1 PROPERTIES LABELS interop TIMEOUT 180)
else()
  message(WARNING "/usr/bin/python3 or xmlsec1 not found: interop_idp_pysaml2_xmlsec1 is not registered")
endif()
