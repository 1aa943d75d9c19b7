# Builds picolog inside a consumer project, once with add_subdirectory and
# once with FetchContent, each in a scratch folder, and runs the consumer.
# Only a compiler and CMake are needed: picolog's tests and examples stay off
# when it is not the top-level project.
#   -DPICOLOG_SOURCE=<repo> -DSOURCE_DIR=<this folder> -DWORK=<scratch> [-DGENERATOR=Ninja]
file(REMOVE_RECURSE ${WORK})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

set(generator_args "")
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()
foreach(kind subdirectory fetchcontent)
  set(build ${WORK}/${kind})
  # Release, like a consumer's build; the same flags for both kinds, so a
  # compiler cache serves the second from the first.
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/${kind} -B ${build} ${generator_args} -DCMAKE_BUILD_TYPE=Release
      -DPICOLOG_SOURCE=${PICOLOG_SOURCE})
  file(READ ${build}/CMakeCache.txt cache)
  if(cache MATCHES "GTest_DIR:PATH=[^\n]*[^-]\n" OR NOT cache MATCHES "PICOLOG_BUILD_TESTS:BOOL=OFF")
    message(FATAL_ERROR "${kind}: picolog's tests were configured in a consumer's build")
  endif()
  run(${CMAKE_COMMAND} --build ${build} --parallel 2)
  run(${build}/consumer ${WORK}/${kind}.log)
  file(READ ${WORK}/${kind}.log text)
  if(NOT text STREQUAL "installed picolog works\n")
    message(FATAL_ERROR "${kind}: the log holds '${text}'")
  endif()
endforeach()
message(STATUS "add_subdirectory and FetchContent consumers built and ran")
