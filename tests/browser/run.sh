#!/usr/bin/env bash
# Runs the browser test: compose.spec.mjs starts `vec2midi serve` with the shipped models (models/) and
# drives Chromium.
# Usage: tests/browser/run.sh VEC2MIDI_BIN OUT_DIR     (from the repository root; CTest does this)
set -euo pipefail
bin=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "browser test: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is missing (./setup.sh installs it)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (./setup.sh installs Debian's chromium)"
[ -d "$here/node_modules/playwright-core" ] || fail "playwright-core is missing: run (cd tests/browser && npm ci)"
mkdir -p "$out"
for m in default_vae embedder transition_default; do
  [ -f "models/$m.safetensors" ] || fail "models/$m.safetensors is missing (the shipped models)"
done
printf '{"vae": "%s", "embedder": "%s", "transition": "%s"}\n' "$PWD/models/default_vae.safetensors" \
  "$PWD/models/embedder.safetensors" "$PWD/models/transition_default.safetensors" >"$out/models.json"
node "$here/compose.spec.mjs" "$bin" "$out/models.json" "$out"
