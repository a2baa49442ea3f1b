# SPDX-License-Identifier: GPL-3.0-or-later
# Desktop integration files and the CPack DEB package. Included last from the top-level
# CMakeLists.txt; ./scripts/package drives it (see docs/PACKAGING.md).
include(GNUInstallDirs)

set(METRICBRIDGE_APP_ID "io.github.metricbridge.MetricBridge")
set(_mb_pkg "${CMAKE_CURRENT_LIST_DIR}")

# --- Desktop integration -------------------------------------------------------------------
# The .desktop file is named after the AppStream id: the metainfo's desktop-id launchable must
# name an installed file, and GNOME/KDE match windows to entries by that name.
install(FILES "${_mb_pkg}/${METRICBRIDGE_APP_ID}.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${_mb_pkg}/${METRICBRIDGE_APP_ID}.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
# Glob-only MIME type for *.mbw; shared-mime-info's dpkg trigger runs update-mime-database.
install(FILES "${_mb_pkg}/metricbridge-mime.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages" RENAME metricbridge.xml)
install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/metricbridge.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
# PNGs are rendered from the SVG once and committed (rsvg-convert), so packaging needs no renderer.
foreach(_mb_size 16 22 24 32 48 64 128 256)
  install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${_mb_size}x${_mb_size}/metricbridge.png"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_mb_size}x${_mb_size}/apps")
endforeach()
install(FILES "${_mb_pkg}/copyright" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/metricbridge")
# Help > Documentation opens these.
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/metricbridge")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/metricbridge")
# The Python client for runs trained in other tools (docs/EXTERNAL-RUNS.md): standard library only,
# where Debian's python3 finds modules of packages (/usr/lib/python3/dist-packages).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/python/metricbridge" DESTINATION "lib/python3/dist-packages"
        FILES_MATCHING PATTERN "*.py")

# A version bump must add a <release> to the metainfo, or software centres show a stale version.
file(READ "${_mb_pkg}/${METRICBRIDGE_APP_ID}.metainfo.xml" _mb_metainfo)
string(FIND "${_mb_metainfo}" "<release version=\"${PROJECT_VERSION}\"" _mb_release_at)
if(_mb_release_at EQUAL -1)
  message(WARNING "packaging: ${METRICBRIDGE_APP_ID}.metainfo.xml has no <release version=\"${PROJECT_VERSION}\">")
endif()

# --- CPack: Debian package -----------------------------------------------------------------
# Distributors set these two to their own; the defaults follow the AppStream id (GitHub account metricbridge).
set(METRICBRIDGE_DEB_MAINTAINER "The MetricBridge developers <metricbridge@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the .deb (\"Name <email>\")")
set(METRICBRIDGE_DEB_HOMEPAGE "https://github.com/metricbridge/metricbridge"
    CACHE STRING "Homepage field of the .deb; empty to leave it out")

set(CPACK_GENERATOR "DEB")
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_NAME "metricbridge")
set(CPACK_PACKAGE_VENDOR "The MetricBridge developers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "${METRICBRIDGE_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")   # the binary lands in /usr/bin/metricbridge
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)                         # xz on every core
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_PACKAGE_NAME "metricbridge")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)      # metricbridge_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${METRICBRIDGE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(METRICBRIDGE_DEB_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${METRICBRIDGE_DEB_HOMEPAGE}")
endif()
find_program(DPKG_PROGRAM dpkg)
if(DPKG_PROGRAM)
  execute_process(COMMAND "${DPKG_PROGRAM}" --print-architecture
                  OUTPUT_VARIABLE CPACK_DEBIAN_PACKAGE_ARCHITECTURE OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()

# The summary line comes from CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the long description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "MetricBridge is a desktop workbench where an ML team and its business
stakeholders frame a problem, import and version their data, train models,
and compare what each model does to the ML metrics and to the business
metrics. Every framing, dataset and run is kept, versioned, in one SQLite
workspace file (.mbw). The same executable runs headless from the command
line (metricbridge --help).")

# Debian 12 (bookworm) package names, written out rather than left to dpkg-shlibdeps: LibTorch,
# the SVG plugin and BLAS are loaded by code paths or plugins no ELF scan of today's binary sees.
# ./scripts/package still runs dpkg-shlibdeps on the packaged binary and fails if a library the
# binary links is missing here or needs a newer version. docs/PACKAGING.md says why each one.
set(METRICBRIDGE_DEB_DEPENDS
  "libc6 (>= 2.34)"
  "libgcc-s1 (>= 3.0)"
  "libstdc++6 (>= 12)"
  "zlib1g (>= 1:1.2.11.dfsg)"              # gzip-compressed IDX files; crc32_z, the stored values' checksums
  "libssl3 (>= 3.0.0)"                     # libcrypto: SHA-256 of imports and artifacts with the CPU's SHA instructions
  "libqt6core6 (>= 6.4.0)"
  "libqt6gui6 (>= 6.4.0)"                  # also ships the xcb and offscreen platform plugins
  "libqt6widgets6 (>= 6.4.0)"
  "libqt6svg6 (>= 6.4.0)"                  # SVG icon engine: the scalable app icon and SVG icon themes
  "libqcustomplot2.1-qt6 (>= 2.1.0+dfsg1)" # pulls libqt6printsupport6
  "libmuparser2v5 (>= 2.3.3)"
  "libsqlite3-0 (>= 3.40)"                 # the workspace format is tested on 3.40; SQL features are invisible to shlibdeps
  "libtorch1.13 (>= 1.13.1+dfsg)"          # the training worker (usr/libexec/metricbridge/metricbridge-train)
  "libopenblas0-pthread"                   # libtorch's libblas.so.3; the reference BLAS is ~27x slower
)
list(JOIN METRICBRIDGE_DEB_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
# Native Wayland windows; without it Qt falls back to xcb through XWayland.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")

include(CPack)
