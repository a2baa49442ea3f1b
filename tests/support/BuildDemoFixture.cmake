# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the demo workspace the suite shares, as the test fixtures/demo-workspace (a ctest
# FIXTURES_SETUP, tests/CMakeLists.txt): run once per ctest run, before every test that copies it
# (tests/support/DemoFixture.h). Whatever a previous run left is deleted first, so the fixture is
# always the output of this build's `metricbridge demo` on a new file.
#   cmake -DBINARY=<metricbridge> -DOUT=<path/demo.mbw> -P BuildDemoFixture.cmake
if(NOT BINARY OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DBINARY=<metricbridge> -DOUT=<demo.mbw> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
file(REMOVE "${OUT}" "${OUT}-wal" "${OUT}-shm" "${OUT}-journal")
get_filename_component(folder "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${folder}")
execute_process(COMMAND "${BINARY}" demo --workspace "${OUT}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE "${OUT}" "${OUT}-wal" "${OUT}-shm")
  message(FATAL_ERROR "`metricbridge demo --workspace ${OUT}` failed (${status})")
endif()
# The tests copy the .mbw file alone. `demo` closes its workspace, and the last connection to
# close checkpoints the WAL into the file and deletes it; a -wal left with pages in it would mean
# the copies miss them.
if(EXISTS "${OUT}-wal")
  file(SIZE "${OUT}-wal" walBytes)
  if(walBytes GREATER 0)
    message(FATAL_ERROR "`metricbridge demo` left ${walBytes} bytes in ${OUT}-wal: a copy of ${OUT} would miss them")
  endif()
endif()
