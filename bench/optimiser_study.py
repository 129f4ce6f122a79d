#!/usr/bin/env python3
"""Summarises an optimiser study folder written by bench/optimiser_study.sh (standard library only).

For every run folder OUT/<optimizer>-<seed>: the best-so-far loss curve (history.csv), the search report
(search.json) and the evaluation of the best transition (evaluation.json). Writes OUT/study.md (a table per
optimiser: median and range over seeds of the final best loss, the loss at a quarter and half of the budget,
the test ROC-AUC and TPR at FPR <= 1e-3, evaluations/min) and OUT/best_loss.svg (median best-so-far per
optimiser, each seed as a thin line). Usage: optimiser_study.py OUT BUDGET
"""
import csv
import json
import statistics
import sys
from pathlib import Path

OPTIMIZERS = ["random", "bo", "turbo", "cmaes"]
COLOURS = {"random": "#7f7f7f", "bo": "#1f77b4", "turbo": "#d62728", "cmaes": "#2ca02c"}


def best_so_far(history: Path) -> list:
    best, curve = float("inf"), []
    with history.open() as f:
        for row in csv.DictReader(f):
            best = min(best, float(row["loss"]))
            curve.append(best)
    return curve


def load(out: Path, budget: int) -> dict:
    runs = {}
    for o in OPTIMIZERS:
        for d in sorted(out.glob(f"{o}-*")):
            if not d.is_dir() or not (d / "evaluation.json").exists():
                continue
            curve = best_so_far(d / "history.csv")
            if len(curve) != budget:
                raise SystemExit(f"{d}: {len(curve)} evaluations in history.csv, expected {budget}")
            runs.setdefault(o, []).append({
                "seed": d.name.split("-", 1)[1],
                "curve": curve,
                "search": json.loads((d / "search.json").read_text()),
                "eval": json.loads((d / "evaluation.json").read_text()),
            })
    if not runs:
        raise SystemExit(f"{out}: no finished runs")
    return runs


def fmt_range(values, digits):
    med = statistics.median(values)
    return f"{med:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def table(runs: dict, budget: int) -> str:
    q, h = budget // 4, budget // 2
    lines = [
        f"| optimiser | seeds | best loss at {q} | at {h} | at {budget} | test ROC-AUC | TPR at FPR ≤ 1e-3 | evaluations/min |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for o in OPTIMIZERS:
        if o not in runs:
            continue
        rs = runs[o]
        lines.append("| " + " | ".join([
            o, str(len(rs)),
            fmt_range([r["curve"][q - 1] for r in rs], 0),
            fmt_range([r["curve"][h - 1] for r in rs], 0),
            fmt_range([r["curve"][-1] for r in rs], 0),
            fmt_range([r["eval"]["auc"] for r in rs], 3),
            fmt_range([100 * r["eval"]["tpr_at_fpr_1e-3"] for r in rs], 1) + " %",
            fmt_range([r["search"]["evaluations_per_minute"] for r in rs], 1),
        ]) + " |")
    return "\n".join(lines)


def svg(runs: dict, budget: int) -> str:
    w, h, left, right, top, bottom = 800, 480, 80, 130, 30, 50
    ys = [v for rs in runs.values() for r in rs for v in r["curve"]]
    lo, hi = min(ys), max(r["curve"][min(9, budget - 1)] for rs in runs.values() for r in rs)
    hi = max(hi, lo + 1e-9)
    px = lambda i: left + (w - left - right) * i / max(budget - 1, 1)
    py = lambda v: top + (h - top - bottom) * (1 - (min(v, hi) - lo) / (hi - lo))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="18" font-size="14">best loss so far against evaluations (median of seeds; thin: each seed)</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>']
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        out.append(f'<text x="{left - 6}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
        i = (budget - 1) * k / 4
        out.append(f'<text x="{px(i):.1f}" y="{h - bottom + 16}" text-anchor="middle">{int(i) + 1}</text>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 12}" text-anchor="middle">evaluations</text>')
    for n, o in enumerate(o for o in OPTIMIZERS if o in runs):
        c = COLOURS[o]
        for r in runs[o]:
            pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(r["curve"]))
            out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="0.7" opacity="0.5"/>')
        med = [statistics.median(r["curve"][i] for r in runs[o]) for i in range(budget)]
        pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(med))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2.2"/>')
        out.append(f'<text x="{w - right + 10}" y="{top + 20 + 18 * n}" fill="{c}">{o}</text>')
    out.append("</svg>")
    return "\n".join(out)


def write_atomic(path: Path, text: str):
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: optimiser_study.py OUT BUDGET")
    out, budget = Path(sys.argv[1]), int(sys.argv[2])
    runs = load(out, budget)
    text = table(runs, budget)
    write_atomic(out / "study.md", text + "\n\nMedian (range) over seeds. Plot: best_loss.svg\n")
    write_atomic(out / "best_loss.svg", svg(runs, budget))
    print(text)


if __name__ == "__main__":
    main()
