#pragma once

// The single source of the version: CMakeLists.txt reads these three lines.
#define SPARSEREG_VERSION_MAJOR 0
#define SPARSEREG_VERSION_MINOR 1
#define SPARSEREG_VERSION_PATCH 0

namespace sparsereg {

inline constexpr int version_major = SPARSEREG_VERSION_MAJOR;
inline constexpr int version_minor = SPARSEREG_VERSION_MINOR;
inline constexpr int version_patch = SPARSEREG_VERSION_PATCH;

// "MAJOR.MINOR.PATCH" of the compiled library, which may differ from the
// headers a consumer compiled against if the two were mixed up at install.
const char* library_version() noexcept;

}  // namespace sparsereg
