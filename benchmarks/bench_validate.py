"""Benchmark: `salesplan validate` process time against the bare import floor.

Generates its own plans (a 12-month plan with 200 reps and 20 territories; with --full also a
plan with 100,000 members), runs each command several times in fresh processes and prints the
median wall time and the ratio to `python -c "import yaml; from pydantic import BaseModel"`.

    python benchmarks/bench_validate.py [--runs 5] [--full]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def big_plan(members: int, territories: int, months: int = 12) -> str:
    month_keys = [f"2027-{m:02d}" for m in range(1, months + 1)]
    lines = [
        "plan: {title: Generated plan, company: Bench Inc, start: 2027-01-01, end: 2027-12-31, currency: EUR}",
        "mission: {statement: Sell more.}",
        "team:",
        "  territories:",
    ]
    lines += [f"    - {{id: t{t}, name: Territory {t}}}" for t in range(territories)]
    lines.append("  members:")
    for i in range(members):
        start = f", start: 2027-{(i % 12) + 1:02d}-01, ramp: [0.25, 0.5, 0.75]" if i % 5 == 0 else ""
        lines.append(f"    - {{id: rep{i}, name: Rep Number {i}, role: Account Executive, territory: t{i % territories}{start}}}")
    per_month = 1000 * members
    target = per_month * months
    lines += ["goals:", "  - id: revenue", f"    target: {target}", "    priority: 1",
              "    monthly: {" + ", ".join(f"{m}: {per_month}" for m in month_keys) + "}",
              "    territories: {" + ", ".join(f"t{t}: {target // territories}" for t in range(territories)) + "}",
              "quotas:"]
    lines += [f"  - {{rep: rep{i}, monthly: 1500}}" for i in range(members)]
    return "\n".join(lines) + "\n"


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="also the 100,000-member plan")
    args = parser.parse_args()
    floor = timed([sys.executable, "-c", "import yaml; from pydantic import BaseModel"], args.runs)
    print(f"floor: python -c 'import yaml; from pydantic import BaseModel': {floor * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("example plan (northwind-2027)", ROOT / "plans" / "northwind-2027.yaml")]
        generated = Path(tmp) / "200-reps.yaml"
        generated.write_text(big_plan(200, 20), encoding="utf-8")
        cases.append(("12 months, 200 reps, 20 territories", generated))
        sizes = [1_000, 10_000, 100_000] if args.full else []
        for members in sizes:
            path = Path(tmp) / f"{members}-members.yaml"
            path.write_text(big_plan(members, 20), encoding="utf-8")
            cases.append((f"{members:,} members ({path.stat().st_size / 1e6:.1f} MB)", path))
        print(f"{'plan':45} {'median':>9} {'x floor':>8}")
        for label, path in cases:
            runs = args.runs if path.stat().st_size < 1e6 else 1
            seconds = timed([sys.executable, "-m", "salesplan", "validate", str(path)], runs)
            print(f"{label:45} {seconds * 1000:7.0f} ms {seconds / floor:7.2f}x")


if __name__ == "__main__":
    main()
