# Warnings are errors in our own targets only: third-party headers are pulled
# in as SYSTEM includes by their imported targets, so their warnings stay theirs.
function(sparsereg_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
  if(SPARSEREG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
