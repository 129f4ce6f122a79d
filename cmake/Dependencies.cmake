# Every dependency comes from a Debian 12 package (see setup.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(OpenMP REQUIRED)
find_package(dnnl REQUIRED)  # oneDNN (libdnnl-dev): the inference GEMMs
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs videoio)
find_package(nlohmann_json REQUIRED)
# Open MPI (libopenmpi-dev): search and batch work under mpirun; its C interface only (not the old C++ bindings).
set(MPI_CXX_SKIP_MPICXX ON)
find_package(MPI REQUIRED COMPONENTS CXX)
find_package(CLI11 REQUIRED)
find_package(leveldb REQUIRED)
find_package(Protobuf REQUIRED)
# Eigen (libeigen3-dev) for the optimisers' and the baselines' linear algebra, its large products and triangular
# solves sent to the BLAS (libblas-dev to link; OpenBLAS, libopenblas0-pthread, at run time through Debian's
# alternatives). EIGEN_USE_BLAS for every file, so that each Eigen template has one definition in the program.
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(BLAS REQUIRED)
add_compile_definitions(EIGEN_USE_BLAS)
set_property(TARGET Eigen3::Eigen APPEND PROPERTY INTERFACE_LINK_LIBRARIES BLAS::BLAS)
pkg_check_modules(SMF REQUIRED IMPORTED_TARGET smf)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# Picture files (src/imaging): libjpeg-turbo (libjpeg62-turbo-dev), libpng (libpng-dev), libwebp (libwebp-dev), used
# directly so that the light executable does not load OpenCV's imgcodecs and the 140 libraries it pulls in.
pkg_check_modules(LIBJPEG REQUIRED IMPORTED_TARGET libjpeg)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng16 zlib)  # zlib: its compression settings
pkg_check_modules(LIBWEBP REQUIRED IMPORTED_TARGET libwebp)
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
