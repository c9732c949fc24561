"""Write plans/atelier-lumen-2027-ventes.csv: a year of won and lost deals for the French example plan.

The columns are the ones ``plans/atelier-lumen-2027.yaml`` names in ``tracking.actuals``
(``Date, Commercial, Montant, Étape, Région``) plus ``Type de client`` for the "Nouveaux clients"
goal's filter. Each rep sells at a pace of their own against their quota (Mehdi Benali ahead,
Camille Rousseau about on track, Julien Marchand, Sophie Le Gall and Léa Fontaine, from her start in
April, behind); the quotas add up to more than the team's target, so the team can be ahead while
most reps are behind, as the report then explains. A few rows are
what people type: the nickname "Juju" (mapped to Julien in the plan), a rep who left, a region
the plan does not know, an amount that is not a number.

The data is deterministic, so the file only changes when this script does:

    python plans/make_lumen_actuals.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).with_name("atelier-lumen-2027-ventes.csv")
HEADERS = ("Date", "Commercial", "Client", "Montant", "Étape", "Région", "Type de client")
# name as typed, region, share of their quota they sell, first month
REPS = (
    ("Camille Rousseau", "Île-de-France", 0.97, 1, "camille"),
    ("Julien Marchand", "Île-de-France", 0.9, 1, "julien"),
    ("Sophie Le Gall", "Grand Ouest", 0.78, 1, "sophie"),
    ("Mehdi Benali", "Sud-Est", 1.12, 1, "mehdi"),
    ("Léa Fontaine", "Grand Ouest", 0.85, 4, "lea"),
)
CAMILLE = {1: 50000, 2: 62000, 3: 85000, 4: 70000, 5: 55000, 6: 75000, 7: 45000, 8: 10000, 9: 55000, 10: 60000,
           11: 65000, 12: 90000}
RAMP = {4: 0.3, 5: 0.6, 6: 0.9}
CLIENTS = ("Musée des Confluences", "Hôtel Bellecour", "Cabinet Archi Nord", "Théâtre du Rond-Point",
           "Médiathèque de Nantes", "Groupe Immo Sud", "Agence Lumière & Co", "Mairie de Rennes",
           "Opéra de Marseille", "Bureaux Part-Dieu", "Galerie Vivienne", "Clinique du Parc")


def quota(rep: str, month: int) -> float:
    if rep == "camille":
        return CAMILLE[month]
    base = 32000 if rep == "julien" else 30000
    return base * RAMP.get(month, 1.0) if rep == "lea" else base


def rows(seed: int = 2027) -> list[list]:
    rnd = random.Random(seed)
    out: list[list] = []
    for name, region, pace, first, rep in REPS:
        for month in range(max(first, 1), 13):
            goal = quota(rep, month) * pace * rnd.uniform(0.85, 1.15)
            won = 0.0
            while won < goal:
                amount = round(rnd.uniform(2500, 9500) * 2) / 2
                day = dt.date(2027, month, rnd.randint(1, 28))
                kind = "Nouveau" if rnd.random() < 0.16 else "Existant"
                typed = "Juju" if rep == "julien" and rnd.random() < 0.1 else name
                out.append([day, typed, rnd.choice(CLIENTS), f"{amount:.2f}", "Gagné", region, kind])
                won += amount
            for _ in range(3):  # lost deals
                out.append([dt.date(2027, month, rnd.randint(1, 28)), name, rnd.choice(CLIENTS),
                            f"{round(rnd.uniform(2000, 9000)):.2f}", "Perdu", region, "Nouveau"])
    out.append([dt.date(2027, 2, 11), "Paul Girard", "Hôtel Bellecour", "4800.00", "Gagné", "Île-de-France",
                "Existant"])
    out.append([dt.date(2027, 3, 17), "Mehdi Benali", "Opéra de Marseille", "3900.00", "Gagné", "Corse", "Nouveau"])
    out.append([dt.date(2027, 5, 6), "Sophie Le Gall", "Mairie de Rennes", "à voir", "Gagné", "Grand Ouest",
                "Existant"])
    out.sort(key=lambda r: (r[0], r[1], r[3]))
    return [[r[0].isoformat(), *r[1:]] for r in out]


def write(path: Path = OUT) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows(rows())
    return path


if __name__ == "__main__":
    print(f"wrote {write()}")
