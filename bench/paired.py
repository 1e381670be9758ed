"""Paired comparison of two spotipy source trees: ``bench/calls.py`` run in turn.

``python bench/paired.py OLD_SRC NEW_SRC --runs 8`` runs ``calls.py`` with
``PYTHONPATH=OLD_SRC``, then ``NEW_SRC``, alternating, and prints the median of each
figure and the change.  Alternating keeps the comparison fair while the machine's speed
drifts.  Extra arguments after ``--`` go to ``calls.py`` (``-- --client httpx2``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CALLS = Path(__file__).with_name("calls.py")


def run(src: str, extra: list[str]) -> dict[str, float]:
    """One run of ``calls.py`` against the tree at ``src``."""
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run(
        [sys.executable, str(CALLS), *extra], env=env, capture_output=True, text=True, check=True,
        timeout=600,
    )  # fmt: skip
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=8)
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: len(argv) - len(extra) - (1 if extra else 0)])
    args.extra = extra
    old: list[dict[str, float]] = []
    new: list[dict[str, float]] = []
    for _ in range(args.runs):
        old.append(run(args.old, args.extra))
        new.append(run(args.new, args.extra))
    print(f"| median of {args.runs} runs | old | new | change |")
    print("|---|---|---|---|")
    for key in old[0]:
        a = statistics.median(r[key] for r in old)
        b = statistics.median(r[key] for r in new)
        print(f"| {key} | {a:,.1f} µs | {b:,.1f} µs | {100 * (b - a) / a:+.1f} % |")
    ratios = [n["artist"] / n["raw_artist"] for n in new], [n["page"] / n["raw_page"] for n in new]
    print(f"new/raw, median of pairs in one process: artist {statistics.median(ratios[0]):.2f}x, "
          f"page {statistics.median(ratios[1]):.2f}x")  # fmt: skip
    if "all_items_10" in new[0]:
        for label, runs in (("old", old), ("new", new)):
            bulk = statistics.median(r["all_items_10"] / r["raw_all"] for r in runs)
            print(f"{label}/raw, all_items(concurrency=10) against raw paging: {bulk:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
