# Fails when a source file includes a header of a component that
# src/layers.txt does not let its own component use.
#
#   cmake -DMATRIX=src/layers.txt -DSRC=src -DPUBLIC=include/escalated
#         [-DSTAMP=file] -P cmake/check_layers.cmake
#
# Only quoted includes are ours ("store/database.h"); angle-bracket ones are
# libraries. Every forbidden include is listed before the script fails, so
# one run shows the whole damage. The build runs it before compiling
# libescalated; tests/layers checks that it refuses a planted include.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/layers.cmake)

foreach(var MATRIX SRC PUBLIC)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_layers: -D${var}=... is required")
  endif()
endforeach()
escalated_read_layers("${MATRIX}")
get_filename_component(SRC "${SRC}" ABSOLUTE)
get_filename_component(PUBLIC "${PUBLIC}" ABSOLUTE)

file(GLOB_RECURSE sources RELATIVE "${SRC}" "${SRC}/*.h" "${SRC}/*.cpp")
file(GLOB public_headers RELATIVE "${PUBLIC}/.." "${PUBLIC}/*.h")

set(files "")
foreach(f IN LISTS sources)
  list(APPEND files "${SRC}/${f}|${f}")
endforeach()
foreach(f IN LISTS public_headers)
  list(APPEND files "${PUBLIC}/../${f}|${f}")
endforeach()

set(violations "")
set(checked 0)
foreach(entry IN LISTS files)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 file)
  list(GET parts 1 rel)
  escalated_component_of(owner "${rel}")
  if(owner STREQUAL "")
    list(APPEND violations "${rel}: the file is in no component of ${MATRIX}")
    continue()
  endif()
  string(REPLACE "/" "_" key "${owner}")
  set(allowed ${ESCALATED_LAYER_DEPS_${key}} ${owner})
  file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]+\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*$" "\\1" header "${line}")
    escalated_component_of(target "${header}")
    if(target STREQUAL "")
      list(APPEND violations "${rel}: includes \"${header}\", which is in no component")
    elseif(NOT target IN_LIST allowed)
      list(JOIN ESCALATED_LAYER_DEPS_${key} " " may_use)
      if(may_use STREQUAL "")
        set(may_use "its own headers")
      endif()
      list(APPEND violations
           "${rel}: ${owner} may not include \"${header}\" (${target}), only ${may_use}")
    endif()
    math(EXPR checked "${checked} + 1")
  endforeach()
endforeach()

list(LENGTH files nfiles)
if(violations)
  list(LENGTH violations n)
  list(JOIN violations "\n  " text)
  message(FATAL_ERROR "check_layers: ${n} forbidden include(s):\n  ${text}")
endif()
message(STATUS "check_layers: ${checked} includes in ${nfiles} files keep to ${MATRIX}")
if(DEFINED STAMP)
  file(TOUCH "${STAMP}")
endif()
