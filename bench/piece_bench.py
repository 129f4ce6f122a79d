#!/usr/bin/python3
"""The piece benchmark of issue 28: `vec2midi compose --bars N` over >= 100 labelled pictures (the bundled
examples, generated scenes and ../shared web photos the shipped embedder never saw), measured from the
command's own JSON and files:

- melody notes in the piece's key; melody notes struck on beats 1 and 3 that belong to the sounding chord;
  bars of the melody in which no note sounds;
- notes per bar and pitch range, by `vec2midi extract` + `vec2midi melody-stats` on the pieces' MIDI files
  (the same tool as the training corpora's figures in docs/BENCHMARKS.md);
- colour identity: pairwise ROC-AUC of the original's distance (MISSION.md §4, no length penalty, as the
  transition evaluation) between pieces, "same" = the pictures' labels agree: over the motifs (the first
  phrase), and over whole pieces (the mean distance of phrase i to phrase i); the one-bar compose of the
  same pictures as the baseline, in the same run; 95 % intervals by resampling pictures (bootstrap);
- time from process start of a 16-bar piece with full accompaniment (WAV included), median of 7, beside
  the original's one-bar compose in the same run.

Usage: PYTHONPATH=build/python bench/piece_bench.py [--bin build/vec2midi] [--shared ../shared] [--out DIR]
Writes DIR/piece_bench.json and prints a Markdown summary.
"""
import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import vec2midi

CLASSES = ["black", "blue", "green", "grey", "orange", "purple", "red", "white", "yellow"]
STEPS_PER_BAR = 16
PHRASE_STEPS = 32


def collect_pictures(args, out):
    """(path, label, source) for the examples, scenes and photos; each linked under a unique name."""
    pictures = []
    for p in sorted(Path("examples").glob("*.jpg")):
        label = next((c for c in CLASSES if p.stem.startswith(c)), None)
        if label:
            pictures.append((p, label, "example"))
    scenes = out / "scenes"
    if not scenes.exists():
        subprocess.run([args.bin, "make-scenes", "--n", str(args.scenes), "--seed", "28", "-o", str(scenes), "-q"],
                       check=True)
    for c in CLASSES:
        for p in sorted((scenes / c).glob("*.jpg")):
            pictures.append((p, c, "scene"))
    rng = random.Random(28)
    for folder in ["cars_web", "paint_crops"]:
        for c in CLASSES:
            files = sorted((Path(args.shared) / "data/photos" / folder / c).glob("*"))
            for p in rng.sample(files, min(args.per_class, len(files))):
                pictures.append((p, c, folder))
    linked = out / "pictures"
    linked.mkdir(parents=True, exist_ok=True)
    result = []
    for i, (p, label, source) in enumerate(pictures):
        link = linked / f"{i:03d}_{source}_{label}{p.suffix.lower()}"
        if not link.exists():
            link.symlink_to(p.resolve())
        result.append((link, label, source))
    return result


def compose(args, pictures, out, bars, extra=()):
    folder = out / f"bars{bars}"
    cmd = [args.bin, "compose", "--bars", str(bars), "--json", "--force", "-o", str(folder), *extra]
    doc = json.loads(subprocess.run(cmd + [str(p) for p, _, _ in pictures], check=True, capture_output=True,
                                    text=True).stdout)
    return doc["items"], folder


def notes_array(notes, start=0, end=None):
    """The notes with start in [start, end), moved to begin at `start`."""
    kept = [(n["pitch"], n["start"] - start, n["end"] - start) for n in notes
            if n["start"] >= start and (end is None or n["start"] < end)]
    return kept


def harmony_figures(items):
    in_key = total = strong = strong_in_chord = silent = bars = 0
    for it in items:
        scale = set(it["scale"])
        notes = it["notes"]
        total += len(notes)
        in_key += sum(n["pitch"] % 12 in scale for n in notes)
        for n in notes:
            if n["start"] % 16 not in (0, 8):
                continue
            strong += 1
            chord = next(c for c in it["chords"] if c["start"] <= n["start"] < c["end"])
            strong_in_chord += n["pitch"] % 12 in chord["pitch_classes"]
        for b in range(it["steps"] // STEPS_PER_BAR):
            bars += 1
            lo, hi = b * STEPS_PER_BAR, (b + 1) * STEPS_PER_BAR
            silent += not any(n["start"] < hi and n["end"] > lo for n in notes)
    return {"notes": total, "in_key": in_key / total, "strong_beat_notes": strong,
            "strong_beat_chord_tones": strong_in_chord / strong, "bars": bars, "silent_bars": silent}


def melody_stats(args, folder, out):
    windows = out / f"{folder.name}.windows"
    subprocess.run([args.bin, "extract", str(folder), "-o", str(windows), "-q", "--keep-duplicates"], check=True,
                   capture_output=True)
    return json.loads(subprocess.run([args.bin, "melody-stats", str(windows), "--json"], check=True,
                                     capture_output=True, text=True).stdout)


def auc(scores, same):
    """Mann–Whitney ROC-AUC of higher score = same (ties count half)."""
    pos, neg = scores[same], scores[~same]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    _, inverse, counts = np.unique(np.concatenate([pos, neg]), return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2)[inverse]  # average ranks over ties
    return (ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def distance_matrix(items, phrases):
    """Mean over the first `phrases` phrases of the original's distance between phrase i of each pair."""
    n = len(items)
    parts = [[notes_array(it["notes"], i * PHRASE_STEPS, (i + 1) * PHRASE_STEPS) for i in range(phrases)] for it in items]
    d = np.zeros((n, n))
    for a, b in itertools.combinations(range(n), 2):
        d[a, b] = d[b, a] = np.mean([vec2midi.melody_distance(parts[a][i], parts[b][i], positive=True, penalty=False)
                                     for i in range(phrases)])
    return d


def pair_auc(d, labels, rng, n_boot=200):
    """AUC of -distance over all pairs, and a 95 % interval by resampling pictures."""
    labels = np.array(labels)

    def one(index):
        a, b = np.triu_indices(len(index), 1)
        ia, ib = index[a], index[b]
        keep = ia != ib  # a picture drawn twice is not a pair with itself
        return auc(-d[ia[keep], ib[keep]], labels[ia[keep]] == labels[ib[keep]])

    full = one(np.arange(len(labels)))
    boots = [one(rng.integers(0, len(labels), len(labels))) for _ in range(n_boot)]
    return {"auc": full, "low": float(np.nanpercentile(boots, 2.5)), "high": float(np.nanpercentile(boots, 97.5))}


def start_time(args, picture, out, extra, repeats=7):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([args.bin, "compose", str(picture), "-o", str(out / "timing"), "--force", *extra], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="build/vec2midi")
    parser.add_argument("--shared", default="../shared")
    parser.add_argument("--out", default="/tmp/piece_bench")
    parser.add_argument("--scenes", type=int, default=27, help="generated scenes (3 per class)")
    parser.add_argument("--per-class", type=int, default=6, help="web photos per class and photo set")
    parser.add_argument("--timing-only", action="store_true", help="only the start-to-finish times (on an idle machine)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.timing_only:
        picture = Path("examples/red_car.jpg")
        one = start_time(args, picture, out, [])
        piece = start_time(args, picture, out, ["--bars", "16", "--accompaniment", "full"])
        print(json.dumps({"picture": str(picture), "one_bar_s": one, "piece16_full_s": piece, "ratio": piece / one}))
        return
    pictures = collect_pictures(args, out)
    labels = [label for _, label, _ in pictures]
    print(f"{len(pictures)} pictures", file=sys.stderr)
    report = {"pictures": len(pictures),
              "sources": {s: sum(1 for _, _, x in pictures if x == s) for s in {x for _, _, x in pictures}}}
    rng = np.random.default_rng(28)
    baseline, _ = compose(args, pictures, out, 1)
    report["colour_accuracy"] = float(np.mean([it["colour"] == lab for it, lab in zip(baseline, labels)]))
    report["one_bar_auc"] = pair_auc(distance_matrix(baseline, 1), labels, rng)
    for bars in (8, 16):
        items, folder = compose(args, pictures, out, bars)
        row = harmony_figures(items)
        row["melody_stats"] = melody_stats(args, folder, out)
        intervals = row["melody_stats"]["interval_histogram"]
        row["repeated_notes"] = intervals.get("0", 0.0)
        row["steps_1_2"] = sum(intervals.get(k, 0.0) for k in ("-2", "-1", "1", "2"))
        row["motif_auc"] = pair_auc(distance_matrix(items, 1), labels, rng)
        row["piece_auc"] = pair_auc(distance_matrix(items, bars * STEPS_PER_BAR // PHRASE_STEPS), labels, rng)
        row["filled_bars"] = sum(it["filled_bars"] for it in items)
        row["forms"] = sorted({it["form_text"] for it in items})
        report[f"bars{bars}"] = row
        print(f"{bars} bars done", file=sys.stderr)
    picture = Path("examples/red_car.jpg")
    one = start_time(args, picture, out, [])
    piece = start_time(args, picture, out, ["--bars", "16", "--accompaniment", "full"])
    report["timing"] = {"picture": str(picture), "one_bar_s": one, "piece16_full_s": piece, "ratio": piece / one}
    (out / "piece_bench.json").write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
