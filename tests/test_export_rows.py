"""The shared row model of the dokumenthanteringsplan (export/rows.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from tests.conftest import MINIMAL
from tests.export_data import DETAILED

from vgrklass.export.rows import (
    COLUMNS,
    build_plan,
    cell_text,
    group_rows,
    neutralise_formula,
)
from vgrklass.load import load_structure

TODAY = dt.date(2024, 5, 1)


def plan_of(write_yaml, text, on=TODAY):
    return build_plan(load_structure(write_yaml(text)), on, TODAY)


def test_one_row_per_example_in_structure_order(write_yaml):
    plan = plan_of(write_yaml, MINIMAL)
    assert [(r.p_code, r.document_type) for r in plan.rows] == [
        ("1.1", "protokoll"),
        ("1.1", "kallelse till sammanträde"),
        ("2.1.1", "leverantörsfaktura"),
        ("2.1.1", "följesedel"),
        ("2.2", ""),  # a process without examples keeps one row
    ]


def test_row_carries_area_group_and_process_with_titles(write_yaml):
    row = next(r for r in plan_of(write_yaml, MINIMAL).rows if r.p_code == "2.1.1")
    assert (row.vo_code, row.vo_title) == ("2", "GE VERKSAMHETSSTÖD")
    assert (row.pg_code, row.pg_title) == ("2.1", "Administrera ekonomi")
    assert row.p_title == "Hantera kostnader från leverantör"


def test_process_directly_under_area_has_empty_group(write_yaml):
    row = next(r for r in plan_of(write_yaml, MINIMAL).rows if r.p_code == "1.1")
    assert row.pg_code == "" and row.pg_title == ""
    assert row.description.startswith("Här ligger")
    assert row.handling.startswith("Handlingar och ärenden")


def test_removed_process_left_out_unless_whole_history(write_yaml):
    in_force = {r.p_code for r in plan_of(write_yaml, MINIMAL).rows}
    everything = {r.p_code for r in plan_of(write_yaml, MINIMAL, on=None).rows}
    assert "2.1.2" not in in_force
    assert "2.1.2" in everything
    before = {r.p_code for r in plan_of(write_yaml, MINIMAL, on=dt.date(2018, 1, 1)).rows}
    assert "2.1.2" in before and "2.2" not in before


def test_process_of_removed_group_is_left_out(write_yaml):
    # validate forbids this in a file; the plan must still rely on the ancestors' dates.
    s = load_structure(write_yaml(MINIMAL))
    nodes = dict(s.nodes)
    nodes["2.1"] = dataclasses.replace(nodes["2.1"], removed=dt.date(2022, 1, 1))
    cut = dataclasses.replace(s, nodes=nodes)
    codes = {r.p_code for r in build_plan(cut, dt.date(2023, 1, 1), TODAY).rows}
    assert "2.1.1" not in codes and "2.2" in codes
    old = next(r for r in build_plan(cut, None, TODAY).rows if r.p_code == "2.1.1")
    assert old.removed == dt.date(2022, 1, 1)


def test_dates_are_the_narrowest_of_the_chain(write_yaml):
    plan = plan_of(write_yaml, MINIMAL, on=None)
    gone = next(r for r in plan.rows if r.p_code == "2.1.2")
    assert gone.removed == dt.date(2021, 1, 1) and gone.added is None
    added = next(r for r in plan.rows if r.p_code == "2.2")
    assert added.added == dt.date(2019, 1, 1)


def test_example_mapping_fills_detail_columns(write_yaml):
    plan = plan_of(write_yaml, DETAILED)
    plain, detailed = [r for r in plan.rows if r.p_code == "2.1.1"]
    assert detailed.document_type == "följesedel"
    assert (detailed.bevaras_gallras, detailed.gallringsfrist) == ("gallras", "2 år")
    assert (detailed.sekretess, detailed.personuppgifter) == ("nej", "ja")
    assert (detailed.forvaring, detailed.format) == ("ekonomisystemet", "digitalt")
    assert detailed.anmarkning == "Gallras efter kontroll"
    assert plain.document_type == "leverantörsfaktura" and plain.bevaras_gallras == ""
    assert "gallringsfrist" in plan.used_details()
    assert plan_of(write_yaml, MINIMAL).used_details() == ()


def test_values_follow_column_order(write_yaml):
    row = plan_of(write_yaml, MINIMAL).rows[0]
    values = row.values()
    assert len(values) == len(COLUMNS)
    assert values[[c.key for c in COLUMNS].index("document_type")] == "protokoll"


def test_grouping_keeps_order_and_separates_direct_processes(write_yaml):
    groups = group_rows(plan_of(write_yaml, MINIMAL).rows)
    assert [vo.code for vo in groups] == ["1", "2"]
    second = groups[1]
    assert [g.code for g in second.groups] == ["2.1", ""]
    assert [p.first.p_code for p in second.groups[1].processes] == ["2.2"]
    assert len(second.groups[0].processes[0].rows) == 2


def test_formula_starts_are_neutralised_and_others_kept():
    for text in ('=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise_formula(text) == "'" + text
    for text in ("protokoll", "2.4.3", "", "a=b"):
        assert neutralise_formula(text) == text


def test_cell_text_writes_iso_dates_and_empty_for_missing():
    assert cell_text(dt.date(2021, 1, 2)) == "2021-01-02"
    assert cell_text(None) == ""
    assert cell_text("x") == "x"


def test_every_export_copes_with_characters_validate_refuses(write_yaml):
    # issue 17: U+FFFE/U+FFFF crashed the XLSX export; a structure that skipped validate
    # (the library used directly) must still export in every format
    from vgrklass.export import PLAN_FORMATS, render_plan
    from vgrklass.export.json_export import render_json
    from vgrklass.load import parse_file

    hostile = "a\\x01b\\ec\\x85d\\x9be\\u202ef\\u200bg\\ufeffh\\ufffei\\uffffj"
    text = (MINIMAL.replace("title: Testafter struktur", f'title: "{hostile}"')
            .replace("              - följesedel\n",
                     f'              - text: "{hostile}"\n'
                     f'                sekretess: "{hostile}"\n'))
    structure = parse_file(write_yaml(text)).structure
    plan = build_plan(structure, None, TODAY)
    for fmt in PLAN_FORMATS:
        content = render_plan(plan, fmt)
        assert content, fmt
        if fmt != "xlsx":
            content.decode("utf-8")
    assert "\ufffe" in json.loads(render_json(list(structure)))[4]["examples"][1]
