"""Generate a deal-list actuals file of N rows, as xlsx and csv, for the reader benchmarks.

Columns: Close Date, Deal owner, Amount, Deal Stage, Region, Segment (HubSpot-style headers,
so the readers recognise them without a plan). The data is deterministic for a given seed.
The xlsx holds real date cells and numeric amounts (what a CRM export opened and saved in
Excel looks like); the csv holds ISO dates and plain decimal amounts.

    python benchmarks/gen_deals.py 100000 /tmp/deals   # writes /tmp/deals.xlsx and /tmp/deals.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

HEADERS = ("Close Date", "Deal owner", "Amount", "Deal Stage", "Region", "Segment")
OWNERS = tuple(
    f"{first} {last}"
    for first, last in zip(
        ("Alice", "Bruno", "Carol", "Diego", "Emma", "Farid", "Gina", "Hugo", "Inès", "Jon",
         "Kim", "Léa", "Mark", "Nora", "Omar", "Paula", "Quinn", "Rosa", "Sam", "Tess"),
        ("Martin", "Bernard", "Diaz", "Lopez", "Stone", "Haddad", "Rossi", "Dubois", "Moreau", "Lee",
         "Park", "Girard", "Young", "Klein", "Aziz", "Silva", "Hart", "Ortiz", "Wood", "Fox"),
    )
)
STAGES = ("Closed Won", "Closed Won", "Closed Won", "Closed Lost", "Negotiation")
REGIONS = ("West", "East", "North", "South")
SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
START = dt.date(2027, 1, 1)


def deals(n: int, seed: int = 2027):
    """Yield ``n`` deterministic rows: (date, owner, amount, stage, region, segment)."""
    rnd = random.Random(seed)
    for _ in range(n):
        yield (
            START + dt.timedelta(days=rnd.randrange(365)),
            rnd.choice(OWNERS),
            rnd.randrange(10_000, 5_000_000) / 100,
            rnd.choice(STAGES),
            rnd.choice(REGIONS),
            rnd.choice(SEGMENTS),
        )


def write_xlsx(path: Path, n: int, seed: int = 2027) -> Path:
    """Write the deal list as an xlsx with openpyxl's write-only (streaming) mode."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Deals")
    ws.append(HEADERS)
    for row in deals(n, seed):
        ws.append(row)  # a date value gets openpyxl's date number format: a real date cell
    wb.save(path)
    return path


def write_csv(path: Path, n: int, seed: int = 2027) -> Path:
    """Write the deal list as a UTF-8 csv with ISO dates."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADERS)
        for date, owner, amount, *rest in deals(n, seed):
            out.writerow((date.isoformat(), owner, f"{amount:.2f}", *rest))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int)
    parser.add_argument("stem", type=Path, help="output path without extension")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--only", choices=("xlsx", "csv"))
    args = parser.parse_args()
    if args.only != "csv":
        print(write_xlsx(args.stem.with_suffix(".xlsx"), args.rows, args.seed))
    if args.only != "xlsx":
        print(write_csv(args.stem.with_suffix(".csv"), args.rows, args.seed))


if __name__ == "__main__":
    main()
