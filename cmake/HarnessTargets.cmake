# Warnings for our own targets; -Werror when HARNESS_WERROR is ON (every preset sets it).
function(harness_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wold-style-cast -Wnon-virtual-dtor
    -Woverloaded-virtual -Wimplicit-fallthrough -Wnull-dereference
    $<$<BOOL:${HARNESS_WERROR}>:-Werror>)
endfunction()
