# One switch for the whole tree: a sanitized library linked into unsanitized
# tests (or the other way round) reports false positives or misses bugs.
if(SPARSEREG_SANITIZE)
  list(JOIN SPARSEREG_SANITIZE "," _sparsereg_sanitizers)
  add_compile_options(-fsanitize=${_sparsereg_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_sparsereg_sanitizers})
endif()
