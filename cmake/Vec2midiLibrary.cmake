# vec2midi_library(NAME [DEPS ...] [PCH ...] [CORE file.cpp ... CORE_DEPS ...]): one folder of src/ = one
# concept = one static library. Sources are globbed so that adding a file needs no CMake edit.
# CORE names the folder's files that do not use libtorch: they form vec2midi_NAME_core (linked by
# vec2midi_NAME), which the light `vec2midi` executable links without loading libtorch (app/launcher.hpp).
function(vec2midi_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PCH;CORE;CORE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(core_target "")
  if(ARG_CORE)
    set(core_sources "")
    foreach(file ${ARG_CORE})
      list(APPEND core_sources ${CMAKE_CURRENT_SOURCE_DIR}/${file})
    endforeach()
    list(REMOVE_ITEM sources ${core_sources})
    set(core_target vec2midi_${name}_core)
    add_library(${core_target} STATIC ${core_sources})
    target_include_directories(${core_target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${core_target} PUBLIC ${ARG_CORE_DEPS})
    target_compile_options(${core_target} PRIVATE -Wall -Wextra)
  endif()
  if(NOT sources)
    # A concept whose code has not been written yet: an empty interface keeps the graph whole.
    add_library(vec2midi_${name} INTERFACE)
    target_include_directories(vec2midi_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(vec2midi_${name} INTERFACE ${core_target} ${ARG_DEPS})
    return()
  endif()
  add_library(vec2midi_${name} STATIC ${sources})
  target_include_directories(vec2midi_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(vec2midi_${name} PUBLIC ${core_target} ${ARG_DEPS})
  target_compile_options(vec2midi_${name} PRIVATE -Wall -Wextra)
  if(ARG_PCH)
    target_precompile_headers(vec2midi_${name} PRIVATE ${ARG_PCH})
  endif()
endfunction()

# vec2midi_test_folder(NAME [DEPS ...] [PCH ...]): every tests/NAME/*_test.cpp in one GoogleTest binary;
# PCH names headers to precompile (libtorch's, for the folders whose tests include it).
function(vec2midi_test_folder name)
  cmake_parse_arguments(ARG "" "" "DEPS;PCH" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name}_tests ${sources})
  target_link_libraries(${name}_tests PRIVATE ${ARG_DEPS} vec2midi_test_support GTest::gtest_main)
  if(ARG_PCH)
    target_precompile_headers(${name}_tests PRIVATE ${ARG_PCH})
  endif()
  # Tests that run the command itself (run_vec2midi) need it built first; a full build (setup.sh)
  # always builds it, and for targeted builds only the app tests wait for it.
  if(name STREQUAL "app")
    add_dependencies(${name}_tests vec2midi)
  endif()
  gtest_discover_tests(${name}_tests
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60)
endfunction()
