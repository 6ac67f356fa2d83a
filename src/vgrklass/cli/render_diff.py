"""How a `Diff` is printed, by `vgrklass diff` and by `vgrklass import` (its changes):
text for people, Markdown for a pull request comment, and JSON (`Diff.as_dict`, the
contract beside the type). One renderer per format, looked up by name in `RENDERERS`,
as check-jsonschema looks up its reporters.

A changed text is shown word by word (`diff.word_diff`): on a colour terminal removed
words are red and struck through and added words green; without colour (NO_COLOR, a
file, a pipe) they are marked as `git diff --word-diff` marks them, `[-gammalt-]{+nytt+}`;
in Markdown `~~gammalt~~ **nytt**`, with the user's text escaped. A text on several
lines, or a long one, is printed indented under its field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from vgrklass.fieldnames import META_FIELDS, NODE_FIELDS

if TYPE_CHECKING:  # the comparison itself is imported only when a diff is printed
    from vgrklass.diff import Diff, FieldChange, Piece, WordDiff


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


def print_diff(result: Diff, output_format: DiffFormat) -> None:
    """A Diff as `vgrklass diff` prints it, in the format asked for."""
    RENDERERS[output_format](result)


META_HEADING = "Uppgifter om strukturen"
SHORT = 60  # old and new together up to this long, on one line: `name: old → new`
ONLY_WHITESPACE = "(bara blanksteg och radbrytningar har ändrats)"
# Marks for changed words without colour, as git diff --word-diff=plain writes them.
PLAIN_MARKS = {"old": ("[-", "-]"), "new": ("{+", "+}")}
TERMINAL_STYLES = {"old": "red strike", "new": "green"}
MARKDOWN_MARKS = {"old": ("~~", "~~"), "new": ("**", "**")}


def describe_side(label: str, on: dt.date | None) -> str:
    return f"{label} (gällande {on})" if on else label


def summary(diff: Diff) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [count(len(diff.added), "tillagd", "tillagda"),
             count(len(diff.removed), "borttagen", "borttagna"),
             count(len(diff.changed), "ändrad", "ändrade")]
    if diff.meta:
        parts.append("ändrade uppgifter om strukturen")
    return ", ".join(parts)


def field_label(change: FieldChange, meta: bool = False) -> str:
    """The Swedish name of a changed field: 'gallringsfrist för ”följesedel”' for one of
    an example's fields, 'gäller från' for the meta block's valid_from."""
    names = META_FIELDS if meta else NODE_FIELDS
    name = names.get(change.field, change.field)
    return f"{name} för ”{change.example}”" if change.example is not None else name


def cell(value: Any) -> str:
    """A change's old/new value as plain text (edges as 'P 2.4.1: sentence')."""
    if value is None:
        return ""
    if isinstance(value, dict):
        kind = value.get("target_kind") or ""
        return f"{kind} {value['target']}: {value['text']}".strip()
    return str(value)


def is_item(change: FieldChange) -> bool:
    """An item added to or removed from a list (an example, a sökord, a reference)."""
    from vgrklass.diff import ITEM_FIELDS

    return change.field in ITEM_FIELDS and change.example is None


def fits_on_a_line(old: str, new: str, words: WordDiff) -> bool:
    """Whether a change is shown after its field's name rather than under it: short
    texts on one line, as words marked when they share some, else as `old → new`."""
    if "\n" in old + new:
        return False
    return max(len(old), len(new)) <= SHORT if words.shared else len(old) + len(new) <= SHORT


def segments(line: tuple[Piece, ...], between: str) -> Iterator[tuple[str, str]]:
    """One line of a word diff as (text, kind), with `between` (kind `same`) where added
    words follow the removed ones they replace."""
    previous = "same"
    for piece in line:
        if previous == "old" and piece.kind == "new" and between:
            yield between, "same"
        yield piece.text, piece.kind
        previous = piece.kind


def marked(line: tuple[Piece, ...], mark: Callable[[str, str], str], between: str) -> str:
    """One line of a word diff as text, each run written by `mark(text, kind)`."""
    return "".join(mark(text, kind) for text, kind in segments(line, between))


def _around(text: str, marks: tuple[str, str]) -> str:
    """Marks round a changed run (which never starts or ends with whitespace)."""
    return f"{marks[0]}{text}{marks[1]}"


# --- text -----------------------------------------------------------------------------

def render_text(result: Diff) -> None:
    from rich.markup import escape

    from vgrklass.cli.common import console
    from vgrklass.structure import lifetime_label

    out = console()
    printer = _TextChanges(out)
    out.print(f"Jämför {escape(describe_side(result.old_label, result.old_on))} med "
              f"{escape(describe_side(result.new_label, result.new_on))}")
    if result.empty:
        out.print("Inga skillnader.")
        return
    out.print(f"[bold]{summary(result)}[/]")
    if result.meta:
        out.print(f"\n[bold]{META_HEADING}[/]")
        for f in result.meta:
            printer.change(f, "  ", meta=True)
    for heading, nodes, sign, style in (("Tillagda", result.added, "+", "green"),
                                        ("Borttagna", result.removed, "-", "red")):
        if not nodes:
            continue
        out.print(f"\n[bold]{heading} ({len(nodes)})[/]")
        for n in nodes:
            dates = lifetime_label(n.added, n.removed, n.removal_word)
            note = f"  [dim]({dates})[/]" if dates else ""
            out.print(f"  [{style}]{sign} {n.kind} {n.code} {escape(n.title)}[/]{note}")
    if not result.changed:
        return
    out.print(f"\n[bold]Ändrade ({len(result.changed)})[/]")
    for change in result.changed:
        out.print(f"  [bold]{change.new.kind} {change.code} {escape(change.new.title)}[/]")
        for f in change.changes:
            printer.change(f, "    ")


class _TextChanges:
    """Changed fields as lines of text: styled words on a colour terminal, git's plain
    marks otherwise."""

    def __init__(self, out: Any):
        self.out = out
        self.colour = out.is_terminal and not out.no_color and out.color_system is not None

    def change(self, f: FieldChange, indent: str, meta: bool = False) -> None:
        from rich.text import Text

        name = field_label(f, meta)
        old, new = cell(f.old), cell(f.new)
        if is_item(f):
            sign, style = ("+", "green") if f.old is None else ("-", "red")
            self._hanging(f"{indent}{name}: ", Text(f"{sign} {new or old}", style))
            return
        from vgrklass.diff import word_diff

        words = word_diff(old, new)
        if not words.words_changed:
            self._hanging(f"{indent}{name}: ", Text(ONLY_WHITESPACE))
        elif not fits_on_a_line(old, new, words):
            self.out.print(Text(f"{indent}{name}:"))
            for line in words.lines:
                if line:
                    self._hanging(f"{indent}  ", self._line(line))
                else:
                    self.out.print()
        elif words.shared:
            self._hanging(f"{indent}{name}: ", self._line(words.lines[0]))
        else:
            self._hanging(f"{indent}{name}: ", Text.assemble(
                (old or "(tomt)", "red"), " → ", (new or "(tomt)", "green")))

    def _line(self, line: tuple[Piece, ...]) -> Any:
        from rich.text import Text

        text = Text()
        if self.colour:
            for part, kind in segments(line, between=" "):
                text.append(part, TERMINAL_STYLES.get(kind, ""))
            return text
        text.append(marked(line, lambda part, kind: _around(part, PLAIN_MARKS[kind])
                           if kind in PLAIN_MARKS else part, between=""))
        return text

    def _hanging(self, prefix: str, line: Any) -> None:
        from vgrklass.cli.common import print_hanging

        print_hanging(prefix, line)


# --- markdown (a pull request comment) ------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&@!{}])")


def md_inline(text: str) -> str:
    """Text with every character that means something in Markdown escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_escape(text: str) -> str:
    """Text safe inside a markdown table cell: specials escaped, line breaks as <br>."""
    return "<br>".join(line.strip() for line in md_inline(text).splitlines())


def md_change(f: FieldChange) -> str:
    """A change as a table cell: ~~removed~~ and **added** words, user text escaped."""
    if is_item(f):
        return _around(md_escape(cell(f.new if f.old is None else f.old)),
                       MARKDOWN_MARKS["new" if f.old is None else "old"])
    from vgrklass.diff import word_diff

    words = word_diff(cell(f.old), cell(f.new))
    if not words.words_changed:
        return md_inline(ONLY_WHITESPACE)

    def mark(text: str, kind: str) -> str:
        escaped = md_inline(text)
        return _around(escaped, MARKDOWN_MARKS[kind]) if kind in MARKDOWN_MARKS else escaped

    return "<br>".join(marked(line, mark, between=" ").strip() for line in words.lines)


def to_markdown(diff: Diff) -> str:
    old = md_escape(describe_side(diff.old_label, diff.old_on))
    new = md_escape(describe_side(diff.new_label, diff.new_on))
    lines = ["### Ändringar i klassificeringsstrukturen", "",
             f"Jämför {old} med {new}."]
    if diff.empty:
        lines += ["", "Inga skillnader."]
        return "\n".join(lines) + "\n"
    lines += ["", f"**{summary(diff)}**"]
    if diff.meta or diff.changed:
        lines += ["", "Överstruket har tagits bort och fetstilt lagts till."]
    if diff.meta:
        lines += ["", f"#### {META_HEADING}", "", "| Fält | Ändring |", "|---|---|"]
        lines += [f"| {md_escape(field_label(f, meta=True))} | {md_change(f)} |"
                  for f in diff.meta]
    for heading, nodes, date_head in (("Tillagda", diff.added, "Tillagd"),
                                      ("Borttagna", diff.removed, "Borttagen")):
        if not nodes:
            continue
        lines += ["", f"#### {heading} ({len(nodes)})", "",
                  f"| Kod | Nivå | Rubrik | {date_head} |", "|---|---|---|---|"]
        for n in nodes:
            when = n.added if date_head == "Tillagd" else n.removed
            lines.append(f"| {md_escape(n.code)} | {n.kind} | {md_escape(n.title)} | "
                         f"{when or ''} |")
    if diff.changed:
        lines += ["", f"#### Ändrade ({len(diff.changed)})", "",
                  "| Kod | Fält | Ändring |", "|---|---|---|"]
        for change in diff.changed:
            code = f"{change.new.kind} {md_escape(change.code)}"
            lines += [f"| {code} | {md_escape(field_label(f))} | {md_change(f)} |"
                      for f in change.changes]
    return "\n".join(lines) + "\n"


def render_markdown(result: Diff) -> None:
    import typer

    from vgrklass.cli.terminal import safe

    typer.echo(safe(to_markdown(result)), nl=False)


def render_json(result: Diff) -> None:
    from vgrklass.cli.common import print_json

    print_json(result.as_dict())


RENDERERS: dict[DiffFormat, Callable[[Diff], None]] = {
    DiffFormat.text: render_text,
    DiffFormat.json: render_json,
    DiffFormat.markdown: render_markdown,
}
