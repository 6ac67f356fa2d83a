"""vgrklass show and vgrklass tree: look at one node, or at the whole hierarchy."""

from __future__ import annotations

from typing import Annotated

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    FormatOption,
    TextOrJson,
    console,
    die,
    load,
    parse_date_option,
    print_hanging,
    print_json,
)
from vgrklass.structure import Node, Structure, lifetime_label, node_dict

KIND_NAMES = {"VO": "Verksamhetsområde", "PG": "Processgrupp", "P": "Process"}


def _dates(node: Node) -> str:
    return lifetime_label(node.added, node.removed, node.removal_word)


@app.command()
def show(
    code: Annotated[str, typer.Argument(help="Nodens kod, t.ex. 2.4.3 eller 'P 2.4.3'.")],
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Visa en process (eller PG/VO) med alla fält, föräldrar, barn och hänvisningar."""
    if not code.strip():
        die("koden är tom; skriv t.ex. vgrklass show 2.4.3")
    structure: Structure = load(data)
    node = structure.get(code)
    if node is None:
        die(f"koden {code} finns inte i {structure.source}", 1)
    from vgrklass.refs import incoming, outgoing

    ancestors = structure.ancestors(node)
    children = structure.children(node)
    refs_out, refs_in = outgoing(structure, node.code), incoming(structure, node.code)
    if output_format is TextOrJson.json:
        result = node_dict(node)
        result["ancestors"] = [_brief(a) for a in ancestors]
        result["children"] = [_brief(c) for c in children]
        result["refs_out"] = [r.as_dict() for r in refs_out]
        result["refs_in"] = [r.as_dict() for r in refs_in]
        print_json(result)
        return
    _render_node(node, ancestors, children)
    _render_refs(structure, refs_out, refs_in)


def _render_refs(structure: Structure, refs_out: list, refs_in: list) -> None:
    """Where this node sends documents, and which nodes send documents here."""
    from rich.markup import escape

    out = console()
    for heading, refs, other in (("Hänvisar till", refs_out, "target"),
                                 ("Hänvisas från", refs_in, "source")):
        if not refs:
            continue
        out.print(f"\n[bold]{heading}[/]")
        for ref in refs:
            code = getattr(ref, other)
            linked = structure.nodes.get(code)
            name = (f"{linked.kind} {code} {escape(linked.title)}" if linked
                    else f"{code} [red](finns inte)[/]")
            mark = f"  ({_dates(linked)})" if linked and linked.removed else ""
            print_hanging("  ", f"{name}{mark}")
            print_hanging("    ", f"[dim]”{escape(ref.text)}”[/]")


def _brief(node: Node) -> dict:
    return {"code": node.code, "kind": node.kind, "title": node.title}


def _render_node(node: Node, ancestors: list[Node], children: list[Node]) -> None:
    from rich.markup import escape

    out = console()
    for level, a in enumerate(ancestors):
        out.print(f"{'  ' * level}{a.kind} {a.code} {escape(a.title)}", style="dim")
    out.print(f"[bold]{node.kind} {node.code} {escape(node.title)}[/]  "
              f"({KIND_NAMES[node.kind]})")
    if node.removed:
        out.print(f"[red]{node.removal_word} {node.removed}[/] – gäller inte längre.")
    if node.added:
        out.print(f"Tillagd {node.added}")
    sections = [
        ("Beskrivning", node.description),
        ("Övriga kommentarer", node.comments),
        ("Principer för hantering", node.handling),
    ]
    if node.description:
        out.print(f"\n[bold]{sections[0][0]}[/]\n{escape(node.description)}")
    if node.examples:
        out.print("\n[bold]Exempel på handlingar[/]")
        for example in node.examples:
            print_hanging("  • ", escape(example))
    if node.sokord:
        out.print("\n[bold]Sökord[/]")
        for word in node.sokord:
            print_hanging("  • ", escape(word))
    for heading, text in sections[1:]:
        if text:
            out.print(f"\n[bold]{heading}[/]\n{escape(text)}")
    if children:
        out.print("\n[bold]Underordnade[/]")
        for child in children:
            mark = f"  ({_dates(child)})" if child.removed else ""
            print_hanging(f"  {child.kind} {child.code} ", f"{escape(child.title)}{mark}")


@app.command()
def tree(
    date: DateOption = None,
    all_: AllOption = False,
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Visa hierarkin VO → PG → P som gäller ett datum (standard: i dag)."""
    structure: Structure = load(data)
    on = parse_date_option(date)
    nodes = list(structure) if all_ else structure.in_force(on)
    if output_format is TextOrJson.json:
        print_json([{**_brief(n), "parent": n.parent, "added": n.added, "removed": n.removed}
                    for n in nodes])
        return
    from rich.markup import escape

    out = console()
    heading = "hela historiken" if all_ else f"gäller {on}"
    out.print(f"[bold]{escape(structure.meta.title)}[/] ({heading})")
    for node in nodes:
        depth = len(structure.ancestors(node))
        note = f"  [dim]({_dates(node)})[/]" if (all_ and (node.added or node.removed)) else ""
        print_hanging(f"{'  ' * depth}{node.kind} {node.code} ", f"{escape(node.title)}{note}")
