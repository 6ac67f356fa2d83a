"""vgrklass serve's pages, in-process: the search works without JavaScript, a node page
has breadcrumbs, examples, children and links both ways, the date carries through links,
and every value is escaped under a Content-Security-Policy without inline script."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.export_data import dangerous_yaml
from tests.serve_data import DAY, WEB

from vgrklass.web import answers
from vgrklass.web.app import create_app

PAGES = ["/", f"/?q=leverantörsfaktura&datum={DAY}", "/?q=ingenting", "/nod/2.1.1",
         "/nod/2.1.2", "/nod/1", "/struktur", "/struktur?alla=1", "/klassificera", "/api",
         "/nod/9.9", "/finns-inte"]


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(WEB)


@pytest.fixture
def client(data):
    with TestClient(create_app(data, poll=None)) as c:
        yield c


class Links(HTMLParser):
    """Every href, and the text of each link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def links(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


# --- search --------------------------------------------------------------------------------

def test_search_works_without_javascript(client):
    html = client.get("/", params={"q": "leverantörsfakturor", "datum": DAY}).text
    assert "1 träff för ”leverantörsfakturor”" in html
    assert (f"/nod/2.1.1?datum={DAY}", "P 2.1.1 Hantera kostnader från leverantör") in links(html)
    assert "Exempel: ”leverantörsfaktura”" in html
    assert "VO 2 GE VERKSAMHETSSTÖD › PG 2.1 Administrera ekonomi" in html
    assert 'value="leverantörsfakturor"' in html


def test_results_as_you_type_come_as_a_fragment_with_a_status(client):
    html = client.get("/sokresultat", params={"q": "följesedel", "datum": DAY}).text
    assert "<html" not in html and "<section" in html
    assert 'data-status="1 träff för ”följesedel”"' in html


def test_no_hit_says_so_and_offers_a_code(client):
    html = client.get("/", params={"q": "2.1.1"}).text
    assert "Ingen träff för ”2.1.1”" in html
    assert ("/nod/2.1.1", "P 2.1.1 Hantera kostnader från leverantör") in links(html)


def test_confident_flag_is_shown_when_find_gives_it(client, monkeypatch):
    def fake(snapshot, query, on, limit, include_removed=False):
        hit = {"code": "2.1.1", "kind": "P", "title": "Hantera kostnader från leverantör",
               "in_force": True, "removed": None, "removed_as": None,
               "matched": [{"field": "sokord", "text": "faktura"}]}
        return [{**hit, "confident": True}, {**hit, "code": "1.1", "confident": False}]

    monkeypatch.setattr(answers, "find", fake)
    html = client.get("/", params={"q": "faktura"}).text
    assert html.count("Säker träff") == 1
    assert html.count("Osäkert förslag") == 1
    assert "Sökord: ”faktura”" in html


def test_a_real_search_marks_its_hits_confident_or_not(client):
    html = client.get("/", params={"q": "följesedel"}).text
    assert html.count("Säker träff") == 1
    uncertain = client.get("/", params={"q": "fasadritning"}).text
    assert "Säker träff" not in uncertain


def test_search_page_reports_a_query_too_long(client):
    response = client.get("/", params={"q": "faktura " * 200})
    assert response.status_code == 400
    assert "högst 500" in response.text


# --- a node --------------------------------------------------------------------------------

def test_node_page_has_breadcrumbs_examples_and_fields(client):
    html = client.get("/nod/2.1.1").text
    crumbs = links(html[html.index('aria-label="Brödsmulor"'):html.index("</nav>",
                                                                          html.index("Brödsmulor"))])
    assert [href for href, _ in crumbs] == ["/struktur", "/nod/2", "/nod/2.1", "/nod/2.1.1"]
    assert 'aria-current="page">P 2.1.1</a>' in html
    examples = section(html, "exempel")
    for value in ("Bevaras/gallras", "Gallringsfrist", "följesedel", "2 år", "ekonomisystemet"):
        assert value in examples


def test_node_page_links_references_in_both_directions(client):
    refs = section(client.get("/nod/2.1.1").text, "hanvisningar")
    out, into = refs.split("Hänvisas hit från")
    assert ("/nod/1.1", "P 1.1 Utföra politiskt ledningsarbete") in links(out)
    assert {href for href, _ in links(into)} == {"/nod/1.1", "/nod/2.1.2"}
    assert "Fakturor hanteras i P 2.1.1" in into


def test_node_page_lists_children_as_links(client):
    children = section(client.get("/nod/2.1").text, "underordnade")
    assert [href for href, _ in links(children)] == ["/nod/2.1.1", "/nod/2.1.2"]
    assert "Upphörd 2021-01-01" in children


def test_removed_node_says_so_and_links_where_to_go(client):
    html = client.get("/nod/2.1.2").text
    notice = html[html.index("notice-removed"):html.index("</div>", html.index("notice-removed"))]
    assert "Upphörd 2021-01-01." in notice and "gäller inte längre" in notice
    hrefs = [href for href, _ in links(notice)]
    assert "/nod/2.1.1" in hrefs  # its text sends its documents there
    assert "/nod/2.1" in hrefs  # the group still in force


def test_code_as_typed_redirects_to_the_one_address(client):
    response = client.get("/nod/P 2.1.1", params={"datum": DAY}, follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == f"/nod/2.1.1?datum={DAY}"


def test_unknown_node_is_a_404_page_in_swedish(client):
    response = client.get("/nod/9.9")
    assert response.status_code == 404
    assert "Koden 9.9 finns inte i strukturen." in response.text
    assert '<html lang="sv">' in response.text


def test_impossible_date_is_a_400_page(client):
    response = client.get("/nod/2.1.1", params={"datum": "2021-02-30"})
    assert response.status_code == 400
    assert "ogiltigt datum" in response.text.casefold()


# --- the date, carried through links -------------------------------------------------------

def test_chosen_date_is_carried_through_every_internal_link(client):
    html = client.get("/nod/2.1", params={"datum": "2020-06-01"}).text
    internal = [href for href, _ in links(html) if href.startswith("/") and
                not href.startswith(("/api", "/static"))]
    today_link = "/nod/2.1"  # the banner's way back to today
    assert internal and all(h.endswith("datum=2020-06-01") for h in internal if h != today_link)
    assert (today_link, "Visa som den gäller i dag") in links(html)


def test_without_a_date_links_are_the_stable_addresses(client):
    hrefs = [href for href, _ in links(client.get("/nod/2.1").text)]
    assert "/nod/2.1.1" in hrefs
    assert not any("datum=" in h for h in hrefs)


def test_tree_as_of_a_date(client):
    before = client.get("/struktur", params={"datum": "2020-06-01"}).text
    now = client.get("/struktur", params={"datum": DAY}).text
    everything = client.get("/struktur", params={"datum": DAY, "alla": "1"}).text
    def titles(html):
        return {text for _, text in links(html)}

    assert "P 2.1.2 Köpa in gammalt" in titles(before)
    assert "P 2.1.2 Köpa in gammalt" not in titles(now)
    assert "P 2.1.2 Köpa in gammalt" in titles(everything)
    assert "(Upphörd 2021-01-01)" in everything
    assert "2 verksamhetsområden, 1 processgrupper och 3 processer" in now


# --- classify a document -------------------------------------------------------------------

def test_classify_page_suggests_a_process_for_an_upload(client):
    response = client.post("/klassificera", files={
        "fil": ("faktura.txt", "Leverantörsfaktura\n\nFöljesedel bifogad.\n".encode()),
        "datum": (None, DAY)})
    assert response.status_code == 200
    assert ("/nod/2.1.1?datum=" + DAY, "P 2.1.1 Hantera kostnader från leverantör") \
        in links(response.text)
    assert "Förslag för faktura.txt" in response.text


def test_classify_page_reports_an_unreadable_document(client):
    response = client.post("/klassificera", files={"fil": ("tom.txt", b" ")})
    assert response.status_code == 422
    assert "tom.txt: dokumentet är tomt" in response.text


# --- escaping, CSP, assets, accessibility basics -------------------------------------------

def test_every_value_is_escaped(write_yaml):
    with TestClient(create_app(write_yaml(dangerous_yaml()), poll=None)) as c:
        node = c.get("/nod/2.1.1").text
        area = c.get("/nod/2").text
        search = c.get("/", params={"q": "<script>alert(2)</script>"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in node
    assert "Hantera &lt;b&gt;bemanning&lt;/b&gt; &amp; &#34;annat&#34;" in area
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in search
    for html in (node, area, search):
        assert html.count("<script") == 1  # the app's own, external script


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client, path):
    html = client.get(path).text
    assert re.findall(r"<script\b[^>]*>", html) == [
        re.search(r'<script src="/static/app\.js\?v=\w+" defer>', html).group(0)]
    assert "<style" not in html
    assert not re.search(r"\s(style|on[a-z]+)=", html)


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_swedish_and_every_input_is_labelled(client, path):
    html = client.get(path).text
    assert '<html lang="sv">' in html
    assert 'href="#innehall"' in html and 'id="innehall"' in html
    inputs = re.findall(r'<input id="([^"]+)"', html)
    assert len(inputs) == html.count("<input")
    for name in inputs:
        assert f'<label for="{name}">' in html
    assert html.count("<h1") == 1


def test_assets_are_served_by_the_app_with_a_version(client):
    html = client.get("/").text
    for name, kind in (("app.css", "text/css"), ("app.js", "javascript")):
        url = re.search(rf'"(/static/{name}\?v=\w+)"', html).group(1)
        response = client.get(url)
        assert response.status_code == 200
        assert kind in response.headers["content-type"]
        assert "max-age" in response.headers["cache-control"]
    assert "http" not in re.sub(r'href="http[^"]*api[^"]*"', "", client.get("/").text
                                ).split("<body>")[0]  # nothing from another host


def test_print_stylesheet_hides_navigation_and_forms(client):
    css = client.get("/static/app.css").text
    printing = css[css.index("@media print"):]
    assert "header.site nav" in printing and "form" in printing
