"""The progress report's charts: the data they are drawn from agrees with the headline.

Worked example (plans/northwind-2027.yaml with plans/northwind-2027-actuals.xlsx, as of
2027-02-14, the figures `track --format json` gives): revenue targets 8,000 / 8,000 / 14,000;
expected to date 8,000 + 8,000 * 14/28 = 12,000; actual 8,113.50 in January and 13,643.50 to
date (pace 1.137, ahead); projected 13,643.50 / 12,000 * 30,000 = 34,108.75.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from render_plans import NORTHWIND, stress_data

from salesplan.plan import require_plan
from salesplan.render.context import RenderContext
from salesplan.render.progress_report import ReportText
from salesplan.render.progress_specs import progress_charts
from salesplan.tracking.palette import PALETTE
from salesplan.tracking.run import track_file

ACTUALS = NORTHWIND.with_name("northwind-2027-actuals.xlsx")


def charts_of(plan, actuals: Path, as_of: str, rep: str | None = None) -> dict:
    report = track_file(plan, actuals, as_of=dt.date.fromisoformat(as_of), rep=rep)
    text = ReportText(RenderContext.for_plan(plan), report.tolerance)
    return {chart.name: chart for chart in progress_charts(text, report)}


@pytest.fixture(scope="module")
def northwind():
    return require_plan(NORTHWIND)


@pytest.fixture(scope="module")
def charts(northwind):
    return charts_of(northwind, ACTUALS, "2027-02-14")


def test_cumulative_chart_marks_the_as_of_date_with_the_headline_figures(charts):
    chart = charts["progress-cumulative"]
    target, actual = chart.series
    # the expected line joins the month ends: 0, 8,000, 16,000, 30,000
    assert chart.xs[0] == (0.0, 1.0, 2.0, 3.0) and target.values == (0.0, 8000.0, 16000.0, 30000.0)
    # February 14 is half of February's 28 days: x = 1 + 14/28
    marker = chart.as_of
    assert marker.x == pytest.approx(1.5) and marker.label == "Feb 14"
    assert marker.expected == 12000.0 and marker.actual == 13643.5
    # the expected line passes the headline's expected to date at the as-of date (pro rata, not
    # February's whole target), and the actual, ahead, is drawn above it
    on_line = target.values[1] + (target.values[2] - target.values[1]) * (marker.x - 1)
    assert on_line == pytest.approx(marker.expected)
    assert chart.xs[1] == (0.0, 1.0, 1.5) and actual.values == (0.0, 8113.5, 13643.5)
    assert actual.values[-1] > on_line
    # projection: from the as-of point at the same pace along the expected line, to the projected figure
    assert chart.line_x == (1.5, 2.0, 3.0)
    assert chart.line.values[0] == 13643.5
    assert chart.line.values[1] == pytest.approx(13643.5 / 12000 * 16000)
    assert chart.line.values[2] == pytest.approx(34108.75)
    assert dict(chart.labels)["as_of"] == "as of Feb 14"


def test_every_tracked_goal_has_its_cumulative_chart(charts):
    logos = charts["progress-cumulative-2"]
    # deals goal: 5 + 7 * 14/28 = 8.5 expected, 6 won (JSON), pace 0.7059: behind, drawn below the line
    assert logos.as_of.expected == 8.5 and logos.as_of.actual == 6.0
    assert logos.series[0].values == (0.0, 5.0, 12.0, 20.0) and not logos.money
    assert "Enterprise logos" in logos.title


def test_monthly_chart_marks_the_running_months_pro_rata_expected(charts):
    chart = charts["progress-monthly"]
    assert chart.series[0].values == (8000.0, 8000.0, 14000.0)
    assert chart.series[1].values == (8113.5, 5530.0)  # January, February to date; March still to come
    # February: 8,000 * 14/28 = 4,000 expected by the 14th
    assert chart.as_of.x == 1.0 and chart.as_of.expected == 4000.0 and chart.as_of.actual == 5530.0


def test_rep_pace_chart_sorted_and_coloured_by_status(charts):
    chart = charts["progress-pace"]
    # paces (JSON): carol 1.1161 ahead, li 0.5713 behind, shane 0.5147 behind
    assert chart.categories == ("Carol Diaz", "Li Wei", "Shane Okafor")
    assert chart.colours == (PALETTE["ahead"].chart, PALETTE["behind"].chart, PALETTE["behind"].chart)
    assert chart.notes == ("112% · Ahead", "57% · Behind", "51% · Behind")


def test_status_palette_reads_the_usual_way():
    green = {"ahead", "on_track"}
    for status, colours in PALETTE.items():
        red, grn, blue = (int(colours.chart[i:i + 2], 16) for i in (1, 3, 5))
        if status in green:
            assert grn > red and grn > blue, status
        elif status == "behind":
            assert red > grn and red > blue
        else:
            assert red == grn == blue  # grey
    assert PALETTE["ahead"].chart != PALETTE["on_track"].chart
    assert "yellow" not in {c.terminal for c in PALETTE.values()}


@pytest.fixture(scope="module")
def thirty_reps(tmp_path_factory):
    """30 reps with a 2,000 quota; rep i sells 100 * ((7i mod 30) + 1) in January: a pace of
    ((7i mod 30) + 1) / 20 at the end of January (0.05 to 1.5), in no particular order (every rep
    there from the start, no ramp)."""
    folder = tmp_path_factory.mktemp("thirty")
    data = stress_data(reps=30, month_count=12, long_names=False)
    data["tracking"] = copy.deepcopy(yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))["tracking"])
    data["tracking"]["actuals"].pop("reps")
    for member in data["team"]["members"]:
        member["start"] = "2026-01-01"
        member.pop("ramp", None)
    plan_path = folder / "plan.yaml"
    plan_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rows = ["Close Date,Deal owner,Amount,Deal Stage,Region,Segment"]
    rows += [f"2027-01-15,Rep {i},{100 * ((7 * i) % 30 + 1)},Closed Won,,SMB" for i in range(30)]
    actuals = folder / "deals.csv"
    actuals.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = require_plan(plan_path)
    return plan, charts_of(plan, actuals, "2027-01-31")["progress-pace"]


def test_thirty_reps_sorted_by_pace_coloured_by_status(thirty_reps):
    _, chart = thirty_reps
    expected = sorted(((((7 * i) % 30 + 1) / 20, f"Rep {i}") for i in range(30)),
                      key=lambda p: (-p[0], p[1]))
    assert chart.categories == tuple(name for _, name in expected)
    assert list(chart.series[0].values) == pytest.approx([pace for pace, _ in expected])
    for pace, colour in zip(chart.series[0].values, chart.colours):
        status = "ahead" if pace >= 1.05 else "behind" if pace < 0.95 else "on_track"
        assert colour == PALETTE[status].chart
    assert len(set(chart.colours)) == 3


def test_pace_labels_clear_of_the_tolerance_band(thirty_reps):
    from matplotlib.transforms import Bbox

    from salesplan.render.progress_charts import draw_pace

    plan, chart = thirty_reps
    fig = draw_pace(chart, RenderContext.for_plan(plan).fmt, 6.3)
    fig.canvas.draw()
    ax = fig.axes[0]
    band_right = ax.transData.transform((1.05, 0))[0]
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if "·" in t.get_text()]
    assert len(labels) == len(chart.categories)
    axes_box: Bbox = ax.get_window_extent(renderer)
    for label in labels:
        box = label.get_window_extent(renderer)
        assert box.x0 >= band_right, label.get_text()  # starts right of the band (and of its bar)
        assert box.x1 <= axes_box.x1 + 1, label.get_text()  # and ends inside the plot
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
    assert all(a.y1 <= b.y0 + 0.5 for a, b in zip(boxes, boxes[1:]))  # no two labels overlap
    assert not any(math.isnan(v) for v in chart.series[0].values)


def test_rep_view_charts_follow_the_rep(northwind):
    charts = charts_of(northwind, ACTUALS, "2027-02-14", rep="carol")
    assert "progress-pace" not in charts
    # carol: 5,000 a month; 5,000 + 2,500 expected by Feb 14; 8,370.50 done (JSON)
    marker = charts["progress-cumulative"].as_of
    assert marker.expected == 7500.0 and marker.actual == 8370.5
    assert Decimal(str(marker.actual)) / Decimal(str(marker.expected)) > Decimal("1.05")
