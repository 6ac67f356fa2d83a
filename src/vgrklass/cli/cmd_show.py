"""vgrklass show and vgrklass tree: look at one node, or at the whole hierarchy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    FormatOption,
    TextOrJson,
    console,
    die,
    load_data,
    not_found,
    parse_date_option,
    print_hanging,
    print_json,
)

if TYPE_CHECKING:
    from vgrklass.structure import Node, Structure


def _dates(node: Node) -> str:
    from vgrklass.structure import lifetime_label  # here: every command imports this module

    return lifetime_label(node.added, node.removed, node.removal_word)


@app.command()
def show(
    code: Annotated[str, typer.Argument(metavar="KOD", show_default=False,
                                        help="Nodens kod, t.ex. 2.4.3 eller 'P 2.4.3'.")],
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Visa en process (eller PG/VO) med alla fält, föräldrar, barn och hänvisningar."""
    if not code.strip():
        die("koden är tom; skriv t.ex. vgrklass show 2.4.3")
    from vgrklass.nodeview import node_view

    loaded = load_data(data)
    view = node_view(loaded.structure, code)
    if view is None:
        die(not_found(code, loaded.name), 1)
    if output_format is TextOrJson.json:
        print_json(view.as_dict())
        return
    _render_node(view.node, view.ancestors, view.children)
    _render_refs(loaded.structure, view.refs_out, view.refs_in)


def _render_refs(structure: Structure, refs_out: tuple, refs_in: tuple) -> None:
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


def _render_node(node: Node, ancestors: tuple[Node, ...], children: tuple[Node, ...]) -> None:
    from rich.markup import escape

    out = console()
    for level, a in enumerate(ancestors):
        out.print(f"{'  ' * level}{a.kind} {a.code} {escape(a.title)}", style="dim")
    out.print(f"[bold]{node.kind} {node.code} {escape(node.title)}[/]  "
              f"({_kind_name(node.kind)})")
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
        from vgrklass.export.rows import detail_facts

        out.print("\n[bold]Exempel på handlingar[/]")
        for example, info in node.example_details():
            print_hanging("  • ", escape(example))
            for heading, value in detail_facts(info):
                print_hanging("      ", f"[dim]{escape(heading)}:[/] {escape(value)}")
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
    code: Annotated[str | None, typer.Argument(
        metavar="KOD", show_default=False,
        help="Visa bara grenen under denna kod, t.ex. 2 eller 'PG 2.4'.")] = None,
    date: DateOption = None,
    all_: AllOption = False,
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Visa hierarkin VO → PG → P som gäller ett datum (standard: i dag), eller en gren."""
    from vgrklass.nodeview import tree_view

    if code is not None and not code.strip():
        die("koden är tom; utelämna den för hela hierarkin, eller skriv t.ex. 2.4")
    loaded = load_data(data)
    structure: Structure = loaded.structure
    on = parse_date_option(date)
    try:
        view = tree_view(structure, on, include_removed=all_, under=code)
    except KeyError:
        die(not_found(code or "", loaded.name), 1)
    if output_format is TextOrJson.json:
        print_json(view.as_list())
        return
    from rich.markup import escape

    out = console()
    heading = "hela historiken" if all_ else f"gäller {on}"
    out.print(f"[bold]{escape(structure.meta.title)}[/] ({heading}; {escape(loaded.name)})")
    if not view.entries:
        out.print(f"Ingen nod {heading}; --all visar hela historiken.", markup=False)
    for node, depth in view.entries:
        note = f"  [dim]({_dates(node)})[/]" if (all_ and (node.added or node.removed)) else ""
        print_hanging(f"{'  ' * depth}{node.kind} {node.code} ", f"{escape(node.title)}{note}")


def _kind_name(kind: str) -> str:
    from vgrklass.structure import KIND_NAMES

    return KIND_NAMES[kind]
