"""``salesplan forecast`` as a whole process against the bare read of the same file, side by side.

For 10k and 100k rows (and 1M with ``--full``) of a deal list (Close Date, Deal owner, Amount,
Deal Stage, Region, Segment; ``gen_deals.py`` makes it), in xlsx and csv:

* ``forecast``: ``python -m salesplan forecast FILE --plan PLAN --format json``, with a plan whose
  20 reps are the file's deal owners (every row is classified won / lost / open, matched to a
  rep, aggregated by month; then seasonality, targets, capacity and funnel checks);
* ``bare``: python-calamine ``iter_rows()`` over every row (xlsx), the csv module reading every
  row as strings (csv), each in a fresh Python process.

Each figure is the median wall time of ``--runs`` runs (default 3) and the peak RSS of that
process. The targets are track's (performance.md): xlsx within 1.3x calamine's time and
memory, csv within 2x the csv module and flat memory.

    python benchmarks/bench_forecast.py            # 10k and 100k rows
    python benchmarks/bench_forecast.py --full     # and 1M rows (generating it takes a few minutes)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from bench_track import BARE_CSV, BARE_XLSX, GENERATE, median_run, plan_text  # noqa: E402  (same plan and reads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "salesplan-bench",
                        help="folder for the generated files (kept between runs, shared with bench_track.py)")
    parser.add_argument("--sizes", type=int, nargs="*", help="row counts (default 10000 100000 [1000000])")
    parser.add_argument("--kinds", nargs="*", choices=("xlsx", "csv"), default=["xlsx", "csv"])
    args = parser.parse_args()
    sizes = args.sizes or ([10_000, 100_000, 1_000_000] if args.full else [10_000, 100_000])
    args.data.mkdir(parents=True, exist_ok=True)
    plan = args.data / "bench-plan.yaml"
    plan.write_text(plan_text(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}

    print(f"{'rows':>9}  {'file':4}  {'forecast s':>10}  {'bare s':>7}  {'time x':>6}  "
          f"{'forecast MiB':>12}  {'bare MiB':>8}  {'mem x':>5}")
    for n in sizes:
        for kind in args.kinds:
            path = args.data / f"deals-{n}.{kind}"
            if not path.exists():  # in a child process: the parent stays small, so its children's
                print(f"generating {path} ...", file=sys.stderr)  # peak RSS is theirs alone
                subprocess.run([sys.executable, "-c", GENERATE, str(HERE), kind, str(n), str(path)], check=True)
            forecast = [sys.executable, "-m", "salesplan", "forecast", str(path), "--plan", str(plan),
                        "--format", "json"]
            bare = [sys.executable, "-c", BARE_XLSX if kind == "xlsx" else BARE_CSV, str(path)]
            bare_s, bare_mb = median_run(bare, env, args.runs)
            forecast_s, forecast_mb = median_run(forecast, env, args.runs)
            print(f"{n:>9,}  {kind:4}  {forecast_s:10.2f}  {bare_s:7.2f}  {forecast_s / bare_s:6.2f}  "
                  f"{forecast_mb:12.0f}  {bare_mb:8.0f}  {forecast_mb / bare_mb:5.2f}", flush=True)


if __name__ == "__main__":
    main()
