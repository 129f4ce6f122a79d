"""MusicVAE decoding from Python (vec2midi.load_model().decode) against the C++ decode benchmark, in one run:
Magenta's mel_2bar_small (imported from ../shared), batch 1024, 32 steps, greedy, float32. Rounds alternate
`build/bench/decode_bench` (its decode_f32/small/batch:1024 case) and the Python calls, so both see the same
machine state; prints medians and the median of each round's Python/C++ ratio for docs/BENCHMARKS.md.
Usage: PYTHONPATH=build/python python3 bench/python_decode_bench.py [ROUNDS]     (from the project root)"""

import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import vec2midi

ROOT = pathlib.Path(__file__).resolve().parents[1]
BATCH, STEPS = 1024, 32


def cxx_melodies_per_second():
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([str(ROOT / "build/bench/decode_bench"), f"--benchmark_filter=^decode_f32/small/batch:{BATCH}/",
                        "--big=false", "--reference=false", f"--benchmark_out={out.name}",
                        "--benchmark_out_format=json", "--benchmark_min_time=2"],
                       capture_output=True, text=True, check=True)
        runs = json.load(open(out.name))["benchmarks"]
    return runs[0]["melodies/s"]


def python_melodies_per_second(call, z, seconds=2.0):
    call(z)  # warm-up
    n, begin = 0, time.perf_counter()
    while time.perf_counter() - begin < seconds:
        call(z)
        n += 1
    return n * BATCH / (time.perf_counter() - begin)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        model = pathlib.Path(tmp) / "mel_2bar_small.safetensors"
        subprocess.run([str(ROOT / "build/vec2midi"), "import-magenta", str(ROOT.parent / "shared/data/magenta/mel_2bar_small"),
                        "-o", str(model), "--quiet"], check=True, stderr=subprocess.DEVNULL)
        vae = vec2midi.load_model(model)
        z = np.random.default_rng(1).standard_normal((BATCH, vae.z_size)).astype(np.float32)
        results = {"cxx": [], "decode_events": [], "decode": []}
        for r in range(rounds):
            results["cxx"].append(cxx_melodies_per_second())
            results["decode_events"].append(python_melodies_per_second(lambda x: vae.decode_events(x, STEPS), z))
            results["decode"].append(python_melodies_per_second(lambda x: vae.decode(x, STEPS), z))
            print(f"round {r + 1}/{rounds}: " + ", ".join(f"{k} {v[-1]:.0f}/s" for k, v in results.items()), file=sys.stderr)
    cxx = statistics.median(results["cxx"])
    print(f"| caller | melodies/s (median of {rounds}) | median of the rounds' ratios to C++ |")
    print("|---|---:|---:|")
    print(f"| C++ decode_bench decode_f32/small/batch:{BATCH} | {cxx:.0f} | 1.00 |")
    for key, label in (("decode_events", "Python `vae.decode_events(z)` (events array)"),
                       ("decode", "Python `vae.decode(z)` (note arrays)")):
        ratios = [p / c for p, c in zip(results[key], results["cxx"])]
        print(f"| {label} | {statistics.median(results[key]):.0f} | {statistics.median(ratios):.3f} |")


if __name__ == "__main__":
    main()
