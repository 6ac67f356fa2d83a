"""HTML export: the plan as one self-contained page (no network: inline CSS and script).

Grouped by verksamhetsområde, processgrupp and process, each with an anchor
(`vo-2`, `pg-2.4`, `p-2.4.3`) and listed in a table of contents. A filter box narrows
the rows as you type; `#filter=ord` or `?filter=ord` in the address fills it in, so a
link can point at a filtered plan. Every value from the data is escaped.
"""

from __future__ import annotations

from html import escape

from vgrklass.export.rows import (
    COLUMNS,
    PgGroup,
    Plan,
    ProcessGroup,
    Row,
    VoGroup,
    group_rows,
)
from vgrklass.structure import lifetime_label

_HEADINGS = {c.key: c.heading for c in COLUMNS}


def anchor(kind: str, code: str) -> str:
    """The id of a node's element: 'vo-2', 'pg-2.4', 'p-2.4.3'."""
    return f"{kind.lower()}-{code}"


def render_html(plan: Plan) -> str:
    details = plan.used_details()
    groups = group_rows(plan.rows)
    meta = plan.meta
    title = f"Dokumenthanteringsplan – {meta.title}"
    facts = [
        ("Organisation", meta.organisation),
        ("Version", meta.version),
        ("Gäller från", meta.valid_from.isoformat()),
        ("Diarienummer", meta.diarienummer),
        ("Planen visar", plan.scope),
        ("Exporterad", plan.exported.isoformat()),
    ]
    parts = [
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"generator\" content=\"vgrklass\">\n",
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        "<header class=\"top\">\n<h1>Dokumenthanteringsplan</h1>\n",
        f"<p class=\"subtitle\">{_e(meta.title)}</p>\n<dl class=\"facts\">\n",
        *(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>\n" for k, v in facts),
        "</dl>\n<div class=\"filter\" role=\"search\">\n",
        "<label for=\"filter\">Filtrera</label>\n",
        "<input id=\"filter\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" "
        "placeholder=\"handlingstyp, process eller kod, t.ex. leverantörsfaktura\" "
        "title=\"Tryck / för att hoppa hit och Esc för att tömma rutan\">\n",
        f"<output id=\"count\" for=\"filter\" data-total=\"{len(plan.rows)}\">"
        f"{len(plan.rows)} rader</output>\n</div>\n</header>\n",
        "<div class=\"layout\">\n<nav id=\"toc\" aria-label=\"Innehåll\">\n<h2>Innehåll</h2>\n",
        _toc(groups),
        "</nav>\n<main id=\"plan\">\n",
        *(_vo(vo, details) for vo in groups),
        "<p id=\"empty\" hidden>Inga rader matchar filtret.</p>\n" if groups
        else "<p id=\"empty\">Planen har inga rader.</p>\n",
        "</main>\n</div>\n",
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _e(value: str) -> str:
    return escape(value, quote=True)


def _code_title(code: str, title: str) -> str:
    return f"<span class=\"code\">{_e(code)}</span> {_e(title)}"


def _toc(groups: list[VoGroup]) -> str:
    out = ["<ol class=\"toc\">\n"]
    for vo in groups:
        out.append(f"<li><a href=\"#{_e(anchor('VO', vo.code))}\">"
                   f"{_code_title(vo.code, vo.title)}</a>\n<ol>\n")
        for group in vo.groups:
            if group.code:
                out.append(f"<li><a href=\"#{_e(anchor('PG', group.code))}\">"
                           f"{_code_title(group.code, group.title)}</a>\n<ol>\n")
            for process in group.processes:
                row = process.first
                out.append(f"<li><a href=\"#{_e(anchor('P', row.p_code))}\">"
                           f"{_code_title(row.p_code, row.p_title)}</a></li>\n")
            if group.code:
                out.append("</ol></li>\n")
        out.append("</ol></li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _vo(vo: VoGroup, details: tuple[str, ...]) -> str:
    out = [f"<section class=\"vo\" id=\"{_e(anchor('VO', vo.code))}\">\n"
           f"<h2>{_code_title(vo.code, vo.title)}</h2>\n"]
    for group in vo.groups:
        out.append(_pg(group, details))
    out.append("</section>\n")
    return "".join(out)


def _pg(group: PgGroup, details: tuple[str, ...]) -> str:
    if not group.code:  # processes directly under the VO
        return "".join(_process(p, details, "h3") for p in group.processes)
    out = [f"<section class=\"pg\" id=\"{_e(anchor('PG', group.code))}\">\n"
           f"<h3>{_code_title(group.code, group.title)}</h3>\n"]
    out.extend(_process(p, details, "h4") for p in group.processes)
    out.append("</section>\n")
    return "".join(out)


def _process(process: ProcessGroup, details: tuple[str, ...], heading: str) -> str:
    first = process.first
    out = [f"<article class=\"p\" id=\"{_e(anchor('P', first.p_code))}\">\n"
           f"<{heading}>{_code_title(first.p_code, first.p_title)}{_dates(first)}"
           f"</{heading}>\n"]
    if first.description:
        out.append(f"<p class=\"desc\">{_paragraphs(first.description)}</p>\n")
    if first.sokord:
        out.append(f"<p class=\"sokord\">Sökord: {_e(first.sokord)}</p>\n")
    table = "<table class=\"details\">" if details else "<table>"
    out.append(f"<div class=\"wide\">{table}\n<thead><tr><th scope=\"col\">Handlingstyp</th>")
    out.extend(f"<th scope=\"col\">{_e(_HEADINGS[key])}</th>" for key in details)
    out.append("</tr></thead>\n<tbody>\n")
    context = " ".join((first.vo_code, first.vo_title, first.pg_code, first.pg_title,
                        first.p_code, first.p_title))
    for row in process.rows:
        values = [row.document_type, *(getattr(row, key) for key in details)]
        search = " ".join((context, *values))
        cells = "".join(f"<td>{_e(v)}</td>" for v in values[1:])
        doc = (_e(row.document_type) if row.document_type
               else "<span class=\"none\">Inga exempel på handlingar angivna</span>")
        out.append(f"<tr data-s=\"{_e(search)}\"><td>{doc}</td>{cells}</tr>\n")
    out.append("</tbody>\n</table></div>\n")
    if first.comments:
        out.append(f"<div class=\"note\"><h5>Övriga kommentarer</h5>"
                   f"{_blocks(first.comments)}</div>\n")
    if first.handling:
        out.append(f"<div class=\"note\"><h5>Principer för hantering</h5>"
                   f"{_blocks(first.handling)}</div>\n")
    out.append("</article>\n")
    return "".join(out)


def _dates(row: Row) -> str:
    label = lifetime_label(row.added, row.removed, row.removed_as).lower()
    if not label:
        return ""
    return f" <small class=\"dates\">({_e(label)})</small>"


def _paragraphs(text: str) -> str:
    return "<br>".join(_e(line) for line in text.splitlines())


def _blocks(text: str) -> str:
    """Paragraphs split on blank lines, line breaks kept."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{_paragraphs(p.strip())}</p>" for p in paragraphs)


_CSS = """
:root{--accent:#1f4e79;--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:#1f2328;background:#fff}
.top{position:sticky;top:0;z-index:2;background:#fff;border-bottom:3px solid var(--accent);
padding:.8rem 1.5rem .6rem}
h1{margin:0;font-size:1.5rem;color:var(--accent)}
.subtitle{margin:.1rem 0 .4rem;font-weight:600}
.facts{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;margin:0 0 .6rem;font-size:.85rem}
.facts div{display:flex;gap:.35rem}.facts dt{color:var(--muted)}.facts dd{margin:0}
.filter{display:flex;align-items:center;gap:.6rem}
.filter label{font-weight:600}
#filter{flex:0 1 32rem;font:inherit;padding:.35rem .6rem;border:1px solid var(--line);
border-radius:6px}
#filter:focus{outline:2px solid var(--accent);outline-offset:1px}
#count{color:var(--muted);font-size:.9rem}
.layout{display:grid;grid-template-columns:minmax(14rem,20rem) 1fr;gap:0}
#toc{position:sticky;top:9.5rem;align-self:start;max-height:calc(100vh - 10rem);
overflow:auto;padding:1rem 1rem 2rem 1.5rem;border-right:1px solid var(--line);
font-size:.85rem;background:var(--bg)}
#toc h2{font-size:1rem;margin:0 0 .5rem}
.toc,.toc ol{list-style:none;margin:0;padding:0}.toc ol{padding-left:.9rem}
.toc li{margin:.15rem 0}.toc a{color:#1f2328;text-decoration:none}
.toc a:hover{color:var(--accent);text-decoration:underline}
main{padding:0 1.5rem 4rem;min-width:0}
.code{font-variant-numeric:tabular-nums;color:var(--accent);font-weight:700}
section.vo>h2{font-size:1.3rem;margin:1.6rem 0 .4rem;padding-bottom:.2rem;
border-bottom:2px solid var(--accent)}
section.pg>h3,article.p>h3{font-size:1.12rem;margin:1.2rem 0 .3rem}
article.p{margin:.6rem 0 1.2rem;padding:.6rem .9rem;border:1px solid var(--line);
border-radius:8px;content-visibility:auto;contain-intrinsic-size:auto 320px}
article.p h4,article.p h3{margin:0 0 .3rem;font-size:1.02rem}
.dates{color:#9a3412;font-weight:400}
.desc{margin:.2rem 0 .6rem;color:#333}
.wide{overflow-x:auto}
table.details{font-size:.84rem}table.details th,table.details td{padding:.25rem .4rem}
table.details td:first-child{min-width:12rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
thead th{background:var(--bg);font-weight:600}
tbody tr:hover{background:#fff8c5}
.none{color:var(--muted);font-style:italic}
.note{margin-top:.5rem;font-size:.88rem;color:#333}
.note h5{margin:.3rem 0 .1rem;font-size:.85rem;color:var(--muted)}
.note p{margin:.1rem 0 .4rem}
:target{scroll-margin-top:10rem}
article.p:target{border-color:var(--accent);box-shadow:0 0 0 2px var(--accent)}
#empty{color:var(--muted);font-style:italic;margin-top:2rem}
[hidden]{display:none!important}
@media (max-width:800px){.layout{display:block}#toc{position:static;max-height:none;
border-right:0}.top{position:static}}
@media print{.filter,#toc{display:none}.layout{display:block}.top{position:static}
article.p{break-inside:avoid}}
"""

# Filtering: every word typed (lightly stemmed) must occur in the row's text (its process,
# group and area included), ignoring case. Sections, processes and table-of-contents
# entries left without visible rows are hidden too.
_SCRIPT = """
(function(){
"use strict";
var box=document.getElementById("filter"),count=document.getElementById("count"),
empty=document.getElementById("empty"),total=+count.dataset.total;
var rows=Array.prototype.slice.call(document.querySelectorAll("tr[data-s]"));
var texts=rows.map(function(r){return norm(r.dataset.s);});
var blocks=Array.prototype.slice.call(document.querySelectorAll("article.p,section.pg,section.vo"));
function norm(s){return s.normalize("NFC").toLocaleLowerCase("sv");}
function fmt(n){return n.toLocaleString("sv-SE");}
var links=Array.prototype.slice.call(document.querySelectorAll("#toc a")).map(function(a){
  return [a.parentNode,document.getElementById(a.getAttribute("href").slice(1))];});
// A light Swedish stem: "leverantörsfakturor" finds "leverantörsfaktura".
function stem(w){var s=w.replace(/(ornas|arnas|ernas|orna|arna|erna|or|ar|er|en|et|an|na|a|e)$/,"");
  return s.length>=4?s:w;}
function apply(){
  var words=norm(box.value).split(/[\\s,;]+/).filter(Boolean).map(stem),shown=0;
  for(var i=0;i<rows.length;i++){
    var ok=true;
    for(var j=0;j<words.length;j++){if(texts[i].indexOf(words[j])<0){ok=false;break;}}
    rows[i].hidden=!ok;if(ok){shown++;}
  }
  for(var k=blocks.length-1;k>=0;k--){
    blocks[k].hidden=words.length>0&&!blocks[k].querySelector("tr[data-s]:not([hidden])");
  }
  for(var t=0;t<links.length;t++){links[t][0].hidden=!!(links[t][1]&&links[t][1].hidden);}
  count.textContent=words.length?"Visar "+fmt(shown)+" av "+fmt(total)+" rader":fmt(total)+" rader";
  count.dataset.shown=shown;
  if(empty&&total){empty.hidden=shown>0;}
}
var timer=null;
function remember(){  // keep the filter in the address, so the link can be shared
  var value=box.value.trim();
  try{history.replaceState(null,"",value?"#filter="+encodeURIComponent(value)
    :location.pathname+location.search);}catch(e){}
}
box.addEventListener("input",function(){clearTimeout(timer);
  timer=setTimeout(function(){apply();remember();},rows.length>5000?200:0);});
box.addEventListener("keydown",function(e){
  if(e.key==="Escape"){box.value="";apply();remember();}});
document.addEventListener("keydown",function(e){
  if(e.key==="/"&&document.activeElement!==box){e.preventDefault();box.focus();}});
function fromAddress(){
  var m=/(?:^|[#&?])filter=([^&]*)/.exec(location.hash)||/[?&]filter=([^&]*)/.exec(location.search);
  if(m){try{box.value=decodeURIComponent(m[1].replace(/\\+/g," "));}catch(e){box.value=m[1];}}
}
fromAddress();apply();
window.addEventListener("hashchange",function(){fromAddress();apply();});
})();
"""
