#!/usr/bin/env bash
# Runs every vec2midi subcommand once on real inputs (the bundled examples, ../shared's corpora and
# Magenta weights, tiny training settings) and writes what they print into README.md between the
# markers <!-- tour:begin --> and <!-- tour:end -->, so that the README's tour is real output.
# Usage: docs/tour.sh            (after ./setup.sh; needs ../shared beside the project; ~5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${VEC2MIDI_SHARED:-../shared}
[ -d "$shared/data/melodies" ] || { echo "tour: $shared/data is missing (set VEC2MIDI_SHARED)" >&2; exit 1; }
v=build/vec2midi
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true' EXIT
out=$work/tour.md

# step TITLE MAX_LINES COMMAND...: runs the command (stderr's progress lines dropped, its last line kept),
# appends "$ command" and the first MAX_LINES lines of what it printed to the tour.
step() {
  local title=$1 max=$2; shift 2
  echo "tour: $*" >&2
  local text
  text=$("$@" 2>"$work/err") || { echo "tour: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  local shown=${display:-$*}
  shown=${shown//$work/\/tmp\/tour}
  shown=${shown//$shared/..\/shared}
  {
    printf '### %s\n```\n$ %s\n' "$title" "$shown"
    printf '%s\n' "$text" | sed "s|$work|/tmp/tour|g" | sed -n "1,${max}p"  # (sed reads it all: head would close the pipe early, SIGPIPE under pipefail)
    local n; n=$(printf '%s\n' "$text" | wc -l)
    ((n > max)) && echo "… ($((n - max)) more lines)"
    [ -s "$work/err" ] && tr '\r' '\n' <"$work/err" | grep -v '^\s*$' | tail -n 1 | sed "s|$work|/tmp/tour|g"
    printf '```\n\n'
  } >>"$out"
}

nott=$shared/data/melodies/nottingham
step "info: version and the shipped models" 20 $v info
step "midi-info: what one MIDI file holds" 12 $v midi-info "$nott/xmas7.mid"
step "extract: MIDI corpora → 2-bar training windows" 12 $v extract "$nott" -o "$work/nottingham.bin"
step "melody-stats: statistics of a window file" 20 $v melody-stats "$work/nottingham.bin"
step "melody-distance: the original's distance of two melodies" 12 $v melody-distance "$nott/xmas7.mid" "$nott/morris19.mid"
step "inspect-checkpoint: a Magenta checkpoint's variables" 14 $v inspect-checkpoint "$shared/data/magenta/mel_2bar_small"
step "import-magenta: Magenta weights → our model file" 8 $v import-magenta "$shared/data/magenta/mel_2bar_small" \
  -o "$work/mel_2bar_small.safetensors"
step "decode: latent vectors → melodies (default model)" 8 $v decode --random 3 --seed 1
step "train-vae: training a (tiny) MusicVAE" 12 $v train-vae "$work/nottingham.bin" -o "$work/tiny_vae.safetensors" \
  --steps 40 --batch-size 64 --z-size 16 --encoder-size 32 --decoder-size 64 --decoder-layers 1 --checkpoint-every 20 \
  --validate-every 20
step "fit-encoder: an encoder for Magenta's decoder-only mel_2bar_small" 12 $v fit-encoder \
  --decoder "$work/mel_2bar_small.safetensors" "$work/nottingham.bin" -o "$work/encoder.safetensors" --steps 20 \
  --batch-size 64 --encoder-size 64 --checkpoint-every 10
step "vae-eval: reconstruction and prior statistics (default model, corpora it never saw)" 30 $v vae-eval \
  "$work/nottingham.bin" --max-windows 300 --n-prior 300
step "interpolate: MusicVAE's latent interpolation between two tunes" 10 $v interpolate "$nott/xmas7.mid" \
  "$nott/morris19.mid" --steps 4 -o "$work/path.mid"
step "make-scenes: labelled synthetic pictures" 8 $v make-scenes --n 36 --seed 1 -o "$work/scenes"
step "train-embedder: the triplet-trained colour embedder (tiny)" 12 $v train-embedder \
  -o "$work/embedder.safetensors" --steps 30 --scenes 36 --per-class 2 --width 0.1 --middle-blocks 0
step "embed: the colour of each picture (shipped embedder)" 12 $v embed examples/*.jpg
step "embed-eval: accuracy on a labelled folder, beside a classical hue baseline" 30 $v embed-eval "$work/scenes"
step "embed-plot: the embeddings in 3-D" 6 $v embed-plot "$work/scenes" -o "$work/plot"
step "import-tflite: the original bayesVec2Midi's own network as an embedder file" 8 $v import-tflite \
  "$shared/data/original/colors_mobilenet.tflite" -o "$work/original.safetensors" --photos "$shared/data/photos/train" \
  --centres "$shared/data/original/centres.json"
step "split-photos: a fixed train / validation / test split of the 3,501 photos" 6 $v split-photos "$shared/data/photos" \
  -o "$work/split.json"
step "embed-eval --split: one part of the repository's split, per source, beside the original and a trained baseline" 40 \
  $v embed-eval "$shared/data/photos" --split data/photo_split.json --part validation --also "$work/original.safetensors"
step "fit-centres: the colour centres fitted again for a view of the pictures (the centred 80 % of each side)" 6 \
  $v fit-centres --photos "$shared/data/photos" --split data/photo_split.json --centre-crop 0.8 -o "$work/crop80.safetensors"
step "search: the Vec2Midi transition search (a short random search)" 10 $v search --optimizer random --budget 20 \
  --matrices 6 --triplets 64 --class-sizes 20 20 20 20 20 20 20 20 20 -o "$work/search"
step "evaluate: ROC of the shipped transition on 10 fresh draws of the original's test scheme" 20 $v evaluate \
  --fresh-draws 10 -o "$work/eval"
step "evaluate --split: the shipped embedder and transition on the 702 test photos of the split" 20 $v evaluate \
  --test "$shared/data/photos" --split data/photo_split.json --part test --bootstrap 1000
step "latent-study: which latent dimensions move the melody" 16 $v latent-study --samples 500 --probes 20 \
  -o "$work/latent"
step "compose: picture → colour, melody, MIDI, WAV, piano roll" 12 $v compose examples/red_car.jpg \
  examples/blue_swatch.jpg -o "$work/out"
step "compose --bars 8: a piece with a band" 12 $v compose examples/yellow_vase.jpg --bars 8 --accompaniment full \
  --key F -o "$work/piece"
step "compose VIDEO: a soundtrack that follows the video's colour" 12 $v compose examples/colours.mp4 \
  -o "$work/video1"
step "morph: from one picture's melody to another's" 16 $v morph examples/red_car.jpg examples/blue_swatch.jpg \
  --phrases 4 -o "$work/morph"

# serve: started in the background, asked once through the API, stopped.
$v serve --port 0 --json >"$work/serve.json" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do grep -q '"port"' "$work/serve.json" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '"port": [0-9]*' "$work/serve.json" | grep -o '[0-9]*$')
# (the answer re-indented by node, its 'embedding' and 'notes' cut to their first elements)
shorten='let d = JSON.parse(require("fs").readFileSync(0)); d.embedding = d.embedding.slice(0, 3).concat(["..."]);
d.notes = d.notes.slice(0, 2).concat(["..."]);
console.log(JSON.stringify(d, null, 1))'
display="curl -s -F example=red_car.jpg http://127.0.0.1:8080/api/compose   # (embedding, notes cut)" \
  step "serve: the web page and its JSON API (asked with curl)" 60 bash -c \
  "curl -s -F example=red_car.jpg http://127.0.0.1:$port/api/compose | node -e '$shorten'"
kill "$server"
server=
sed -i "s|127.0.0.1:$port|127.0.0.1:8080|g" "$out"

# The README's example: one picture, its piano roll (kept in docs/img/) and its notes.
mkdir -p docs/img
$v compose examples/red_car.jpg -o "$work/example" >"$work/example.txt"
cp "$work/example/red_car.png" docs/img/red_car_roll.png.tmp && mv docs/img/red_car_roll.png.tmp docs/img/red_car_roll.png
{
  echo "## Example"
  echo
  echo "| picture | piano roll (\`build/vec2midi compose examples/red_car.jpg\`) |"
  echo "|---|---|"
  echo "| <img src=\"examples/red_car.jpg\" width=\"240\"> | <img src=\"docs/img/red_car_roll.png\" width=\"480\"> |"
  echo
  echo '```'
  echo '$ build/vec2midi compose examples/red_car.jpg -o out/'
  sed "s|$work/example|out|g" "$work/example.txt"
  echo '```'
  echo
  echo "Listen: \`out/red_car.wav\`; the MIDI file \`out/red_car.mid\` opens in any sequencer."
  echo
} >"$work/example.md"

# splice FILE MARKER: puts FILE into README.md between <!-- MARKER:begin --> and <!-- MARKER:end -->.
splice() {
  awk -v text="$1" -v begin="<!-- $2:begin -->" -v end="<!-- $2:end -->" '
    $0 == end { skipping = 0 }
    !skipping { print }
    $0 == begin { while ((getline line < text) > 0) print line; skipping = 1 }
  ' README.md >README.md.tmp
  mv README.md.tmp README.md
}
splice "$out" tour
splice "$work/example.md" example
echo "tour: README.md updated" >&2
