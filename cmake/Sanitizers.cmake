# SPDX-License-Identifier: GPL-3.0-or-later
# The instrumented builds of docs/RELIABILITY.md. Project-wide flags, so every library a test or a
# fuzz target links is instrumented; Qt, SQLite, muparser and LibTorch come from Debian and are not.

if(METRICBRIDGE_SANITIZE AND METRICBRIDGE_FUZZ)
  message(FATAL_ERROR "METRICBRIDGE_SANITIZE and METRICBRIDGE_FUZZ are separate builds (build-asan, build-fuzz)")
endif()

# -fno-sanitize-recover: undefined behaviour stops the process like a memory error does, so a test
# or a fuzz run fails on it instead of printing a line nobody reads.
# -fno-omit-frame-pointer: readable stacks in the reports at little cost.
# float-cast-overflow is named because GCC's `undefined` leaves it out (clang's has it): a double
# beyond an int converted to one is the undefined behaviour both fuzz findings were.
set(_mb_ub_checks undefined,float-cast-overflow)
set(_mb_sanitizers -fsanitize=address,${_mb_ub_checks} -fno-sanitize-recover=${_mb_ub_checks}
    -fno-omit-frame-pointer)

if(METRICBRIDGE_SANITIZE)
  add_compile_options(${_mb_sanitizers})
  add_link_options(-fsanitize=address,${_mb_ub_checks})
endif()

if(METRICBRIDGE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "METRICBRIDGE_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  # fuzzer-no-link: the libraries get libFuzzer's coverage counters; only the fuzz targets link
  # libFuzzer's main (tests/fuzz/CMakeLists.txt adds -fsanitize=fuzzer to them).
  add_compile_options(-fsanitize=fuzzer-no-link ${_mb_sanitizers})
  add_link_options(-fsanitize=address,${_mb_ub_checks})
endif()
