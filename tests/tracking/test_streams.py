"""The column-by-column fast path gives exactly the deals of the general row-by-row path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from salesplan.tracking.dates import DateColumn
from salesplan.tracking.streams import DealStream

INDEX = {"date": 0, "rep": 1, "amount": 2, "stage": 3, "territory": 4, "currency": 5}

texts = st.sampled_from(["Ann", " Bo ", "Cy", "", "  ", "Zoé"])
dates = st.one_of(
    st.sampled_from(["2027-01-05", " 2027-02-01 ", "05/03/2027", "3/18/2027", "31/31/2027", "", "x"]),
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 1, 1)),
    st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2028, 1, 1)),
    st.sampled_from([46461.0, 46461.5, 0.0, True]),
)
amounts = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(["1234", "-87.25", "1.234", "0.500", "1 234,50 €", "", "n/a", "12.5", float("inf"), 7, None,
                     "5.", "1-2", "1.2.3", "1e5", "1_000", "-", ".", "١٢", "+5", " 12"]),
)
currencies = st.sampled_from(["EUR", "usd", "", "€", "xx"])


def rows(with_currency: bool):
    cells = [dates, texts, amounts, texts, texts] + ([currencies] if with_currency else [])
    return st.lists(st.tuples(*cells).map(list), min_size=1, max_size=40)


def settled(deals: list, stream: DealStream) -> list:
    """The deals as the tally counts them once the whole column is read: a pending amount (an
    ambiguous ``1.234`` met before the column showed its mark) settled with the column's mark."""
    for deal in deals:
        if deal.pending is not None:
            factor = stream.amounts.settle(deal.pending)
            deal.amount, deal.pending = (None if factor is None else deal.amount * factor), None
    return deals


def both_paths(chunk: list[list], index: dict[str, int], extras: dict[str, int], column_currency: str | None):
    """The chunk through the fast path (None: it needs the general path) and the general path,
    pending amounts settled: the general path reads row by row, so an ambiguous amount before the
    chunk's first evidence waits, where the fast path saw the whole chunk's evidence first."""
    fast_stream = DealStream("S", index, extras, column_currency, DateColumn())
    slow_stream = DealStream("S", index, extras, column_currency, DateColumn())
    fast = fast_stream._columns(chunk, 7)
    slow = settled(list(slow_stream._rows(chunk, 7)), slow_stream)
    return fast_stream, (None if fast is None else settled(list(fast), fast_stream)), slow_stream, slow


@settings(max_examples=100, deadline=None)
@given(rows(with_currency=False), st.sampled_from([None, "USD"]))
def test_fast_path_matches_general_path(chunk: list[list], column_currency: str | None) -> None:
    index = {k: v for k, v in INDEX.items() if k != "currency"}
    fast_stream, fast, slow_stream, slow = both_paths(chunk, index, {"Segment": 3}, column_currency)
    if fast is not None:
        assert fast == slow
        assert fast_stream.read == slow_stream.read == len(chunk)
        assert fast_stream.dates.month_first == slow_stream.dates.month_first
        assert fast_stream.dates.evidence == slow_stream.dates.evidence


@settings(max_examples=100, deadline=None)
@given(rows(with_currency=True), st.sampled_from([None, "USD"]))
def test_fast_path_matches_general_path_with_a_currency_column(chunk: list[list], column_currency: str | None) -> None:
    _, fast, _, slow = both_paths(chunk, INDEX, {}, column_currency)
    if fast is not None:
        assert fast == slow


def test_clean_chunks_take_the_fast_path() -> None:
    chunk = [["2027-01-05", "Ann", "12.50", "Won", "West", "EUR"], [dt.date(2027, 1, 6), "Bo", 3.5, "Won", "", "usd"]]
    assert both_paths(chunk, INDEX, {}, None)[1] is None  # mixed date kinds: general path
    chunk[1][0] = "2027-01-06"
    chunk[1][2] = "3.5"
    fast = both_paths(chunk, INDEX, {}, None)[1]
    assert fast is not None
    assert [(d.rep, d.currency, d.territory) for d in fast] == [("Ann", "EUR", "West"), ("Bo", "USD", None)]


clean_texts = st.sampled_from(["Ann", " Bo ", "Zoé", "Cy"])
clean_rows = st.one_of(
    st.tuples(
        st.sampled_from(["2027-01-05", " 2027-02-01 ", "05/03/2027", "3/18/2027", "31/31/2027", "x"]),
        clean_texts,
        st.sampled_from(["1234", "-87.25", "12.5", "0.5", "10000.0001", "1 234,50 €", "$1,234.50", "1.234", "(500)",
                         ".5", "-.5", "-0", "-0.00", "007.50", ".123", "-1.234", "12345.678", "0.500"]),
        st.sampled_from(["Won", "", "Lost "]),
        st.sampled_from(["West", "", " North"]),
    ),
    st.tuples(
        st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 1, 1)),
        clean_texts,
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
        st.sampled_from(["Won", ""]),
        st.sampled_from(["West", ""]),
    ),
)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.lists(clean_rows.map(list), min_size=1, max_size=40)))
def test_clean_chunks_agree(chunk: list[list]) -> None:
    index = {k: v for k, v in INDEX.items() if k != "currency"}
    fast_stream, fast, slow_stream, slow = both_paths(chunk, index, {"Segment": 3}, None)
    kinds = {type(row[0]) for row in chunk} | {type(row[2]) for row in chunk}
    if kinds in ({str}, {dt.date, float}) and not any(row[0] == "x" for row in chunk):
        assert fast is not None  # uniform columns always take the fast path (but 'x' may be a total row's label)
    if fast is not None:
        assert fast == slow
        assert fast_stream.dates.evidence == slow_stream.dates.evidence


# --------------------------------------------------------------------------- the tally's column path

from track_support import CONTRACT_PLAN, plan_from  # noqa: E402

from salesplan.tracking.deals import DealColumns  # noqa: E402
from salesplan.tracking.feed import DateResolvers, feed_chunks  # noqa: E402
from salesplan.tracking.tally import Tally  # noqa: E402

RATED_PLAN = plan_from(CONTRACT_PLAN.replace("  tolerance:", "  rates: {USD: 0.92}\n  tolerance:"))
TALLY_INDEX = {"date": 0, "rep": 1, "amount": 2, "stage": 3, "territory": 4, "currency": 6}
tally_rows = st.tuples(
    st.one_of(
        st.sampled_from(["2027-01-05", "2027-02-01", " 2027-03-09 ", "05/03/2027", "03/05/2027", "3/18/2027",
                         "31/31/2027", "2026-12-20", "2027-02-15", "x"]),
        st.dates(min_value=dt.date(2026, 12, 1), max_value=dt.date(2027, 4, 30)),
    ),
    st.sampled_from(["Carol Diaz", "Carol D.", " li ", "shane", "Mia Laurent", "Nobody", "carol"]),
    st.sampled_from(["1234", "-87.25", "12.5", "0", "4000", "1 234,50 €", "$12", "-0.5"]),
    st.sampled_from(["Closed Won", "closed won ", "Negotiation", "", "Won"]),
    st.sampled_from(["West", "", "east", "Atlantis"]),
    st.sampled_from(["Enterprise", "SMB", " enterprise", ""]),
    st.sampled_from(["EUR", "eur", "USD", "€"]),
).map(list)


def tally_state(tally: Tally) -> tuple:
    return (tally.buckets, tally.parts, tally.counts, tally.examples, tally.unknown_territories,
            tally.unknown_reps, tally.pending, tally.rejected.date_rows)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(tally_rows, min_size=1, max_size=30), min_size=1, max_size=5),
       st.booleans(), st.sampled_from([None, dt.date(2027, 2, 14)]), st.booleans())
def test_column_tally_matches_row_tally(chunks: list[list[list]], with_currency: bool, as_of, with_stage: bool) -> None:
    index = {k: v for k, v in TALLY_INDEX.items() if (with_currency or k != "currency") and (with_stage or k != "stage")}
    stream = DealStream("S", index, {"segment": 5}, None, DateColumn())
    made, first = [], 2
    for chunk in chunks:
        columns = stream._column_chunk(chunk, first)
        made.append(columns if columns is not None else list(stream._rows(chunk, first)))
        first += len(chunk)
    deals = [deal for c in made for deal in (c.deals() if isinstance(c, DealColumns) else c)]
    by_rows = Tally(RATED_PLAN, has_stage=with_stage, as_of=as_of).add(deals)
    by_chunks = Tally(RATED_PLAN, has_stage=with_stage, as_of=as_of)
    feed_chunks(made, by_chunks)  # clean chunks column by column (Tally.add_columns), the others row by row
    assert tally_state(by_chunks) == tally_state(by_rows)
    dates = DateResolvers(DateColumn().parse)
    assert tally_state(by_chunks.resolve_dates(dates)) == tally_state(by_rows.resolve_dates(dates))


def test_clean_columns_are_tallied_column_by_column() -> None:
    chunk = [["2027-01-05", "Carol Diaz", "100", "Closed Won", "West", "Enterprise"],
             ["2027-02-20", " li ", "-5.5", "Closed Won", "", "SMB"],
             ["2027-02-01", "Carol Diaz", "7", "Lost", "West", "SMB"]]
    index = {k: v for k, v in TALLY_INDEX.items() if k != "currency"}
    columns = DealStream("S", index, {"segment": 5}, None, DateColumn())._column_chunk(chunk, 2)
    tally = Tally(RATED_PLAN, has_stage=True, as_of=dt.date(2027, 2, 14))
    assert tally.add_columns(columns)  # nothing in it needs the row-by-row path
    assert tally.counts.read == 3 and tally.counts.not_won == 1
    assert sorted(tally.buckets.values(), key=str) == [[Decimal("-5.5"), 1, 1], [Decimal(100), 1, 0]]


def test_plain_decimal_columns() -> None:
    from salesplan.tracking.streams import _plain_decimals

    assert _plain_decimals("1234\n-87.25\n0.5\n10000.0001\n.5")
    for odd in ("1.234", "1.234\n5", "5.\n1", "5.", "1 234", "1e5", "1_000", "+5", "١٢", "12,5"):
        assert not _plain_decimals(odd), odd


@settings(max_examples=100, deadline=None)
@given(st.lists(clean_rows.map(list), min_size=1, max_size=40), st.integers(min_value=0, max_value=39))
def test_wide_and_narrow_rows_agree(chunk: list[list], short: int) -> None:
    """Transposing whole rows and picking columns give the same deals; a short row needs the general path."""
    index = {k: v for k, v in INDEX.items() if k != "currency"}
    narrow = DealStream("S", index, {"Segment": 3}, None, DateColumn())
    wide = DealStream("S", index, {"Segment": 3}, None, DateColumn())
    wide.transpose_width = 0
    by_transpose, by_columns = narrow._columns(chunk, 7), wide._columns(chunk, 7)
    assert (by_transpose is None) == (by_columns is None)
    if by_transpose is not None:
        assert list(by_transpose) == list(by_columns)
    chunk[short % len(chunk)] = chunk[short % len(chunk)][:4]
    assert narrow._columns(chunk, 7) is None and wide._columns(chunk, 7) is None
