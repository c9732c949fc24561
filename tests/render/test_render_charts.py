"""Charts: readable labels (no two overlap) on crowded plans, and the right charts for the data."""

from __future__ import annotations

import io
import itertools

import matplotlib
import pytest
from PIL import Image
from render_plans import northwind_data, plan_from, stress_data

from salesplan.render import plan_blocks
from salesplan.render.chart_drawing import DPI, STYLE, draw, drawable, fit_labels, shorten_middle, text_inches
from salesplan.render.plan_charts import DRAWERS
from salesplan.render.context import RenderContext


def specs_of(plan, language=None):
    ctx = RenderContext.for_plan(plan, language)
    return ctx, {spec.kind: spec for spec in plan_blocks.charts_in(plan_blocks.document_blocks(ctx))}


def shown(axis) -> list:
    """The tick labels the axis really draws (ticks inside its view limits)."""
    low, high = sorted(axis.get_view_interval())
    return [label for label, where in zip(axis.get_ticklabels(), axis.get_ticklocs())
            if label.get_text() and low - 1e-9 <= where <= high + 1e-9]


def overlaps(labels, renderer) -> list[tuple[str, str]]:
    boxes = [(label.get_text(), label.get_window_extent(renderer)) for label in labels]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


@pytest.fixture(scope="module")
def crowded():
    return specs_of(plan_from(stress_data(reps=40, month_count=24)))


@pytest.mark.parametrize("kind", ["targets", "seasonality", "quotas", "territories", "budget", "funnel", "journey"])
def test_no_two_labels_overlap_with_24_months_40_reps_and_long_names(crowded, kind):
    ctx, specs = crowded
    with matplotlib.rc_context(STYLE):
        fig = DRAWERS[kind](specs[kind], ctx.fmt, 6.5)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            assert not overlaps(shown(ax.xaxis), renderer), kind
            assert not overlaps(shown(ax.yaxis), renderer), kind
            # every label inside the picture
            picture = fig.bbox
            for label in shown(ax.xaxis) + shown(ax.yaxis):
                box = label.get_window_extent(renderer)
                assert box.x0 >= picture.x0 - 1 and box.x1 <= picture.x1 + 1, label.get_text()
                assert box.y0 >= picture.y0 - 1 and box.y1 <= picture.y1 + 1, label.get_text()


def test_the_picture_size_follows_the_data(crowded):
    ctx, specs = crowded
    grid = draw(specs["quotas"], ctx.fmt, 6.5)
    with Image.open(io.BytesIO(grid.png)) as image:
        width, height = image.size
    assert width == round(6.5 * DPI)
    assert height > 6 * DPI  # 40 rows of reps
    small = draw(specs["territories"], ctx.fmt, 6.5)
    with Image.open(io.BytesIO(small.png)) as image:
        assert image.mode == "P"  # a 256-colour palette: opaque, small


def test_crowded_month_axes_fall_back_to_initials():
    labels = tuple(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] * 2)
    shown, size, rotation = fit_labels(labels, 3.0 / 24, narrow=tuple(label[0] for label in labels))
    assert shown[:3] == ["J", "F", "M"] and rotation == 0
    shown, size, rotation = fit_labels(labels[:12], 6.0 / 12)
    assert shown == list(labels[:12]) and rotation == 0 and size == 8


def test_long_names_keep_both_ends():
    assert shorten_middle("Maximiliana Konstantinopoulou-Villanueva 17", 26) == "Maximiliana…Villanueva 17"
    assert shorten_middle("Li Wei", 26) == "Li Wei"
    assert text_inches("Jan", 8) < text_inches("May", 8)


def test_emoji_the_font_lacks_are_dropped_from_chart_labels():
    assert drawable("Zoë 🚀 Team") == "Zoë Team"
    assert drawable("Île-de-France") == "Île-de-France"


def test_the_example_plan_has_all_seven_charts(northwind_plan):
    _, specs = specs_of(northwind_plan)
    assert set(specs) == {"seasonality", "targets", "quotas", "territories", "budget", "funnel", "journey"}
    assert specs["quotas"].categories == ("Jan", "Feb", "Mar")
    assert [s.values for s in specs["quotas"].series][1] == (3000.0, 4500.0, 6000.0)
    assert specs["quotas"].line.values == (8000.0, 8000.0, 14000.0)
    assert specs["targets"].line.values == (8000.0, 16000.0, 30000.0)
    # the period from its whole target: 30,000 / 3,000 = 10 won, then 20, 50, 200
    assert specs["funnel"].series[0].values == (200.0, 50.0, 20.0, 10.0)


def test_french_axis_labels(atelier_plan):
    ctx, specs = specs_of(atelier_plan)
    assert specs["targets"].categories[:2] == ("janv.", "févr.")
    with matplotlib.rc_context(STYLE):
        fig = DRAWERS["targets"](specs["targets"], ctx.fmt, 6.5)
        fig.canvas.draw()
        ticks = [label.get_text() for label in fig.axes[0].get_yticklabels()]
    assert "100\u202f000\xa0€" in ticks


def test_the_same_figure_is_written_the_same_way_in_tables_and_charts(northwind_plan):
    _, specs = specs_of(northwind_plan)
    # the summary's chart: 8,000 / 30,000 = 26.67 % -> 27 %, 14,000 / 30,000 = 46.67 % -> 47 %
    assert specs["seasonality"].notes == ("27%", "27%", "47%")
    # whole percent, one decimal under 10 %: 18,000 / 24,800 = 72.58 % -> 73 %, 1,200 / 24,800 = 4.84 % -> 4.8 %
    assert specs["budget"].notes[:2] == ("€18,000 · 73%", "€2,700 · 11%")
    assert "€1,200 · 4.8%" in specs["budget"].notes


def draw_spec(spec, fmt):
    with matplotlib.rc_context(STYLE):
        fig = DRAWERS[spec.kind](spec, fmt, 6.5)
        fig.canvas.draw()
    return fig


def test_monthly_targets_and_the_cumulative_share_one_axis(northwind_plan, atelier_plan):
    ctx, specs = specs_of(northwind_plan)
    fig = draw_spec(specs["targets"], ctx.fmt)
    # one value axis: the 8,000 bar of January and the 8,000 point of the cumulative stand at the same height
    assert len(fig.axes) == 1
    ax = fig.axes[0]
    assert [bar.get_height() for bar in ax.patches] == [8000.0, 8000.0, 14000.0]
    assert list(ax.lines[0].get_ydata()) == [8000.0, 16000.0, 30000.0]
    # a year: the cumulative (1,800,000) is 9.7 times the largest month (185,000), so it gets a
    # panel of its own under the months, on the same month axis
    ctx, specs = specs_of(atelier_plan)
    fig = draw_spec(specs["targets"], ctx.fmt)
    assert len(fig.axes) == 2 and fig.axes[0].get_shared_x_axes().joined(fig.axes[0], fig.axes[1])


def test_the_quota_chart_marks_the_target_exactly(northwind_plan):
    ctx, specs = specs_of(northwind_plan)
    fig = draw_spec(specs["quotas"], ctx.fmt)
    marks = next(c for c in fig.axes[0].collections if c.get_label() == "Team target")
    segments = marks.get_segments()
    assert [segment[0][1] for segment in segments] == [8000.0, 8000.0, 14000.0]
    assert all(segment[0][1] == segment[1][1] for segment in segments)
    assert not marks.get_path_effects()  # no halo that makes the mark look off its value


def test_funnel_conversions_stand_next_to_their_bars(northwind_plan):
    ctx, specs = specs_of(northwind_plan)
    fig = draw_spec(specs["funnel"], ctx.fmt)
    ax = fig.axes[0]
    notes = {t.get_text(): t for t in ax.texts if "reach the next stage" in t.get_text()}
    rows = {"25% reach the next stage": 0, "40% reach the next stage": 1, "50% reach the next stage": 2}
    assert sorted(notes) == sorted(rows)
    renderer = fig.canvas.get_renderer()
    for text, note in notes.items():
        bar = ax.patches[rows[text]]
        assert note.xy[1] == rows[text]  # on its bar's row, not between two bars
        assert note.xy[0] > bar.get_x() + bar.get_width()  # right of the bar
        assert note.get_window_extent(renderer).x1 <= fig.bbox.x1  # inside the picture


def test_the_sentiment_chart_explains_its_shading(northwind_plan):
    ctx, specs = specs_of(northwind_plan)
    fig = draw_spec(specs["journey"], ctx.fmt)
    legend = [t.get_text() for found in fig.legends for t in found.get_texts()]
    assert legend == ["Positive feeling", "Negative feeling"]


def test_no_chart_for_a_single_budget_category():
    data = northwind_data()
    data.pop("tracking")
    data["budget"] = [{"category": "compensation", "item": "Commissions", "amount": 18000},
                      {"category": "compensation", "item": "Bonus", "amount": 2000}]
    _, specs = specs_of(plan_from(data))
    assert "budget" not in specs
