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

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_track import compare  # noqa: E402  (same plan, data and bare reads)


def main() -> None:
    compare("forecast", lambda path, plan: [sys.executable, "-m", "salesplan", "forecast", str(path),
                                            "--plan", str(plan), "--format", "json"], __doc__)


if __name__ == "__main__":
    main()
