# The include check (cmake/check_layers.cmake) against src/layers.txt:
#   1. the real tree passes;
#   2. a copy of the real tree with forbidden includes planted fails, naming
#      each planted file and header, and nothing else;
#   3. a file outside every component fails too.
#
#   cmake -DROOT=<source dir> -DWORK=<scratch dir> -P layers_test.cmake
cmake_minimum_required(VERSION 3.25)

set(check ${ROOT}/cmake/check_layers.cmake)
set(matrix ${ROOT}/src/layers.txt)

function(run_check src out_rc out_text)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DMATRIX=${matrix} -DSRC=${src} -DPUBLIC=${ROOT}/include/escalated
            -P ${check}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${out_rc} "${rc}" PARENT_SCOPE)
  set(${out_text} "${out}${err}" PARENT_SCOPE)
endfunction()

set(failures 0)
macro(expect condition message)
  if(${condition})
    message(STATUS "ok: ${message}")
  else()
    message(STATUS "FAILED: ${message}")
    math(EXPR failures "${failures} + 1")
  endif()
endmacro()

# 1. The tree as it is.
run_check(${ROOT}/src rc text)
string(COMPARE EQUAL "${rc}" "0" clean)
expect(clean "the real tree keeps to the matrix")
if(NOT clean)
  message(STATUS "${text}")
endif()

# 2. The real tree with three planted forbidden includes: a rule reaching
# into the store, a capability reaching back against the arrow (sla must
# not use tickets: the cycle the layout broke), and the HTTP types reaching
# into a service.
file(REMOVE_RECURSE ${WORK})
file(COPY ${ROOT}/src DESTINATION ${WORK})
file(WRITE ${WORK}/src/core/planted_rule.h "#pragma once\n#include \"store/database.h\"\n")
file(WRITE ${WORK}/src/services/sla/planted_cycle.cpp
     "#include \"services/sla/sla_engine.h\"\n#include \"services/tickets/ticket_writer.h\"\n")
file(WRITE ${WORK}/src/http/planted_reach.cpp "#include <string>\n#include \"services/base/journal.h\"\n")
run_check(${WORK}/src rc text)
string(COMPARE NOTEQUAL "${rc}" "0" refused)
expect(refused "planted forbidden includes fail the check")
foreach(needle
    "core/planted_rule.h: core may not include \"store/database.h\""
    "services/sla/planted_cycle.cpp: services/sla may not include \"services/tickets/ticket_writer.h\""
    "http/planted_reach.cpp: http may not include \"services/base/journal.h\""
    "3 forbidden include(s)")
  string(FIND "${text}" "${needle}" at)
  string(COMPARE NOTEQUAL "${at}" "-1" named)
  expect(named "the check names: ${needle}")
endforeach()
# The allowed include beside a forbidden one is not reported.
string(FIND "${text}" "sla_engine.h\" (" at)
string(COMPARE EQUAL "${at}" "-1" quiet)
expect(quiet "an allowed include beside a forbidden one is not reported")

# 3. A folder the matrix does not know.
file(REMOVE_RECURSE ${WORK})
file(COPY ${ROOT}/src DESTINATION ${WORK})
file(WRITE ${WORK}/src/stray/thing.cpp "int thing() { return 1; }\n")
run_check(${WORK}/src rc text)
string(FIND "${text}" "stray/thing.cpp: the file is in no component" at)
string(COMPARE NOTEQUAL "${at}" "-1" named)
expect(named "a file in no component is refused")

file(REMOVE_RECURSE ${WORK})
if(failures GREATER 0)
  message(FATAL_ERROR "layers_test: ${failures} check(s) failed")
endif()
