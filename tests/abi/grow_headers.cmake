# Writes the public headers as a later minor release could: one field
# appended to every versioned input struct (its *_VERSION raised by one) and to
# every output struct. The library built from them must still serve callers
# compiled against today's headers.
#   -DIN=<capi/include> -DOUT=<folder for the grown headers>
set(inputs picolog_file_options picolog_callback_handler_options picolog_queue_options picolog_record_info
    picolog_syslog_options picolog_journald_options picolog_memory_options picolog_backtrace_options)
set(outputs picolog_record_view picolog_queue_stats)

file(GLOB_RECURSE headers RELATIVE ${IN} ${IN}/*.h)
set(grown "")
foreach(header ${headers})
  file(READ ${IN}/${header} text)
  foreach(type ${inputs} ${outputs})
    if(text MATCHES "\n} ${type};")
      string(REPLACE "\n} ${type};" "\n    uint64_t grown_in_abi_test;\n} ${type};" text "${text}")
      list(APPEND grown ${type})
    endif()
  endforeach()
  foreach(type ${inputs})
    string(TOUPPER ${type} macro)
    string(REGEX REPLACE "^PICOLOG_" "" macro ${macro})
    if(text MATCHES "#define PICOLOG_${macro}_VERSION ([0-9]+)\n")
      math(EXPR raised "${CMAKE_MATCH_1} + 1")
      string(REGEX REPLACE "#define PICOLOG_${macro}_VERSION [0-9]+\n" "#define PICOLOG_${macro}_VERSION ${raised}\n"
             text "${text}")
    endif()
    string(REGEX REPLACE "(#define PICOLOG_${macro}_INIT[^{]*{[^}]*)}" "\\1, 0 }" text "${text}")
  endforeach()
  file(WRITE ${OUT}/${header}.tmp "${text}")
  file(COPY_FILE ${OUT}/${header}.tmp ${OUT}/${header} ONLY_IF_DIFFERENT)
  file(REMOVE ${OUT}/${header}.tmp)
endforeach()
list(LENGTH grown n)
list(LENGTH inputs n_in)
list(LENGTH outputs n_out)
math(EXPR expected "${n_in} + ${n_out}")
if(NOT n EQUAL expected)
  message(FATAL_ERROR "grew ${grown}, expected every one of ${inputs} ${outputs}")
endif()
