"""``salesplan track`` as a whole process against the bare read of the same file, side by side.

For 10k and 100k rows (and 1M with ``--full``) of a deal list (Close Date, Deal owner, Amount,
Deal Stage, Region, Segment; ``gen_deals.py`` makes it), in xlsx and csv:

* ``track``: ``python -m salesplan track PLAN FILE --as-of 2027-12-31 --format json`` against a
  plan whose 20 reps are the file's deal owners (every row is matched, filtered, aggregated);
* ``bare``: python-calamine ``iter_rows()`` over every row (xlsx), the csv module reading every
  row as strings (csv), each in a fresh Python process.

Each figure is the median wall time of ``--runs`` runs (default 3) and the peak RSS of that
process (``ru_maxrss`` from ``wait4``). Targets (performance.md): xlsx within 1.3x calamine's
time and memory, csv within 2x the csv module and flat memory.

    python benchmarks/bench_track.py            # 10k and 100k rows
    python benchmarks/bench_track.py --full     # and 1M rows (generating it takes a few minutes)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

GENERATE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench_track import write_csv, write_xlsx
(write_xlsx if sys.argv[2] == "xlsx" else write_csv)(Path(sys.argv[4]), int(sys.argv[3]))
"""

try:  # the readers' benchmark data generator (same files as bench_read.py)
    from gen_deals import OWNERS, write_csv, write_xlsx
except ImportError:  # pragma: no cover - a checkout without it: the same data, made here
    import csv
    import datetime as dt
    import random

    OWNERS = tuple(f"Rep {i:02d}" for i in range(20))
    _STAGES = ("Closed Won", "Closed Won", "Closed Won", "Closed Lost", "Negotiation")

    def _deals(n: int, seed: int = 2027):
        rnd = random.Random(seed)
        for _ in range(n):
            yield (dt.date(2027, 1, 1) + dt.timedelta(days=rnd.randrange(365)), rnd.choice(OWNERS),
                   rnd.randrange(10_000, 5_000_000) / 100, rnd.choice(_STAGES),
                   rnd.choice(("West", "East", "North", "South")), rnd.choice(("SMB", "Mid-Market", "Enterprise")))

    def write_xlsx(path: Path, n: int, seed: int = 2027) -> Path:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Deals")
        ws.append(("Close Date", "Deal owner", "Amount", "Deal Stage", "Region", "Segment"))
        for row in _deals(n, seed):
            ws.append(row)
        wb.save(path)
        return path

    def write_csv(path: Path, n: int, seed: int = 2027) -> Path:
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(("Close Date", "Deal owner", "Amount", "Deal Stage", "Region", "Segment"))
            for date, owner, amount, *rest in _deals(n, seed):
                out.writerow((date.isoformat(), owner, f"{amount:.2f}", *rest))
        return path


def plan_text() -> str:
    """A 2027 plan whose members are the generated file's deal owners."""
    ids = [f"rep{i:02d}" for i in range(len(OWNERS))]
    territories = ("west", "east", "north", "south")
    members = "\n".join(
        f"    - {{id: {rid}, name: {name!r}, territory: {territories[i % 4]}}}"
        for i, (rid, name) in enumerate(zip(ids, OWNERS))
    )
    quotas = "\n".join(f"  - {{rep: {rid}, monthly: 2000000}}" for rid in ids)
    return f"""\
plan:
  title: Benchmark plan 2027
  company: Bench
  start: 2027-01-01
  end: 2027-12-31
  currency: EUR
mission:
  statement: Measure.
team:
  territories:
    - {{id: west, name: West}}
    - {{id: east, name: East}}
    - {{id: north, name: North}}
    - {{id: south, name: South}}
  members:
{members}
goals:
  - id: revenue
    metric: revenue
    target: 480000000
    priority: 1
    territories: {{west: 120000000, east: 120000000, north: 120000000, south: 120000000}}
  - id: enterprise
    metric: deals
    target: 120000
    priority: 2
    filter: {{Segment: Enterprise}}
quotas:
{quotas}
"""


BARE_XLSX = """
import sys
from python_calamine import CalamineWorkbook
n = 0
for row in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows():
    n += 1
print(n)
"""
BARE_CSV = """
import csv, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    for row in csv.reader(fh):
        n += 1
print(n)
"""


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def median_run(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [measure(argv, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def compare(label: str, command: Callable[[Path, Path], list[str]], description: str | None = None) -> None:
    """Time ``salesplan <label>`` (the argv ``command(data_file, plan_file)`` gives) against the
    bare read of the same generated files, and print one row per size and kind."""
    parser = argparse.ArgumentParser(description=description or __doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "salesplan-bench",
                        help="folder for the generated files (kept between runs, shared by the benchmarks)")
    parser.add_argument("--sizes", type=int, nargs="*", help="row counts (default 10000 100000 [1000000])")
    parser.add_argument("--kinds", nargs="*", choices=("xlsx", "csv"), default=["xlsx", "csv"])
    args = parser.parse_args()
    sizes = args.sizes or ([10_000, 100_000, 1_000_000] if args.full else [10_000, 100_000])
    args.data.mkdir(parents=True, exist_ok=True)
    plan = args.data / "bench-plan.yaml"
    plan.write_text(plan_text(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "NO_COLOR": "1"}

    width = max(len(label) + 2, 8)
    print(f"{'rows':>9}  {'file':4}  {label + ' s':>{width}}  {'bare s':>7}  {'time x':>6}  "
          f"{label + ' MiB':>{width + 2}}  {'bare MiB':>8}  {'mem x':>5}")
    for n in sizes:
        for kind in args.kinds:
            path = args.data / f"deals-{n}.{kind}"
            if not path.exists():  # in a child process: the parent stays small, so its children's
                print(f"generating {path} ...", file=sys.stderr)  # peak RSS is theirs alone
                subprocess.run([sys.executable, "-c", GENERATE, str(HERE), kind, str(n), str(path)], check=True)
            bare = [sys.executable, "-c", BARE_XLSX if kind == "xlsx" else BARE_CSV, str(path)]
            bare_s, bare_mb = median_run(bare, env, args.runs)
            run_s, run_mb = median_run(command(path, plan), env, args.runs)
            print(f"{n:>9,}  {kind:4}  {run_s:{width}.2f}  {bare_s:7.2f}  {run_s / bare_s:6.2f}  "
                  f"{run_mb:{width + 2}.0f}  {bare_mb:8.0f}  {run_mb / bare_mb:5.2f}", flush=True)


def main() -> None:
    compare("track", lambda path, plan: [sys.executable, "-m", "salesplan", "track", str(plan), str(path),
                                         "--as-of", "2027-12-31", "--format", "json"])


if __name__ == "__main__":
    main()
