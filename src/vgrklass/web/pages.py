"""The pages registrars use: search, a page per node, the tree as of a date, classify a
document, and the API described for people.

Every page is rendered on the server (Jinja2, every value autoescaped), so each works
without JavaScript; static/app.js only adds results as you type and arrow keys between
them. A date chosen by the user (`?datum=ÅÅÅÅ-MM-DD`) is carried through every link, so
one can browse the structure as it was; without one, links stay the stable URLs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from vgrklass.dates import today
from vgrklass.structure import KIND_NAMES, Node, Structure, lifetime_label
from vgrklass.web import answers, params
from vgrklass.web.live import Snapshot

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
LIVE_LIMIT = 10  # hits on the search page


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    env.globals["versions"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:10]
                               for p in STATIC.iterdir() if p.is_file()}
    env.globals["kind_names"] = KIND_NAMES
    env.filters["lifetime"] = lambda node: lifetime_label(node.added, node.removed,
                                                          node.removal_word)
    env.filters["paragraphs"] = lambda text: [p.strip() for p in text.split("\n\n")
                                              if p.strip()]
    env.filters["code"] = _inline_code
    return env


def _inline_code(text: str) -> Markup:
    """`x` as <code>x</code> (the OpenAPI texts' markdown), everything else escaped."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the snapshot it answers from and the chosen date."""

    request: Request
    snapshot: Snapshot
    datum: dt.date | None  # chosen by the user; None: today, and links carry no date

    @property
    def on(self) -> dt.date:
        return self.datum or today()

    @property
    def structure(self) -> Structure:
        return self.snapshot.structure

    @property
    def base(self) -> str:
        return self.request.scope.get("root_path", "")

    @property
    def path(self) -> str:
        """The page's path within the app (without a proxy's prefix)."""
        return params.app_path(self.request.scope)

    def today_link(self) -> str:
        """This page, without the chosen date."""
        query = [(k, v) for k, v in self.request.query_params.multi_items() if k != "datum"]
        return self.base + quote(self.path) + ("?" + urlencode(query) if query else "")

    def link(self, path: str, **query: object) -> str:
        """A link within the app that keeps the chosen date."""
        values = {k: v for k, v in query.items() if v not in (None, "", False)}
        if self.datum and "datum" not in query:
            values["datum"] = self.datum.isoformat()
        return self.base + quote(path) + ("?" + urlencode(values) if values else "")

    def node_link(self, node: Node | str) -> str:
        return self.link(f"/nod/{node if isinstance(node, str) else node.code}")

    def in_force(self, node: Node) -> bool:
        return self.structure.effective_in_force(node, self.on)


def _context(request: Request, datum: str | None = None) -> PageContext:
    snapshot = request.app.state.live.current
    if datum is None:
        datum = request.query_params.get("datum")
    return PageContext(request, snapshot, params.date(datum))


def render(ctx: PageContext, template: str, status_code: int = 200, **values: object) -> Response:
    env: jinja2.Environment = ctx.request.app.state.templates
    html = env.get_template(template).render(
        page=ctx, meta=ctx.structure.meta, failure=ctx.request.app.state.live.failure,
        **values)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    ctx = PageContext(request, request.app.state.live.current, None)
    return render(ctx, "error.html", status, status=status, message=message)


# --- search ------------------------------------------------------------------------------

class HitRow(NamedTuple):
    hit: dict  # exactly as /api/find and `find --format json` give it
    trail: tuple[Node, ...]  # the process's VO and PG
    matched: tuple[str, str] | None  # (field name, text) of the first evidence


def _hit_rows(ctx: PageContext, hits: list[dict]) -> list[HitRow]:
    from vgrklass.search.index import FIELD_NAMES

    rows = []
    for hit in hits:
        node = ctx.structure.nodes.get(hit["code"])
        trail = tuple(ctx.structure.ancestors(node)) if node else ()
        matched = next(((FIELD_NAMES.get(m["field"], m["field"]), m["text"])
                        for m in hit["matched"] if m["field"] != "away"), None)
        rows.append(HitRow(hit, trail, matched))
    return rows


def _search(ctx: PageContext) -> tuple[dict, int]:
    """The results part of the search page, and its status."""
    raw = ctx.request.query_params.get("q", "")
    values: dict = {"q": " ".join(raw.split()), "rows": [], "error": None, "code_node": None}
    if not values["q"]:
        return values, 200
    try:
        q = params.query(raw)
    except params.RequestError as exc:
        values["error"] = str(exc)
        return values, exc.status
    hits = answers.find(ctx.snapshot, q, ctx.on, LIVE_LIMIT)
    values["rows"] = _hit_rows(ctx, hits)
    if not hits:
        values["code_node"] = ctx.structure.get(q)
    return values, 200


def search_page(request: Request) -> Response:
    ctx = _context(request)
    values, status = _search(ctx)
    return render(ctx, "search.html", status, **values)


def search_results(request: Request) -> Response:
    """Only the results (for app.js, which puts them in the page as you type)."""
    ctx = _context(request)
    values, status = _search(ctx)
    return render(ctx, "_results.html", status, **values)


# --- one node ----------------------------------------------------------------------------

def node_page(request: Request) -> Response:
    from vgrklass.export.rows import COLUMNS
    from vgrklass.nodeview import node_view

    ctx = _context(request)
    code = request.path_params["code"]
    view = node_view(ctx.structure, code)
    if view is None:
        raise params.RequestError(f"koden {code} finns inte i strukturen", 404)
    if view.node.code != code:  # 'P 2.4.3', '2.4.3.': one stable address per node
        return RedirectResponse(ctx.node_link(view.node), status_code=308)
    nodes = ctx.structure.nodes
    details = view.node.example_details()
    columns = [c for c in COLUMNS if c.detail
               and any(info and getattr(info, c.key) for _, info in details)]
    # Where a removed node's documents go now: what its own text refers to, and its
    # nearest group still in force (the structure names no successors of its own).
    successors: list[Node] = []
    if view.node.removed:
        for ref in view.refs_out:
            target = nodes.get(ref.target)
            if target and ctx.in_force(target) and target not in successors:
                successors.append(target)
    parent = next((a for a in reversed(view.ancestors) if ctx.in_force(a)), None)
    return render(ctx, "node.html", view=view, node=view.node, details=details,
                  columns=columns, successors=successors, parent_in_force=parent,
                  refs_out=[(ref, nodes.get(ref.target)) for ref in view.refs_out],
                  refs_in=[(ref, nodes.get(ref.source)) for ref in view.refs_in])


# --- the tree ----------------------------------------------------------------------------

class TreeItem(NamedTuple):
    node: Node
    children: list[TreeItem]


def nest(entries: tuple) -> list[TreeItem]:
    """Depth-first (node, depth) entries as nested items."""
    roots: list[TreeItem] = []
    stack: list[tuple[int, TreeItem]] = []
    for node, depth in entries:
        item = TreeItem(node, [])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(item)
        stack.append((depth, item))
    return roots


def tree_page(request: Request) -> Response:
    from vgrklass.nodeview import tree_view

    ctx = _context(request)
    include_removed = params.flag(request.query_params.get("alla"))
    view = tree_view(ctx.structure, ctx.on, include_removed)
    counts = {kind: sum(1 for n, _ in view.entries if n.kind == kind) for kind in KIND_NAMES}
    return render(ctx, "tree.html", items=nest(view.entries), counts=counts,
                  include_removed=include_removed)


# --- classify a document -----------------------------------------------------------------

async def classify_page(request: Request) -> Response:
    from vgrklass.extract import ExtractError

    if request.method == "GET":
        return render(_context(request), "classify.html", outcome=None, error=None)
    upload = await params.upload(request, request.app.state.max_upload)
    ctx = _context(request, upload.fields.get("datum"))
    try:
        outcome = await run_in_threadpool(answers.classify_upload, ctx.snapshot,
                                          upload.filename, upload.data, ctx.on, 3)
    except ExtractError as exc:
        return render(ctx, "classify.html", 422, outcome=None, error=str(exc))
    from vgrklass.classify import FIELD_NAMES

    return render(ctx, "classify.html", outcome=outcome, error=None, field_names=FIELD_NAMES,
                  filename=upload.filename)


# --- the API, for people -----------------------------------------------------------------

def api_page(request: Request) -> Response:
    from vgrklass.web.openapi import openapi

    ctx = _context(request)
    return render(ctx, "api.html", spec=openapi(ctx.base))


routes = [
    Route("/", search_page, methods=["GET"]),
    Route("/sokresultat", search_results, methods=["GET"]),
    Route("/nod/{code}", node_page, methods=["GET"]),
    Route("/struktur", tree_page, methods=["GET"]),
    Route("/klassificera", classify_page, methods=["GET", "POST"]),
    Route("/api", api_page, methods=["GET"]),
]
