"""Reading actuals: the bare libraries against ``open_actuals(...).rows()``, side by side.

For 10k and 100k rows (and 1M with ``--full``) of the deal list made by ``gen_deals.py``:

* xlsx: python-calamine ``iter_rows()`` over every row, against our reader's ``rows()``;
* csv: the csv module reading every row as strings, against our reader's ``rows()``.

Each measurement runs in its own Python process (the median of ``--runs`` is kept); the time
is the CPU time of that process around the work (imports of the reading code included,
interpreter start-up excluded), so that other work on the machine disturbs it less; the ratio
of whole-process wall times is printed too. The peak RSS is that process's own, from
``os.wait4``. Generated files are cached in ``--data``.

    python benchmarks/bench_read.py            # 10k and 100k rows
    python benchmarks/bench_read.py --full     # and 1M rows (generating the 1M xlsx takes minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

TASKS = {
    "xlsx bare": """
from python_calamine import CalamineWorkbook
workbook = CalamineWorkbook.from_path(PATH)
for row in workbook.get_sheet_by_name(workbook.sheet_names[0]).iter_rows():
    n += 1
""",
    "csv bare": """
import csv
with open(PATH, newline="", encoding="utf-8") as fh:
    for row in csv.reader(fh):
        n += 1
""",
    "rows": """
from salesplan.tracking.readers import open_actuals
imported = time.process_time()
for deal in open_actuals(PATH).rows():
    n += 1
""",
}

CHILD = """
import json, sys, time
start = imported = time.process_time()
n = 0
PATH = sys.argv[1]
{work}
print(json.dumps({{"seconds": time.process_time() - start, "import": imported - start, "rows": n}}))
"""


def measure(task: str, path: Path) -> tuple[float, float, float, float, int]:
    """Run one task in a fresh process: (CPU seconds, wall seconds, peak RSS MiB, import CPU seconds, rows)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(SRC), os.environ.get("PYTHONPATH"))))}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(work=TASKS[task]), str(path)], stdout=subprocess.PIPE, env=env
    )
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{task} on {path} failed (exit {child.returncode})")
    result = json.loads(output)
    mib = usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux
    return result["seconds"], wall, mib, result["import"], result["rows"]


def data_file(directory: Path, rows: int, kind: str) -> Path:
    """The generated file, made once by gen_deals.py in its own process (this one stays small,
    so that the children it forks start small: their peak RSS is measured)."""
    path = directory / f"deals_{rows}.{kind}"
    if not path.exists():
        print(f"  generating {path} ...", flush=True)
        stem = directory / f"partial_{rows}"
        subprocess.run([sys.executable, str(HERE / "gen_deals.py"), str(rows), str(stem), "--only", kind], check=True,
                       stdout=subprocess.DEVNULL)
        stem.with_suffix(f".{kind}").rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--sizes", type=int, nargs="*", help="row counts (default 10000 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is kept")
    parser.add_argument("--only", choices=("xlsx", "csv"), help="one kind of file only")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "salesplan-bench-read")
    args = parser.parse_args()
    sizes = args.sizes or [10_000, 100_000, *([1_000_000] if args.full else [])]
    args.data.mkdir(parents=True, exist_ok=True)

    print(f"{'rows':>9} {'file':4} {'bare s':>7} {'rows() s':>8} {'ratio':>5} {'import s':>8} {'ratio w/o import':>16} "
          f"{'wall ratio':>10} {'bare MiB':>8} {'rows() MiB':>10} {'us/row':>6}")
    for size in sizes:
        for kind in (args.only,) if args.only else ("xlsx", "csv"):
            path = data_file(args.data, size, kind)
            runs: dict[str, list[tuple[float, float, float, float, int]]] = {"bare": [], "rows": []}
            for _ in range(args.runs):  # interleaved, so that machine noise hits both alike
                runs["bare"].append(measure(f"{kind} bare", path))
                runs["rows"].append(measure("rows", path))
            bare, ours = (
                dict(zip(("s", "wall", "mib", "import"), (statistics.median(r[i] for r in v) for i in range(4))))
                for v in runs.values()
            )
            assert runs["rows"][0][4] == size, f"rows() yielded {runs['rows'][0][4]} deals, expected {size}"
            print(
                f"{size:>9,} {kind:4} {bare['s']:>7.3f} {ours['s']:>8.3f} {ours['s'] / bare['s']:>5.2f} "
                f"{ours['import']:>8.3f} {(ours['s'] - ours['import']) / bare['s']:>16.2f} "
                f"{ours['wall'] / bare['wall']:>10.2f} {bare['mib']:>8.0f} {ours['mib']:>10.0f} "
                f"{ours['s'] / size * 1e6:>6.2f}",
                flush=True,
            )

if __name__ == "__main__":
    main()
