# Interop of mock-scim with AWS's own client and a third-party SAML IdP (Debian packages awscli,
# python3-pysaml2, xmlsec1). The Debian interpreter is used on purpose: pysaml2 is installed for it.
find_program(HARNESS_DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(HARNESS_AWS_CLI aws PATHS /usr/bin NO_DEFAULT_PATH)
find_program(HARNESS_XMLSEC1_BIN xmlsec1)

if(HARNESS_DEBIAN_PYTHON3 AND HARNESS_AWS_CLI)
  add_test(NAME interop_aws_cli
           COMMAND ${HARNESS_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/aws_cli_test.py
                   $<TARGET_FILE:mock-scim> ${HARNESS_AWS_CLI})
  set_tests_properties(interop_aws_cli PROPERTIES LABELS interop TIMEOUT 300)
else()
  message(WARNING "/usr/bin/python3 or /usr/bin/aws not found: interop_aws_cli is not registered")
endif()

if(HARNESS_DEBIAN_PYTHON3 AND HARNESS_XMLSEC1_BIN)
  add_test(NAME interop_aws_pysaml2_idp
           COMMAND ${HARNESS_DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/aws_pysaml2_test.py
                   $<TARGET_FILE:mock-scim> ${HARNESS_XMLSEC1_BIN}
                   ${CMAKE_CURRENT_BINARY_DIR}/aws-pysaml2-work)
  set_tests_properties(interop_aws_pysaml2_idp PROPERTIES LABELS interop TIMEOUT 300)
else()
  message(WARNING "/usr/bin/python3 or xmlsec1 not found: interop_aws_pysaml2_idp is not registered")
endif()
