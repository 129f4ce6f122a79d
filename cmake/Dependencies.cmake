# Every dependency comes from a Debian 12 package (see setup.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(OpenMP REQUIRED)
find_package(dnnl REQUIRED)  # oneDNN (libdnnl-dev): the inference GEMMs
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs videoio)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(leveldb REQUIRED)
find_package(Protobuf REQUIRED)
pkg_check_modules(SMF REQUIRED IMPORTED_TARGET smf)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(VEC2MIDI_TESTS)
  find_package(GTest REQUIRED)
endif()
if(VEC2MIDI_BENCH)
  find_package(benchmark REQUIRED)
endif()

# libtorch's exported flags add -D_GLIBCXX_USE_CXX11_ABI=1 and friends; wrap them in one target.
add_library(vec2midi_torch INTERFACE)
target_link_libraries(vec2midi_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(vec2midi_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})

# The Python module (src/python): Debian's interpreter (/usr/bin/python3) even when another python3 comes first on
# PATH, pybind11 (python3-pybind11) and numpy. Not in the sanitizer build: an instrumented extension cannot load
# into an uninstrumented interpreter.
option(VEC2MIDI_PYTHON "Build the Python module (vec2midi._engine)" ON)
if(VEC2MIDI_SANITIZE)
  set(VEC2MIDI_PYTHON OFF)
endif()
if(VEC2MIDI_PYTHON)
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3)
  endif()
  find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG REQUIRED)
endif()
