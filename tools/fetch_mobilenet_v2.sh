#!/usr/bin/env bash
# Fetches the MobileNetV2 that `train-embedder --backbone mobilenet_v2 --pretrained DIR` starts from: Keras's
# MobileNetV2 (width 1, ImageNet-initialised, fine-tuned by the npm package nsfwjs 4.4.0, MIT licence, weights
# quantised to uint8) unpacked into a TensorFlow.js folder DIR (weights_manifest.json + one shard).
# nsfwjs wraps its model files in JavaScript; Node.js unwraps them. Needs npm and node (setup.sh installs both).
# Usage: tools/fetch_mobilenet_v2.sh pretrained/mobilenet_v2
set -euo pipefail
out="${1:?usage: tools/fetch_mobilenet_v2.sh DIR}"
command -v npm >/dev/null || { echo "fetch_mobilenet_v2: npm is missing" >&2; exit 1; }
command -v node >/dev/null || { echo "fetch_mobilenet_v2: node is missing" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch_mobilenet_v2: npm pack nsfwjs@4.4.0" >&2
(cd "$work" && npm pack --silent nsfwjs@4.4.0 >/dev/null && tar xzf nsfwjs-4.4.0.tgz)
mkdir -p "$work/out"
node - "$work/package/dist/models/mobilenet_v2" "$work/out" <<'JS'
const fs = require("fs"), path = require("path");
const [src, dst] = process.argv.slice(2);
const model = require(path.join(src, "model.min.js"));
const manifest = model.weightsManifest;
if (!Array.isArray(manifest) || manifest.length !== 1) throw new Error("unexpected weightsManifest in " + src);
const shards = manifest[0].paths.map((p) => Buffer.from(require(path.join(src, p + ".min.js")), "base64"));
manifest[0].paths = ["group1-shard1of1"];
fs.writeFileSync(path.join(dst, "group1-shard1of1"), Buffer.concat(shards));
fs.writeFileSync(path.join(dst, "weights_manifest.json"), JSON.stringify(manifest));
fs.copyFileSync(path.join(src, "../../../LICENSE"), path.join(dst, "LICENSE"));
JS
mkdir -p "$(dirname "$out")"
rm -rf "$out.tmp" && mv "$work/out" "$out.tmp" && rm -rf "$out" && mv "$out.tmp" "$out"
echo "fetch_mobilenet_v2: wrote $out ($(du -sh "$out" | cut -f1))" >&2
