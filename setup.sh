#!/usr/bin/env bash
# Installs everything vec2midi needs from Debian 12 packages and builds build/vec2midi, the light executable
# (compose and the other commands that run without libtorch), and the Python module (build/python/vec2midi);
# test.sh builds the rest (build/vec2midi-torch, the tests and benchmarks). Idempotent: re-running only
# installs what is missing and rebuilds what changed.
# Usage: ./setup.sh            (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")"

# ocl-icd-opencl-dev: Debian's oneDNN CMake package looks for OpenCL (its GPU runtime) and fails configuring
# without it; libeigen3-dev and libblas-dev (OpenBLAS at run time): the optimisers' linear algebra.
# libjpeg62-turbo-dev, libpng-dev, libwebp-dev: picture files (src/imaging) without OpenCV's imgcodecs.
# libopenmpi-dev, openmpi-bin: search and batch work under mpirun (Open MPI).
PACKAGES=(
  build-essential cmake pkg-config ccache git
  libtorch-dev libopenblas0-pthread libblas-dev libdnnl-dev ocl-icd-opencl-dev libeigen3-dev
  libopencv-dev libsmf-dev libfluidsynth-dev fluidsynth timgm6mb-soundfont libsndfile1-dev ffmpeg
  libjpeg62-turbo-dev libpng-dev libwebp-dev
  libopenmpi-dev openmpi-bin
  nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libleveldb-dev libsnappy-dev libprotobuf-dev protobuf-compiler
  libgtest-dev libbenchmark-dev clang libclang-rt-14-dev
  chromium nodejs
  python3-dev python3-numpy python3-pybind11 python3-pytest python3-mido
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The browser test's driver: playwright-core from npm, pinned by tests/browser/package-lock.json
# (it drives Debian's /usr/bin/chromium; no browser is downloaded).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  command -v npm >/dev/null || { echo "setup: npm is missing (needed for tests/browser)" >&2; exit 1; }
  (cd tests/browser && npm ci --no-audit --no-fund) >&2
fi

JOBS=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo ${VEC2MIDI_CMAKE_ARGS:-} >&2
cmake --build build -j "$JOBS" --target vec2midi vec2midi_python >&2  # no libtorch code to compile
# `import vec2midi` for Debian's python3: a .pth file in its site-packages naming build/python (PYTHONPATH works too).
SITE=$(/usr/bin/python3 -c 'import site; print(site.getsitepackages()[0])')
if mkdir -p "$SITE" 2>/dev/null && echo "$(pwd)/build/python" > "$SITE/vec2midi.pth" 2>/dev/null; then
  echo "setup: python3 -c 'import vec2midi' works ($SITE/vec2midi.pth -> $(pwd)/build/python)" >&2
else
  echo "setup: to import vec2midi from Python: export PYTHONPATH=$(pwd)/build/python" >&2
fi
echo "setup: built $(pwd)/build/vec2midi (compose, decode and the other light commands; the rest need" \
     "build/vec2midi-torch: cmake --build build --target vec2midi-torch, or ./test.sh)" >&2
