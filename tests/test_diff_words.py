"""A readable diff (issue 18): changed words marked in text and Markdown, multi-line texts
indented under their field, --ignore-whitespace, and colour only where it belongs."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from test_cli_tty import run_on_tty
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.cli.render_diff import md_change
from vgrklass.diff import FieldChange, word_diff

runner = CliRunner()

ONE_LINE = "        description: Här ligger det politiska arbetet.\n"


def with_description(text: str) -> str:
    """MINIMAL with P 1.1's description as a literal block."""
    block = "".join(f"          {line}\n" if line else "\n" for line in text.split("\n"))
    return MINIMAL.replace(ONE_LINE, "        description: |\n" + block)


OLD_TEXT = ("Här ligger det politiska arbetet i regionstyrelsen och dess\n"
            "utskott.\n\nBeslut fattas i nämnderna.")
REWRAPPED = ("Här ligger det politiska arbetet\ni regionstyrelsen och dess utskott.\n\n"
             "Beslut fattas i\nnämnderna.")
REWORDED = ("Här ligger det politiska arbetet i regionfullmäktige och dess\n"
            "utskott.\n\nBeslut fattas i nämnderna.")


def run(old: Path, new: Path, *args: str):
    return runner.invoke(app, ["diff", str(old), str(new), *args])


def versions(write_yaml, old: str, new: str) -> tuple[Path, Path]:
    return write_yaml(with_description(old), "old.yaml"), write_yaml(with_description(new),
                                                                      "new.yaml")


# --- which words changed --------------------------------------------------------------

def test_word_diff_marks_only_the_changed_word():
    (line,) = word_diff("Hantera kostnader från leverantör",
                        "Hantera utgifter från leverantör").lines
    assert [(p.kind, p.text) for p in line] == [
        ("same", "Hantera "), ("old", "kostnader"), ("new", "utgifter"),
        ("same", " från leverantör")]


def test_rewrapping_changes_no_word():
    words = word_diff(OLD_TEXT, REWRAPPED)
    assert not words.words_changed and words.shared


words_list = st.lists(st.sampled_from(["a", "b", "c", "dd", "e.", "(f)"]), max_size=12)
spaces = st.sampled_from([" ", "  ", "\n", "\n\n", " \n "])


def joined(words: list[str], gaps: list[str]) -> str:
    return "".join(w + (gaps[i % len(gaps)] if i < len(words) - 1 else "")
                   for i, w in enumerate(words))


@given(words_list, words_list, st.lists(spaces, min_size=1), st.lists(spaces, min_size=1))
def test_word_diff_keeps_every_word_of_both_sides(old, new, old_gaps, new_gaps):
    """The same and old pieces are the old text's words, the same and new pieces the
    new text's, in order: nothing is lost or invented, whatever the whitespace."""
    pieces = [p for line in word_diff(joined(old, old_gaps), joined(new, new_gaps)).lines
              for p in line]
    assert " ".join(p.text for p in pieces if p.kind != "new").split() == old
    assert " ".join(p.text for p in pieces if p.kind != "old").split() == new
    assert all(p.text.strip() == p.text for p in pieces if p.kind != "same")


# --- text -------------------------------------------------------------------------------

def test_multi_line_text_is_indented_under_its_field(write_yaml):
    result = run(*versions(write_yaml, OLD_TEXT, REWORDED))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    start = lines.index("    beskrivning:")
    assert lines[start + 1:start + 5] == [
        "      Här ligger det politiska arbetet i [-regionstyrelsen-]{+regionfullmäktige+} "
        "och dess",
        "      utskott.",
        "",
        "      Beslut fattas i nämnderna.",
    ]


def test_a_text_that_was_empty_is_shown_whole_as_added(write_yaml):
    old = write_yaml(MINIMAL, "old.yaml")
    new = write_yaml(MINIMAL.replace(ONE_LINE, ONE_LINE + "        comments: |\n"
                                     "          Första raden.\n          Andra raden.\n"),
                     "new.yaml")
    lines = run(old, new).stdout.splitlines()
    start = lines.index("    övriga kommentarer:")
    assert lines[start + 1:start + 3] == ["      {+Första raden.+}", "      {+Andra raden.+}"]


def test_rewrapping_alone_is_named_and_ignored_with_ignore_whitespace(write_yaml):
    old, new = versions(write_yaml, OLD_TEXT, REWRAPPED)
    plain = run(old, new)
    assert plain.exit_code == 1
    assert "    beskrivning: (bara blanksteg och radbrytningar har ändrats)" in \
        plain.stdout.splitlines()
    for fmt in ("text", "json", "markdown"):
        ignored = run(old, new, "--ignore-whitespace", "-f", fmt)
        assert ignored.exit_code == 0, (fmt, ignored.output)
    assert json.loads(run(old, new, "-w", "-f", "json").stdout)["changed"] == []


def test_ignore_whitespace_still_shows_changed_words(write_yaml):
    result = run(*versions(write_yaml, OLD_TEXT, REWORDED.replace("fattas i ", "fattas i\n")),
                 "--ignore-whitespace", "-f", "json")
    assert result.exit_code == 1
    (change,) = json.loads(result.stdout)["changed"][0]["changes"]
    assert change["field"] == "description" and "regionfullmäktige" in change["new"]


def test_ignore_whitespace_pairs_examples_written_on_two_lines(write_yaml):
    wrapped = MINIMAL.replace("          - kallelse till sammanträde\n",
                              "          - kallelse till\n            sammanträde\n")
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(wrapped, "new.yaml")
    assert run(old, new, "-f", "json").exit_code == 0  # YAML folds the line: the same text
    spaced = MINIMAL.replace("- kallelse till sammanträde", "- 'kallelse  till sammanträde'")
    new = write_yaml(spaced, "new.yaml")
    assert run(old, new).exit_code == 1
    assert run(old, new, "--ignore-whitespace").exit_code == 0


# --- markdown ---------------------------------------------------------------------------

def test_markdown_strikes_removed_and_bolds_added_words(write_yaml):
    result = run(*versions(write_yaml, OLD_TEXT, REWORDED), "-f", "markdown")
    assert result.exit_code == 1
    assert ("| P 1.1 | beskrivning | Här ligger det politiska arbetet i ~~regionstyrelsen~~ "
            "**regionfullmäktige** och dess<br>utskott.<br><br>Beslut fattas i nämnderna. |"
            ) in result.stdout.splitlines()
    assert "Överstruket har tagits bort och fetstilt lagts till." in result.stdout


def test_markdown_escapes_the_users_text_inside_and_outside_the_marks():
    change = FieldChange("title", "Möte *a* | <b>x</b> @team", "Möte ~~a~~ | **y** @team")
    cell = md_change(change)
    assert cell == (r"Möte ~~\*a\*~~ **\~\~a\~\~** \| ~~\<b\>x\</b\>~~ **\*\*y\*\*** \@team")
    assert cell.count("|") == cell.count(r"\|")  # no pipe can end the table cell


def test_markdown_marks_items_added_and_removed():
    assert md_change(FieldChange("examples", "följe_sedel", None)) == r"~~följe\_sedel~~"
    assert md_change(FieldChange("sokord", None, "#12")) == r"**\#12**"


# --- colour -----------------------------------------------------------------------------

def on_terminal(*args: str, no_color: bool) -> str:
    """`vgrklass ARGS` on a pseudo-terminal, with or without NO_COLOR."""
    return run_on_tty(*args, env_extra={"NO_COLOR": "1"} if no_color else {})[1]


EDITED_TITLE = MINIMAL.replace("title: Hantera kostnader från leverantör",
                               "title: Hantera utgifter från leverantör")


def test_a_colour_terminal_styles_the_words_instead_of_marking_them(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED_TITLE, "new.yaml")
    output = on_terminal("diff", str(old), str(new), no_color=False)
    assert "\x1b[9;31mkostnader\x1b[0m \x1b[32mutgifter\x1b[0m" in output  # struck red, green
    assert "[-" not in output and "{+" not in output


def test_no_color_on_a_terminal_marks_the_words_as_plain_text(write_yaml):
    old, new = write_yaml(MINIMAL, "old.yaml"), write_yaml(EDITED_TITLE, "new.yaml")
    output = on_terminal("diff", str(old), str(new), no_color=True)
    assert "rubrik: Hantera [-kostnader-]{+utgifter+} från leverantör" in output
    assert "\x1b[3" not in output and "\x1b[9" not in output  # no colour, no strike


# --- docs/diff.md shows real output -----------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "klassificering.yaml"
DOCS = ROOT / "docs" / "diff.md"
# The edits behind the examples in docs/diff.md, made to the shipped structure.
DOC_EDITS = [
    ('version: "1.3:2017"', 'version: "1.4:2024"'),
    ("            title: Hantera kostnader från leverantör\n"
     "            description: Processen omfattar att hantera och betala "
     "leverantörsfakturor samt hantera utbetalningar\n"
     "            examples:\n              - leverantörsfaktura\n              - följesedel\n",
     "            title: Hantera utgifter från leverantör\n            description: |-\n"
     "              Processen omfattar att hantera, granska och betala leverantörsfakturor\n"
     "              samt hantera utbetalningar.\n\n"
     "              Kreditfakturor hanteras på samma sätt.\n            examples:\n"
     "              - text: leverantörsfaktura\n                bevaras_gallras: gallras\n"
     "                gallringsfrist: 10 år\n              - kreditfaktura\n"),
    ("          Underlag till budget hanteras i P 2.4.1 Utforma och följa upp ekonomi\n",
     "          Underlag till budget hanteras i P 2.4.2 Hantera intäkter från kund\n"),
    ('          - polisanmälan\n        handling: Handlingar och ärenden stannar kvar i '
     'regionstyrelsen.\n  - code: "3"',
     '          - polisanmälan\n        handling: Handlingar och ärenden stannar kvar i '
     'regionstyrelsen.\n      - code: "2.16"\n        kind: P\n'
     '        title: Hantera lokalbokningar\n        added: 2025-01-01\n  - code: "3"'),
]
REWRAP = ("            description: Processen omfattar att hantera och betala "
          "leverantörsfakturor samt hantera utbetalningar\n",
          "            description: |-\n              Processen omfattar att hantera och "
          "betala\n              leverantörsfakturor samt hantera utbetalningar\n")


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def doc_examples() -> list[tuple[list[str], str]]:
    """Every `$ vgrklass diff …` in docs/diff.md's code blocks: its arguments, and the
    lines up to the next command or the block's end (its output)."""
    examples: list[tuple[list[str], str]] = []
    for block in DOCS.read_text(encoding="utf-8").split("```")[1::2]:
        for line in block.split("\n")[1:-1]:
            if line.startswith("$ vgrklass diff "):
                examples.append((line.split()[2:], ""))
            elif line.startswith("$ "):
                break
            elif examples and block.split("\n")[1].startswith("$ vgrklass diff "):
                args, output = examples[-1]
                examples[-1] = (args, output + line + "\n")
    return examples


def test_the_examples_in_docs_diff_md_are_real_output(tmp_path, monkeypatch):
    shipped = SHIPPED.read_text(encoding="utf-8")
    (tmp_path / "gammal.yaml").write_text(shipped, encoding="utf-8")
    (tmp_path / "ny.yaml").write_text(edited(shipped, DOC_EDITS), encoding="utf-8")
    (tmp_path / "omradbruten.yaml").write_text(edited(shipped, [REWRAP]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    examples = doc_examples()
    assert len(examples) == 4  # text, markdown, and the two with --ignore-whitespace
    for args, shown in examples:
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), result.output
        assert result.stdout == shown, args
