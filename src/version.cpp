#include "sparsereg/version.hpp"

#define SPARSEREG_STRINGIFY_(x) #x
#define SPARSEREG_STRINGIFY(x) SPARSEREG_STRINGIFY_(x)

namespace sparsereg {

const char* library_version() noexcept {
    return SPARSEREG_STRINGIFY(SPARSEREG_VERSION_MAJOR) "." SPARSEREG_STRINGIFY(
        SPARSEREG_VERSION_MINOR) "." SPARSEREG_STRINGIFY(SPARSEREG_VERSION_PATCH);
}

}  // namespace sparsereg
