"""The usual CRM export headers, as data: extend the tuples to recognise another export.

Each logical column lists the headers that name it, most specific first: when a sheet has
several of them (``Date de clôture`` and ``Date``), the earliest in the tuple wins. Headers
are compared with :func:`salesplan.text.fold` (case, accents and surrounding spaces ignored),
and a trailing parenthesised note is ignored too (``Amount (EUR)`` is ``Amount``).
Explicit ``tracking.actuals.columns`` from the plan take precedence over every preset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from salesplan.text import fold

__all__ = [
    "LOGICAL_COLUMNS",
    "REQUIRED",
    "PRESETS",
    "GRID_REP_HEADERS",
    "TOTAL_LABELS",
    "TOTAL_KEYS",
    "header_key",
    "match_columns",
]

REQUIRED = ("date", "rep", "amount")
"""What a deal list needs."""
LOGICAL_COLUMNS = (*REQUIRED, "stage", "territory", "currency", "created")
"""Every column a deal list may have; ``created`` (the day the deal was opened) is read by
``salesplan forecast`` for the sales cycle, ``track`` does not need it."""

PRESETS: dict[str, tuple[str, ...]] = {
    "date": (
        "Close Date",  # HubSpot, Salesforce
        "Closed Date",
        "Date Closed",
        "Deal - Won time",  # Pipedrive
        "Won time",
        "Deal - Close date",
        "Won Date",
        "Date de clôture",  # French exports
        "Date de fermeture",  # HubSpot in French
        "Date de signature",
        "Date de gain",
        "Date",
    ),
    "rep": (
        "Deal owner",  # HubSpot
        "Opportunity Owner",  # Salesforce
        "Deal - Owner",  # Pipedrive
        "Owner",
        "Owner Name",
        "Sales Rep",
        "Salesperson",
        "Account Executive",
        "Rep",
        "Propriétaire de la transaction",  # HubSpot in French
        "Propriétaire de l'opportunité",  # Salesforce in French
        "Propriétaire",
        "Commercial",
        "Commerciale",
        "Vendeur",
        "Vendeuse",
        "Responsable",
    ),
    "amount": (
        "Amount",  # HubSpot, Salesforce
        "Deal - Value",  # Pipedrive
        "Deal Amount",
        "Value",
        "Revenue",
        "Montant",
        "Montant HT",
        "Chiffre d'affaires",
        "CA",
        "Valeur",
    ),
    "stage": (
        "Deal Stage",  # HubSpot
        "Stage",  # Salesforce
        "Deal - Status",  # Pipedrive: won / lost / open ("Deal - Stage" is the pipeline step)
        "Status",
        "Phase de la transaction",  # HubSpot in French
        "Étape",
        "Étape de la transaction",
        "Statut",
        "Phase",
    ),
    "territory": (
        "Territory",
        "Region",
        "Sales Region",
        "Deal - Region",
        "Territoire",
        "Région",
        "Secteur",
        "Zone",
    ),
    "currency": (
        "Currency",
        "Amount Currency",  # Salesforce with several currencies
        "Deal - Currency",  # Pipedrive
        "Currency Code",
        "Deal Currency",
        "Opportunity Currency",
        "Devise",
        "Monnaie",
    ),
    "created": (
        "Create Date",  # HubSpot
        "Created Date",  # Salesforce
        "Deal - Deal created",  # Pipedrive
        "Deal created",
        "Created",
        "Created on",
        "Creation Date",
        "Date de création",  # French exports
        "Date de création de la transaction",  # HubSpot in French
        "Créé le",
        "Création",
    ),
}
"""Logical column -> the export headers that name it, most specific first."""

GRID_REP_HEADERS = (*PRESETS["rep"], "Name", "Nom", "Sales rep name", "Member", "Membre", "Équipe")
"""Headers of the rep column of a rep-by-month grid (a deal list's rep headers and a few more)."""

TOTAL_LABELS = ("Total", "Totals", "Grand Total", "Sum", "Total général", "Totaux", "Somme", "YTD", "Cumul")
"""Row labels (and column headers) of the totals managers add to their grids; they are ignored."""

_NOTE = re.compile(r"\s*\([^()]*\)$")


def header_key(header: object) -> str:
    """A header cell as compared with the presets: folded, without a trailing ``(note)``."""
    if not isinstance(header, str):
        return ""
    return _NOTE.sub("", fold(header)) or fold(header)


_PRESET_KEYS = {logical: tuple(header_key(h) for h in names) for logical, names in PRESETS.items()}
TOTAL_KEYS = frozenset(header_key(label) for label in TOTAL_LABELS)
"""The :data:`TOTAL_LABELS` as :func:`header_key` gives them, for comparing cells."""


def match_columns(
    headers: Iterable[object],
    explicit: Mapping[str, str] | None = None,
    logicals: Iterable[str] = LOGICAL_COLUMNS,
    presets: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, int]:
    """Find each logical column in a header row: logical name -> column index.

    ``explicit`` (the plan's ``tracking.actuals.columns``) names the header of a logical column
    and then only that header is accepted for it; otherwise the presets apply, most specific
    first, leftmost on a tie. A column serves one logical column only.
    """
    keys = [header_key(h) for h in headers]
    explicit = explicit or {}
    found: dict[str, int] = {}
    used: set[int] = set()
    for logical in logicals:
        if logical in explicit:
            wanted: tuple[str, ...] = (header_key(explicit[logical]),)
        elif presets is not None:
            wanted = tuple(header_key(h) for h in presets.get(logical, ()))
        else:
            wanted = _PRESET_KEYS[logical]
        for key in wanted:
            index = next((i for i, k in enumerate(keys) if k == key and i not in used), None)
            if index is not None:
                found[logical] = index
                used.add(index)
                break
    return found
