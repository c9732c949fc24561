"""Same plan, same options: the same bytes, whatever the clock, the process or the hash seed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from io import BytesIO
from zipfile import ZipFile

from docx_support import read
from render_plans import NORTHWIND, REPO

from salesplan.render import render_docx


def test_rendering_twice_gives_identical_bytes(northwind_plan, northwind_bytes):
    assert render_docx(northwind_plan, environ={}) == northwind_bytes


def test_zip_entries_have_the_plan_date_and_a_stable_order(northwind_bytes):
    with ZipFile(BytesIO(northwind_bytes)) as package:
        infos = package.infolist()
    names = [i.filename for i in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert names[2:] == sorted(names[2:])
    assert {i.date_time for i in infos} == {(2027, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {8}


def test_source_date_epoch_sets_every_date(northwind_plan):
    data = render_docx(northwind_plan, environ={"SOURCE_DATE_EPOCH": "1700000000"})
    props = read(data).core_properties
    assert props.created == props.modified == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    with ZipFile(BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert render_docx(northwind_plan, environ={"SOURCE_DATE_EPOCH": "1700000000"}) == data


def test_the_plan_date_wins_over_its_start(northwind_plan):
    dated = northwind_plan.model_copy(deep=True)
    dated.plan.date = dt.date(2026, 12, 15)
    props = read(render_docx(dated, environ={})).core_properties
    assert props.created == dt.datetime(2026, 12, 15, tzinfo=dt.timezone.utc)


def test_two_processes_with_different_hash_seeds_agree(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"plan-{seed}.docx"
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "-m", "salesplan", "render", str(NORTHWIND), "-o", str(out)],
                       check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
