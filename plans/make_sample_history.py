"""Write ``plans/northwind-2026-deals.csv``: Northwind's 2026 deals as HubSpot exports them.

The history behind ``plans/northwind-2027.yaml`` for ``salesplan forecast`` (see the README's
walk-through): won, lost and open deals of 2026 with their owner, amount, region and create
date. Deterministic (fixed seed); rerun after changing it:

    python plans/make_sample_history.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "northwind-2026-deals.csv"
HEADERS = ("Close Date", "Deal owner", "Amount", "Deal Stage", "Region", "Create Date")
# won deals per month: a slow summer, a strong autumn, the year-end rush
WON_PER_MONTH = (2, 3, 3, 3, 4, 3, 2, 1, 4, 4, 4, 5)
REPS = (("Carol Diaz", "West", None, None), ("Li Wei", "East", None, None),
        ("Tom Becker", "West", None, 9),      # left at the end of September
        ("Shane Okafor", "East", 12, None))   # started in December


def rows(seed: int = 2026):
    rnd = random.Random(seed)
    out = []
    for month, won in enumerate(WON_PER_MONTH, start=1):
        owners = [r for r in REPS if (r[2] is None or month >= r[2]) and (r[3] is None or month <= r[3])]
        for i in range(won + won * 3 // 2):  # about 40% of the closed deals are won
            name, region, _, _ = rnd.choice(owners)
            close = dt.date(2026, month, rnd.randint(1, 28))
            created = close - dt.timedelta(days=rnd.randint(12, 75))
            amount = rnd.randrange(1500, 4600, 50)
            stage = "Closed Won" if i < won else "Closed Lost"
            out.append((close, name, amount, stage, region, created))
    for _ in range(6):  # open deals: their close date is a forecast, in 2027
        name, region, _, _ = rnd.choice([r for r in REPS if r[3] is None])
        close = dt.date(2027, rnd.randint(1, 3), rnd.randint(1, 28))
        out.append((close, name, rnd.randrange(1500, 4600, 50), rnd.choice(("Negotiation", "Contract Sent")),
                    region, dt.date(2026, 12, rnd.randint(1, 20))))
    out.sort(key=lambda r: (r[0], r[1]))
    return out


def main() -> None:
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for close, name, amount, stage, region, created in rows():
            writer.writerow((close.isoformat(), name, amount, stage, region, created.isoformat()))
    print(OUT)


if __name__ == "__main__":
    main()
