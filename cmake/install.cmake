# cmake --install: what a host developer and an operator get, under any
# prefix (see docs/operations.md and README.md, "Install"):
#   bin/escalated                                   component runtime
#   share/man/man1/escalated.1                      component runtime
#   share/escalated/escalated.json, .service        component runtime (examples)
#   lib/libescalated.a (or .so.1 with -DBUILD_SHARED_LIBS=ON)
#   include/escalated/*.h, lib/cmake/escalated/, lib/pkgconfig/escalated.pc
#                                                   component development
# and, only for the Debian package (cmake/package.cmake), the configuration
# under /etc/escalated and the unit under /lib/systemd/system (component deb).
include(CMakePackageConfigHelpers)

set(ESCALATED_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(ESCALATED_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/escalated)

if(ESCALATED_BUILD_SERVER)
  install(TARGETS escalated_bin RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
configure_file(${ESCALATED_PACKAGING_DIR}/escalated.1.in ${PROJECT_BINARY_DIR}/escalated.1 @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/escalated.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES ${ESCALATED_PACKAGING_DIR}/escalated.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/escalated COMPONENT runtime)
# The example unit names the binary where this install puts it, so it is
# written at install time, when the prefix (cmake --install --prefix) is known.
install(CODE "
  set(ESCALATED_BIN \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/escalated\")
  set(unit \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/escalated/escalated.service\")
  message(STATUS \"Installing: \${unit}\")
  configure_file(\"${ESCALATED_PACKAGING_DIR}/escalated.service.in\" \"\${unit}\" @ONLY)
  list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${unit}\")
  " COMPONENT runtime)

# The library, its headers and how to find it.
install(TARGETS escalated_library EXPORT escalated-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/escalated
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
        FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/escalated/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/escalated COMPONENT development)
install(EXPORT escalated-targets NAMESPACE escalated:: FILE escalated-targets.cmake
        DESTINATION ${ESCALATED_CMAKE_DIR} COMPONENT development)

if(BUILD_SHARED_LIBS)
  set(ESCALATED_STATIC_LIBRARY FALSE)
else()
  set(ESCALATED_STATIC_LIBRARY TRUE)
endif()
configure_package_config_file(cmake/escalated-config.cmake.in
  ${PROJECT_BINARY_DIR}/escalated-config.cmake INSTALL_DESTINATION ${ESCALATED_CMAKE_DIR})
# 1.x promises what docs/stability.md says: any 1.y satisfies a request for 1.0.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/escalated-config-version.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/escalated-config.cmake
              ${PROJECT_BINARY_DIR}/escalated-config-version.cmake
        DESTINATION ${ESCALATED_CMAKE_DIR} COMPONENT development)

# escalated.pc, relocatable: the prefix is found from the file's own place.
# A static libescalated lists its dependencies as plain Requires/Libs, so
# `pkg-config --libs escalated` links without --static.
file(RELATIVE_PATH ESCALATED_PC_TO_PREFIX
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" ESCALATED_PC_TO_PREFIX "${ESCALATED_PC_TO_PREFIX}")
set(ESCALATED_PC_REQUIRES "sqlite3 libpq libsodium libcmark gumbo gmime-3.0 libcurl libcrypto spdlog")
set(pc_libs "-lboost_json -lboost_container -lboost_url -ldate-tz -pthread")
if(ESCALATED_STATIC_LIBRARY)
  set(ESCALATED_PC_PRIVATE "")
  set(ESCALATED_PC_LIBS " ${pc_libs}")
  set(ESCALATED_PC_LIBS_PRIVATE "")
else()
  set(ESCALATED_PC_PRIVATE ".private")
  set(ESCALATED_PC_LIBS "")
  set(ESCALATED_PC_LIBS_PRIVATE "Libs.private: ${pc_libs}")
endif()
configure_file(cmake/escalated.pc.in ${PROJECT_BINARY_DIR}/escalated.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/escalated.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
