# Installs headers, the library and a relocatable CMake package, so a consumer does
#   find_package(sparsereg 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE sparsereg::sparsereg)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SPARSEREG_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/sparsereg"
    CACHE STRING "Where the sparsereg CMake package files are installed")

install(TARGETS sparsereg EXPORT sparsereg-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/sparsereg"
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET sparsereg_cli)
  install(TARGETS sparsereg_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT sparsereg-targets NAMESPACE sparsereg:: FILE sparsereg-targets.cmake
        DESTINATION ${SPARSEREG_INSTALL_CMAKEDIR})
# The build tree is a package too: a sibling project can point sparsereg_DIR at it.
export(EXPORT sparsereg-targets NAMESPACE sparsereg::
       FILE "${PROJECT_BINARY_DIR}/sparsereg-targets.cmake")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/sparsereg-config.cmake.in"
  "${PROJECT_BINARY_DIR}/sparsereg-config.cmake"
  INSTALL_DESTINATION ${SPARSEREG_INSTALL_CMAKEDIR})
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/sparsereg-config-version.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/sparsereg-config.cmake"
              "${PROJECT_BINARY_DIR}/sparsereg-config-version.cmake"
        DESTINATION ${SPARSEREG_INSTALL_CMAKEDIR})
