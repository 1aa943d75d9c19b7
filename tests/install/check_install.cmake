# Installs the build tree into a scratch prefix, then builds two consumers of
# the installed library: one through find_package(picolog), one through
# pkg-config, and runs both.
#   -DBUILD_DIR=<picolog build tree> -DSOURCE_DIR=<this folder> -DWORK=<scratch>
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

function(expect_log path)
  file(READ ${path} text)
  if(NOT text STREQUAL "installed picolog works\n")
    message(FATAL_ERROR "${path} holds '${text}'")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
file(GLOB_RECURSE pc_files ${prefix}/*/picolog.pc)
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir ${pc_file} DIRECTORY)
get_filename_component(lib_dir ${pc_dir} DIRECTORY)

run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/consumer -B ${WORK}/cmake-build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_BUILD_RPATH=${lib_dir})
run(${CMAKE_COMMAND} --build ${WORK}/cmake-build)
run(${WORK}/cmake-build/consumer ${WORK}/cmake.log)
expect_log(${WORK}/cmake.log)

set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND pkg-config --cflags --libs picolog OUTPUT_VARIABLE flags
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not find the installed picolog.pc")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(cc -std=c99 -Wall -Werror ${SOURCE_DIR}/consumer/main.c ${flags} -Wl,-rpath,${lib_dir}
    -o ${WORK}/pc-consumer)
run(${WORK}/pc-consumer ${WORK}/pc.log)
expect_log(${WORK}/pc.log)
message(STATUS "find_package(picolog) and pkg-config consumers built and ran")
