"""The HTML export in a real headless browser (skipped when chromium is not installed):
the page renders, injected markup stays text, and the filter from the address works."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from tests.conftest import MINIMAL
from tests.export_data import dangerous_yaml

from vgrklass.export.html_export import render_html
from vgrklass.export.rows import build_plan
from vgrklass.load import load_structure

_CHECK = Path(__file__).resolve().parents[1] / "benchmarks" / "html_browser_check.py"
_spec = importlib.util.spec_from_file_location("html_browser_check", _CHECK)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

pytestmark = pytest.mark.skipif(check.browser() is None, reason="chromium är inte installerat")

DAY = dt.date(2024, 5, 1)


def page(write_yaml, tmp_path, text) -> Path:
    plan = build_plan(load_structure(write_yaml(text)), DAY, DAY)
    path = tmp_path / "plan.html"
    path.write_text(render_html(plan), encoding="utf-8")
    return path


def test_filter_from_address_narrows_rows(write_yaml, tmp_path):
    path = page(write_yaml, tmp_path, MINIMAL)
    dom = check.chromium(check.page_url(path, "leverantörsfakturor"), "--dump-dom")
    assert check.visible_rows(dom) == (1, 5)
    assert 'data-shown="1"' in dom
    # the emptied process and area are hidden, the matching one is not
    assert '<article class="p" id="p-1.1" hidden' in dom
    assert '<article class="p" id="p-2.1.1">' in dom


def test_words_are_combined_and_codes_match(write_yaml, tmp_path):
    path = page(write_yaml, tmp_path, MINIMAL)
    dom = check.chromium(check.page_url(path, "2.1.1 följesedel"), "--dump-dom")
    assert check.visible_rows(dom) == (1, 5)
    dom = check.chromium(check.page_url(path, "2.1.1"), "--dump-dom")
    assert check.visible_rows(dom) == (2, 5)


def test_without_filter_every_row_shows(write_yaml, tmp_path):
    path = page(write_yaml, tmp_path, MINIMAL)
    dom = check.chromium(check.page_url(path, ""), "--dump-dom")
    assert check.visible_rows(dom) == (5, 5)
    assert "<h1>Dokumenthanteringsplan</h1>" in dom


def test_injected_markup_stays_text_in_the_browser(write_yaml, tmp_path):
    path = page(write_yaml, tmp_path, dangerous_yaml())
    dom = check.chromium(check.page_url(path, "alert"), "--dump-dom")
    assert dom.count("<script") == 1  # the page's own script only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert check.visible_rows(dom)[0] == 1
