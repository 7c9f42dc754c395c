# One switch for the whole tree: a sanitized library linked into unsanitized
# tests (or the other way round) reports false positives or misses bugs.
# SPARSEREG_SANITIZE is a list: "address;undefined" (scripts/test.sh --sanitize)
# or "thread" (scripts/test.sh --tsan), optionally with "undefined".
if(SPARSEREG_SANITIZE)
  # ThreadSanitizer and AddressSanitizer each need the whole address space laid
  # out their own way: the compilers refuse the two together, so say so at configure time.
  if("thread" IN_LIST SPARSEREG_SANITIZE AND
     ("address" IN_LIST SPARSEREG_SANITIZE OR "leak" IN_LIST SPARSEREG_SANITIZE))
    message(FATAL_ERROR "SPARSEREG_SANITIZE: 'thread' cannot be combined with "
                        "'address' or 'leak' (got '${SPARSEREG_SANITIZE}')")
  endif()
  list(JOIN SPARSEREG_SANITIZE "," _sparsereg_sanitizers)
  add_compile_options(-fsanitize=${_sparsereg_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_sparsereg_sanitizers})
endif()
