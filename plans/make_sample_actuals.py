"""Write plans/northwind-2027-actuals.xlsx: a HubSpot-style deal export for the example plan.

The workbook is what a sales manager downloads from the CRM for Q1 2027: sheet ``Deals``,
headers ``Record ID, Deal Name, Deal Stage, Close Date, Deal owner, Amount, Region, Segment,
Pipeline`` (the columns ``plans/northwind-2027.yaml`` names in ``tracking.actuals``, plus a
``Segment`` column for the enterprise-logos goal's filter). About 400 rows: won deals of the
quarter, lost and still-open deals, won deals of December 2026 and April 2027 (outside the
period), a refund, and a few rows a person typed badly (an amount ``n/a``, a date ``TBD``, a
rep who left, a region the plan does not know).

The data is deterministic and so are the bytes (fixed timestamps inside the file), so the
committed file only changes when this script does:

    python plans/make_sample_actuals.py            # rewrites plans/northwind-2027-actuals.xlsx
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import zipfile
from pathlib import Path

HEADERS = ("Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Region", "Segment",
           "Pipeline")
COMPANIES = (
    "Maison Verte", "Boulangerie Roux", "Optique Lemaire", "Fleurs de Loire", "Brasserie du Port",
    "Cave Saint-Jean", "Librairie Martin", "Pharmacie Centrale", "Bricolage Dupont", "Chaussures Bellec",
    "Epicerie Fine Nantaise", "Jouets Arlequin", "Sport 44", "Velo Atlantique", "Mode & Co", "Cafe Graslin",
    "De Groene Winkel", "Bakkerij Peeters", "Fietsen Janssens", "Boekhandel Vos", "La Petite Quincaillerie",
    "Atelier Couture", "Primeurs du Marche", "Droguerie Morel", "Parfumerie Iris", "Maroquinerie Duval",
)
PRODUCTS = ("Store analytics", "Footfall add-on", "Loyalty insights", "Basket analysis", "Extra stores")
# (name as the CRM spells it, territory, weight among won deals)
OWNERS = (("Carol Diaz", "West", 44), ("Carol D.", "West", 8), ("Shane Okafor", "East", 24), ("Li Wei", "East", 24))
WON_BY_MONTH = {(2026, 12): 3_900, (2027, 1): 8_300, (2027, 2): 6_900, (2027, 3): 11_600, (2027, 4): 2_600}
OPEN_STAGES = ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Contract Sent")
STAMP = (2027, 4, 2, 9, 0, 0)
OUT = Path(__file__).with_name("northwind-2027-actuals.xlsx")


def _owner(rnd: random.Random) -> tuple[str, str]:
    name, region, _ = rnd.choices(OWNERS, weights=[w for *_, w in OWNERS])[0]
    return name, region


def _segment(rnd: random.Random) -> str:
    return rnd.choices(("SMB", "Mid-Market", "Enterprise"), weights=(58, 32, 10))[0]


def _amount(rnd: random.Random, segment: str) -> float:
    low, high = {"SMB": (40, 160), "Mid-Market": (120, 320), "Enterprise": (300, 650)}[segment]
    return round(rnd.uniform(low, high) * 2) / 2  # whole or half euros, as priced per store


def _day(rnd: random.Random, year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first + dt.timedelta(days=rnd.randrange((following - first).days))


def rows(seed: int = 2027) -> list[list]:
    rnd = random.Random(seed)
    out: list[list] = []
    for (year, month), total in WON_BY_MONTH.items():
        won = 0.0
        while won < total:
            owner, region = _owner(rnd)
            segment = _segment(rnd)
            amount = _amount(rnd, segment)
            roll = rnd.random()
            region = "" if roll < 0.05 else ("East" if region == "West" else "West") if roll < 0.10 else region
            out.append([f"{rnd.choice(COMPANIES)} - {rnd.choice(PRODUCTS)}", "Closed Won", _day(rnd, year, month),
                        owner, amount, region, segment])
            won += amount
    for _ in range(95):  # lost deals keep their close date and amount
        owner, region = _owner(rnd)
        segment = _segment(rnd)
        out.append([f"{rnd.choice(COMPANIES)} - {rnd.choice(PRODUCTS)}", "Closed Lost",
                    _day(rnd, 2027, rnd.choice((1, 2, 3))), owner, _amount(rnd, segment), region, segment])
    for _ in range(60):  # open deals: an expected close date or none, an amount or none
        owner, region = _owner(rnd)
        segment = _segment(rnd)
        date = _day(rnd, 2027, rnd.choice((2, 3, 4))) if rnd.random() < 0.6 else None
        amount = _amount(rnd, segment) if rnd.random() < 0.7 else None
        out.append([f"{rnd.choice(COMPANIES)} - {rnd.choice(PRODUCTS)}", rnd.choice(OPEN_STAGES), date, owner,
                    amount, region, segment])
    rnd.shuffle(out)
    out.sort(key=lambda r: (r[2] is None, r[2] or dt.date.max))  # exports come sorted by close date
    # what people type: a refund, a text amount, an amount nobody knew, a date not set, a rep who left,
    # a region the plan does not know
    out.insert(60, ["Cafe Graslin - Store analytics (refund)", "Closed Won", dt.date(2027, 1, 27), "Li Wei", -240.0,
                    "East", "SMB"])
    out.insert(95, ["Sport 44 - Extra stores", "Closed Won", dt.date(2027, 2, 3), "Carol Diaz", "1 250,00 €",
                    "West", "Mid-Market"])
    out.insert(130, ["Velo Atlantique - Footfall add-on", "Closed Won", dt.date(2027, 2, 9), "Shane Okafor", "n/a",
                     "East", "SMB"])
    out.insert(170, ["Mode & Co - Basket analysis", "Closed Won", "TBD", "Li Wei", 180.0, "East", "SMB"])
    out.insert(200, ["Bakkerij Peeters - Store analytics", "Closed Won", dt.date(2027, 2, 22), "Tom Becker", 210.0,
                     "East", "SMB"])
    out.insert(230, ["De Groene Winkel - Loyalty insights", "Closed Won", dt.date(2027, 3, 4), "Li Wei", 260.0,
                     "Benelux", "Mid-Market"])
    return [[18_400_000 + 17 * i, *row[:-1], row[-1], "Sales Pipeline"] for i, row in enumerate(out, start=1)]


def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # worksheets come as files
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read(), compress_type, compresslevel)


def write(path: Path = OUT) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from salesplan.reproducible import normalise_zip

    wb = Workbook()
    ws = wb.active
    ws.title = "Deals"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows():
        ws.append(row)
    for cells in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        cells[0].number_format = "yyyy-mm-dd"
    for cells in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        cells[0].number_format = "#,##0.00"
    for letter, width in zip("ABCDEFGHI", (12, 44, 22, 12, 16, 12, 10, 12, 16)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    stamp = dt.datetime(*STAMP)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "HubSpot export"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path.write_bytes(normalise_zip(buffer.getvalue(), stamp))  # fixed entry dates: same bytes every run
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
