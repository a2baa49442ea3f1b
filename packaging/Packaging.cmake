# SPDX-License-Identifier: GPL-3.0-or-later
# Installation layout and the CPack DEB package (./scripts/package). The binary goes to
# /usr/bin; desktop integration follows the freedesktop layout so double-clicking a .mbw
# workspace opens it.
include(GNUInstallDirs)
set(METRICBRIDGE_APP_ID io.github.metricbridge.MetricBridge)
set(packaging_dir ${CMAKE_CURRENT_LIST_DIR})

install(FILES ${packaging_dir}/${METRICBRIDGE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${packaging_dir}/${METRICBRIDGE_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${packaging_dir}/metricbridge-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME metricbridge.xml)
install(FILES ${packaging_dir}/icons/metricbridge.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size 16 22 24 32 48 64 128 256)
  install(FILES ${packaging_dir}/icons/hicolor/${size}x${size}/metricbridge.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES ${packaging_dir}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/metricbridge)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME metricbridge)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The MetricBridge developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "The MetricBridge developers <metricbridge@users.noreply.github.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/metricbridge/metricbridge")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Tie ML metrics to business metrics, with every run versioned
 MetricBridge is a desktop workbench in which an ML team and its business
 stakeholders frame a problem, import and version their data, train models,
 and see side by side what each model does to the ML metrics and to the
 business metrics. Every framing, dataset and run is kept in one SQLite
 workspace file.")
# The real Debian 12 package names. Qt, QCustomPlot, SQLite, muparser and zlib are what the
# binary links (readelf -d); libqt6svg6 brings the SVG icon engine; qt6-qpa-plugins the platform
# integration; LibTorch and OpenBLAS (fast BLAS for LibTorch, which calls libblas.so.3) are the
# training runtime.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6 (>= 2.34), libstdc++6 (>= 12), libgcc-s1, zlib1g, libsqlite3-0 (>= 3.40), libmuparser2v5 (>= 2.3), \
libqcustomplot2.1-qt6, libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), libqt6widgets6 (>= 6.4), \
libqt6printsupport6 (>= 6.4), libqt6svg6 (>= 6.4), qt6-qpa-plugins (>= 6.4), libtorch1.13, libopenblas0-pthread")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
include(CPack)
