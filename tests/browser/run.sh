#!/usr/bin/env bash
# Runs the browser test: makes test models, then compose.spec.mjs starts `vec2midi serve` and drives Chromium.
# Usage: tests/browser/run.sh VEC2MIDI_BIN MODELS_TOOL OUT_DIR     (from the repository root; CTest does this)
set -euo pipefail
bin=$1 tool=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "browser test: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is missing (./setup.sh installs it)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (./setup.sh installs Debian's chromium)"
[ -d "$here/node_modules/playwright-core" ] || fail "playwright-core is missing: run (cd tests/browser && npm ci)"
mkdir -p "$out"
"$tool" "$out/models" > "$out/models.json"
node "$here/compose.spec.mjs" "$bin" "$out/models.json" "$out"
