"""Import time of spotipy against httpx, whole processes, alternating.

``python bench/imports.py [--pairs N] [--statement CODE]`` runs ``python -c CODE`` (by
default ``from spotipy import Spotify, Credentials``, what a first program needs) and
``python -c "import httpx"`` in turn, N pairs after one warm-up of each, and prints the
median of each and the median of the pairwise ratios, for wall and CPU time (the
children's user + system time).  Bytecode is written before timing, since an installed
wheel has it (``PYTHONDONTWRITEBYTECODE`` would make spotipy recompile every run).

``--modules`` prints, from ``-X importtime``, the modules the statement loads that
``import httpx`` does not, the costliest first.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

DEFAULT = "from spotipy import Spotify, Credentials"
BASELINE = "import httpx"


def _run(code: str, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _self_times(code: str, env: dict[str, str]) -> dict[str, int]:
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stderr
    times: dict[str, int] = {}
    for line in err.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.split(":", 1)[1].split("|")
            times[name.strip()] = int(own)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--statement", default=DEFAULT)
    parser.add_argument("--modules", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for code in (args.statement, BASELINE):  # warm-up, and bytecode written
        _run(code, env)
    if args.modules:
        ours, theirs = _self_times(args.statement, env), _self_times(BASELINE, env)
        extra = {name: us for name, us in ours.items() if name not in theirs}
        print(f"{len(extra)} modules beyond httpx, {sum(extra.values()) / 1000:.1f} ms in all")
        for name, us in sorted(extra.items(), key=lambda item: -item[1])[:40]:
            print(f"{us / 1000:7.2f} ms  {name}")
        return
    ours_wall, ours_cpu, base_wall, base_cpu = [], [], [], []
    for _ in range(args.pairs):
        wall, cpu = _run(args.statement, env)
        ours_wall.append(wall)
        ours_cpu.append(cpu)
        wall, cpu = _run(BASELINE, env)
        base_wall.append(wall)
        base_cpu.append(cpu)
    median = statistics.median
    wall_ratio = median(a / b for a, b in zip(ours_wall, base_wall, strict=True))
    cpu_ratio = median(a / b for a, b in zip(ours_cpu, base_cpu, strict=True) if b)
    print(f"{args.pairs} pairs, python -c {args.statement!r} against -c {BASELINE!r}")
    print(f"  wall: {median(ours_wall) * 1000:.1f} ms against {median(base_wall) * 1000:.1f} ms,")
    print(f"        median ratio {wall_ratio:.2f}x")
    print(f"  cpu:  {median(ours_cpu) * 1000:.1f} ms against {median(base_cpu) * 1000:.1f} ms,")
    print(f"        median ratio {cpu_ratio:.2f}x")


if __name__ == "__main__":
    main()
