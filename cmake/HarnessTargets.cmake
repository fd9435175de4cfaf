# Warnings for our own targets; -Werror when HARNESS_WERROR is ON (every preset sets it).
function(harness_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast -Wnon-virtual-dtor
    -Woverloaded-virtual -Wimplicit-fallthrough -Wnull-dereference
    $<$<BOOL:${HARNESS_WERROR}>:-Werror>
    # GCC 12 at -O2/-O3 reports "potential null pointer dereference" inside nlohmann/json's
    # own number conversions (a false positive); keep it a warning in optimised builds.
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-error=null-dereference>)
endfunction()
