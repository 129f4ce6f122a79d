#!/usr/bin/env bash
# Video in (issue 29): `compose VIDEO` on a 60 s 1280x720 30 fps H.264 video made here by ffmpeg from four bundled
# example photos (15 s each, with film grain so that every frame costs the decoder real work), process start to
# files written (soundtrack MIDI, WAV, piano roll and the scored MP4). The baseline, run alternately in the same
# command, is ffmpeg alone decoding every frame of the same file (`ffmpeg -i clip.mp4 -f null -`): what reading the
# video costs before any analysis.
# Usage: bench/video_soundtrack.sh [RUNS=5]   Prints one JSON document (medians in seconds, their ratio).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
v=build/vec2midi
[ -x "$v" ] || { echo "video_soundtrack: $v is missing (run ./setup.sh)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "video_soundtrack: ffmpeg is missing (apt-get install ffmpeg)" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ex=examples
fit='scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:-1:-1,setsar=1'
ffmpeg -hide_banner -nostdin -v error -y \
  -loop 1 -t 15 -i "$ex/red_car.jpg" -loop 1 -t 15 -i "$ex/blue_swatch.jpg" \
  -loop 1 -t 15 -i "$ex/yellow_vase.jpg" -loop 1 -t 15 -i "$ex/green_car.jpg" \
  -filter_complex "[0]$fit[a];[1]$fit[b];[2]$fit[c];[3]$fit[d];[a][b][c][d]concat=n=4,noise=alls=12:allf=t+u,fps=30,format=yuv420p" \
  -c:v libx264 -preset veryfast -crf 23 "$out/clip.mp4"

seconds() { python3 -c "import time; print(time.monotonic())"; }
compose_times=() decode_times=()
for ((i = 0; i < runs; i++)); do
  t0=$(seconds)
  "$v" compose "$out/clip.mp4" -o "$out/run" --force >/dev/null 2>"$out/err" ||
    { echo "video_soundtrack: compose failed" >&2; cat "$out/err" >&2; exit 1; }
  t1=$(seconds)
  ffmpeg -hide_banner -nostdin -v error -i "$out/clip.mp4" -f null - </dev/null
  t2=$(seconds)
  compose_times+=("$(python3 -c "print($t1 - $t0)")")
  decode_times+=("$(python3 -c "print($t2 - $t1)")")
done
python3 - "${compose_times[*]}" "${decode_times[*]}" <<'PY'
import json, statistics, sys
compose = [float(x) for x in sys.argv[1].split()]
decode = [float(x) for x in sys.argv[2].split()]
print(json.dumps({
    "video": "60 s, 1280x720, 30 fps, H.264",
    "runs": len(compose),
    "compose_video_median_s": round(statistics.median(compose), 3),
    "compose_video_s": [round(x, 3) for x in compose],
    "ffmpeg_decode_all_frames_median_s": round(statistics.median(decode), 3),
    "ffmpeg_decode_all_frames_s": [round(x, 3) for x in decode],
    "ratio_compose_to_decode": round(statistics.median(compose) / statistics.median(decode), 2),
}, indent=1))
PY
