# The Debian package (make package, or cpack in the build tree): the binary,
# its man page, the example configuration as /etc/escalated/escalated.json (a
# conffile) and the systemd unit, which runs it as its own user with
# /var/lib/escalated as its StateDirectory. The library and headers are not
# in it (they are the development component of cmake --install).
# Dependencies come from dpkg-shlibdeps over the binary, plus tzdata, whose
# database the time-zone library reads at run time.
set(ESCALATED_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

install(FILES ${ESCALATED_PACKAGING_DIR}/escalated.json
        DESTINATION /etc/escalated COMPONENT deb EXCLUDE_FROM_ALL)
set(ESCALATED_BIN /usr/bin/escalated)
configure_file(${ESCALATED_PACKAGING_DIR}/escalated.service.in
               ${PROJECT_BINARY_DIR}/deb/escalated.service @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/deb/escalated.service
        DESTINATION /lib/systemd/system COMPONENT deb EXCLUDE_FROM_ALL)
file(WRITE ${PROJECT_BINARY_DIR}/deb/conffiles "/etc/escalated/escalated.json\n")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME escalated)
set(CPACK_PACKAGE_VENDOR "Escalated")
set(CPACK_PACKAGE_CONTACT "Escalated maintainers <maintainers@escalated.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "embeddable helpdesk (support tickets) with its own web UI")
set(CPACK_PACKAGE_DESCRIPTION
    "Escalated runs a helpdesk stand-alone: the JSON API, the web UI (agent\n workspace, customer portal, admin panel, compiled into the binary) and the\n background work (SLA timers, rules, notification mail, webhooks), on SQLite\n or PostgreSQL. The systemd unit runs it as its own user.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)  # the prefix with CPACK_SET_DESTDIR
# Absolute destinations (/etc, /lib/systemd) and the unit written at install
# time need the real prefix with DESTDIR, not a staging prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL runtime deb)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)  # one package holding both
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_BINARY_DIR}/deb/conffiles)
include(CPack)
