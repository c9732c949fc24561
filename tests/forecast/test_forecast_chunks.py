"""The forecast history's column-by-column tally (``HistoryTally.add_columns``, as
``tracking.feed.feed_chunks`` drives it) gives exactly the tally of the row-by-row path
(``HistoryTally.add``)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from forecast_support import plan_from
from hypothesis import given, settings
from hypothesis import strategies as st

from salesplan.forecast.history import HistoryError, HistoryTally
from salesplan.tracking.dates import DateColumn
from salesplan.tracking.deals import DealColumns
from salesplan.tracking.feed import DateResolvers, feed_chunks
from salesplan.tracking.streams import DealStream

PLAN = plan_from("""\
plan: {title: H, company: C, start: 2027-01-01, end: 2027-12-31, currency: EUR}
mission: {statement: S}
team:
  members: [{id: carol, name: Carol Diaz}, {id: li, name: Li Wei}]
goals: [{id: revenue, target: 1000, priority: 1}]
tracking:
  rates: {USD: 0.9}
  actuals:
    reps: {"C. Diaz": carol}
""")
INDEX = {"date": 0, "rep": 1, "amount": 2, "stage": 3, "created": 4, "currency": 5}

history_rows = st.tuples(
    st.one_of(
        st.sampled_from(["2026-01-05", "2026-02-01", " 2026-03-09 ", "05/03/2026", "03/05/2026", "3/18/2026",
                         "31/31/2026", "2025-12-20", "2026-02-15 10:30", "x", ""]),
        st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2026, 6, 30)),
    ),
    st.sampled_from(["Carol Diaz", "C. Diaz", " li wei ", "carol", "Tom Becker", "Nobody", ""]),
    st.sampled_from(["1234", "-87.25", "12.5", "0", "4000", "1 234,50 €", "$12", "-0.5", "0.500", "n/a", ""]),
    st.sampled_from(["Closed Won", "closed won ", "Won", "Closed Lost", "perdu", "Negotiation", ""]),
    st.one_of(st.sampled_from(["2025-12-01", "01/02/2026", "02/01/2026", "", "later"]),
              st.dates(min_value=dt.date(2025, 10, 1), max_value=dt.date(2026, 7, 31))),
    st.sampled_from(["EUR", "eur", "USD", "€", ""]),
).map(list)

clean_rows = st.tuples(  # rows the readers' fast path takes: a whole chunk of them is a DealColumns
    st.sampled_from(["2026-01-05", "2026-02-01", "05/03/2026", "03/05/2026", "3/18/2026", "31/31/2026", "x"]),
    st.sampled_from(["Carol Diaz", "C. Diaz", " li wei ", "Tom Becker", "Nobody"]),
    st.sampled_from(["1234", "-87.25", "12.5", "0", "0.500", "-0", "1 234,50 €", "$12"]),
    st.sampled_from(["Closed Won", "Won", "Closed Lost", "Negotiation", ""]),
    st.sampled_from(["2025-12-01", "01/02/2026", "02/01/2026", "", "later"]),
    st.sampled_from(["EUR", "USD", ""]),
).map(list)
chunk_lists = st.lists(st.one_of(st.lists(history_rows, min_size=1, max_size=30),
                                 st.lists(clean_rows, min_size=1, max_size=30)), min_size=1, max_size=6)


def tally_state(tally: HistoryTally) -> tuple:
    return (tally.buckets, list(tally.buckets), tally.cycles, tally.lost_months, tally.rows,
            tally.rejected.date_rows, tally.unknown_reps, list(tally.unknown_reps), tally.currency,
            tally.cycle_days, tally.cycle_unknown)


def exact(buckets: dict) -> list:
    """Bucket sums as text: the very Decimals (exponents too), not only equal values."""
    return [(key, [str(v) for v in bucket]) for key, bucket in buckets.items()]


def made_chunks(chunks: list[list[list]], index: dict[str, int]) -> tuple[list, DealStream]:
    stream = DealStream("S", index, {}, None, DateColumn(), DateColumn())
    made, first = [], 2
    for chunk in chunks:
        columns = stream._column_chunk(chunk, first)
        made.append(columns if columns is not None else list(stream._rows(chunk, first)))
        first += len(chunk)
    return made, stream


@settings(max_examples=200, deadline=None)
@given(chunk_lists, st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_column_tally_matches_row_tally(chunks, with_plan, with_currency, with_stage, with_created) -> None:
    index = {k: v for k, v in INDEX.items()
             if (with_currency or k != "currency") and (with_stage or k != "stage")
             and (with_created or k != "created")}
    made, stream = made_chunks(chunks, index)
    deals = [deal for c in made for deal in (c.deals() if isinstance(c, DealColumns) else c)]
    plan = PLAN if with_plan else None
    by_rows = HistoryTally(plan, has_stage=with_stage, has_created=with_created).add(deals)
    by_chunks = HistoryTally(plan, has_stage=with_stage, has_created=with_created)
    feed_chunks(made, by_chunks)
    assert tally_state(by_chunks) == tally_state(by_rows)
    assert exact(by_chunks.buckets) == exact(by_rows.buckets)
    resolvers = DateResolvers(stream.dates.parse, stream.dates.problem, stream.created_dates.parse)
    by_rows.resolve_dates(resolvers)
    by_chunks.resolve_dates(resolvers)
    assert tally_state(by_chunks) == tally_state(by_rows)
    assert exact(by_chunks.buckets) == exact(by_rows.buckets)
    try:
        expected = by_rows.history("h.csv", None)
    except HistoryError as error:
        with pytest.raises(HistoryError, match=re.escape(str(error))):
            by_chunks.history("h.csv", None)
    else:
        assert by_chunks.history("h.csv", None) == expected


def test_clean_chunks_are_tallied_column_by_column() -> None:
    chunk = [["2026-01-05", "Carol Diaz", "100", "Closed Won", "2025-12-01"],
             ["2026-02-20", " li wei ", "-5.5", "Won", "2026-01-01"],
             ["2026-02-01", "Tom Becker", "7", "Won", ""],
             ["2026-03-01", "Carol Diaz", "99999", "Closed Lost", ""],
             ["2026-04-01", "Carol Diaz", "500", "Negotiation", ""]]
    made, _ = made_chunks([chunk], {k: v for k, v in INDEX.items() if k != "currency"})
    assert isinstance(made[0], DealColumns)
    tally = HistoryTally(PLAN, has_stage=True, has_created=True)
    assert tally.add_columns(made[0])  # nothing in it needs the row-by-row path
    assert (tally.rows.read, tally.rows.lost, tally.rows.open) == (5, 1, 1)
    assert tally.buckets == {("2026-01", "carol"): [Decimal(100), 1, 0, 0],
                             ("2026-02", "li"): [Decimal("-5.5"), 1, Decimal("-5.5"), 1],
                             ("2026-02", None): [Decimal(7), 1, 0, 0]}
    assert tally.lost_months == {"2026-03"} and tally.unknown_reps == {"Tom Becker": 1}
    assert sum(tally.cycles.values()) == 2  # the refund is no deal


def test_amounts_to_convert_take_the_row_path() -> None:
    chunk = [["2026-01-05", "Carol Diaz", "$100", "Won"], ["2026-01-06", "Carol Diaz", "100", "Won"]]
    made, _ = made_chunks([chunk], {k: v for k, v in INDEX.items() if k not in ("currency", "created")})
    assert isinstance(made[0], DealColumns)
    tally = HistoryTally(PLAN, has_stage=True)
    assert not tally.add_columns(made[0]) and tally.rows.read == 0  # nothing counted
    feed_chunks(made, tally)
    assert tally.buckets == {("2026-01", "carol"): [Decimal("190.0"), 2, 0, 0]}
