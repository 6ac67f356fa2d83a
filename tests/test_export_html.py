"""HTML export: one self-contained, escaped page with anchors, contents and a filter."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from tests.conftest import MINIMAL
from tests.export_data import DETAILED, dangerous_yaml

from vgrklass.export.html_export import anchor, render_html
from vgrklass.export.rows import build_plan
from vgrklass.load import load_structure

DAY = dt.date(2024, 5, 1)


class Page(HTMLParser):
    """Collects what the tests look at: tags, ids, links and data rows."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.rows: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.sources.append(attrs["src"])
        if tag == "tr" and "data-s" in attrs:
            self.rows.append(attrs["data-s"])


def exported(write_yaml, text, on=DAY):
    return render_html(build_plan(load_structure(write_yaml(text)), on, DAY))


def test_anchor_ids_per_area_group_and_process(write_yaml):
    page = Page(exported(write_yaml, MINIMAL))
    for kind, code in (("VO", "1"), ("VO", "2"), ("PG", "2.1"), ("P", "1.1"), ("P", "2.1.1"),
                       ("P", "2.2")):
        assert anchor(kind, code) in page.ids
    assert "p-2.1.1" in page.ids and "pg-2.1" in page.ids and "vo-2" in page.ids
    assert "p-2.1.2" not in page.ids  # removed on the date
    assert len(page.ids) == len(set(page.ids))


def test_table_of_contents_links_every_anchor(write_yaml):
    page = Page(exported(write_yaml, MINIMAL))
    targets = {h[1:] for h in page.hrefs}
    assert {"vo-1", "vo-2", "pg-2.1", "p-1.1", "p-2.1.1", "p-2.2"} <= targets
    assert targets <= set(page.ids)


def test_self_contained_no_network(write_yaml):
    text = exported(write_yaml, MINIMAL)
    page = Page(text)
    assert page.sources == [] and "link" not in page.tags
    assert all(h.startswith("#") for h in page.hrefs)
    assert page.tags.count("script") == 1 and page.tags.count("style") == 1
    assert 'id="filter"' in text and "<html lang=\"sv\">" in text


def test_one_data_row_per_plan_row_with_search_text(write_yaml):
    page = Page(exported(write_yaml, MINIMAL))
    assert len(page.rows) == 5
    invoice = next(r for r in page.rows if "leverantörsfaktura" in r)
    assert "2.1.1" in invoice and "Administrera ekonomi" in invoice


def test_values_are_escaped(write_yaml):
    text = exported(write_yaml, dangerous_yaml())
    page = Page(text)
    assert page.tags.count("script") == 1  # only the page's own
    assert "b" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Hantera &lt;b&gt;bemanning&lt;/b&gt; &amp; &quot;annat&quot;" in text
    assert any('=HYPERLINK("http://x")' in r for r in page.rows)  # attribute round-trips


def test_detail_columns_only_when_used(write_yaml):
    assert "Gallringsfrist" not in exported(write_yaml, MINIMAL)
    text = exported(write_yaml, DETAILED)
    assert "<th scope=\"col\">Gallringsfrist</th>" in text and "<td>2 år</td>" in text


def test_process_without_examples_says_so(write_yaml):
    assert "Inga exempel på handlingar angivna" in exported(write_yaml, MINIMAL)


def test_whole_history_shows_removal_date(write_yaml):
    text = exported(write_yaml, MINIMAL, on=None)
    assert 'id="p-2.1.2"' in text and "upphörd 2021-01-01" in text
