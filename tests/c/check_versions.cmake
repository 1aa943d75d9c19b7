# One version everywhere: the project version (read from picolog.h's
# PICOLOG_VERSION_* macros, which picolog_version() returns) must be the
# library file's version, the Python package's and both crates'.
#   -DVERSION=<project version> -DLIB=<built library file> -DROOT=<repository>
set(problems "")
get_filename_component(lib_name ${LIB} NAME)
if(NOT lib_name STREQUAL "libpicolog.so.${VERSION}")
  list(APPEND problems "library file ${lib_name}, expected libpicolog.so.${VERSION}")
endif()

function(expect_version file regex what)
  file(READ ${file} text)
  if(NOT text MATCHES "${regex}")
    set(problems ${problems} "${what}: no version found in ${file}" PARENT_SCOPE)
  elseif(NOT CMAKE_MATCH_1 STREQUAL VERSION)
    set(problems ${problems} "${what} is ${CMAKE_MATCH_1}" PARENT_SCOPE)
  endif()
endfunction()

expect_version(${ROOT}/bindings/python/pyproject.toml "\nversion = \"([^\"]+)\"" "the Python package")
expect_version(${ROOT}/bindings/rust/Cargo.toml "\\[workspace.package\\]\nversion = \"([^\"]+)\"" "the crates")
expect_version(${ROOT}/bindings/rust/Cargo.toml "picolog-sys = { path = \"picolog-sys\", version = \"=?([^\"]+)\""
               "picolog's dependency on picolog-sys")
expect_version(${ROOT}/bindings/rust/Cargo.toml "picolog = { path = \"picolog\", version = \"=?([^\"]+)\""
               "the workspace's dependency on picolog")
if(problems)
  string(REPLACE ";" "\n  " problems "${problems}")
  message(FATAL_ERROR "versions disagree with ${VERSION} (picolog.h):\n  ${problems}")
endif()
message(STATUS "every version is ${VERSION}")
