# Warnings for our own targets; -Werror when HARNESS_WERROR is ON (every preset sets it).
function(harness_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast -Wnon-virtual-dtor
    -Woverloaded-virtual -Wimplicit-fallthrough -Wnull-dereference
    $<$<BOOL:${HARNESS_WERROR}>:-Werror>
    # GCC 12 at -O2/-O3 reports false positives inside library headers: "potential null pointer
    # dereference" in nlohmann/json's number conversions and -Wrestrict in std::string's
    # concatenation (GCC bug 105329). They stay warnings in optimised builds.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-error=null-dereference>
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-error=restrict>)
endfunction()
