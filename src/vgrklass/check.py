"""Parse, check, keep the problems: the one way a data file's text is judged.

`check_text(text, name)` parses the text, checks the schema node by node and runs every
rule across nodes (`rules.check`), and returns a `Checked`: the problems in file order
(at most MAX_PROBLEMS), what was counted past them, and the structure. Loading
(`load.load_structure`), validating (`report.validate_file`) and writing
(`roundtrip.update_yaml`, `importers.import_workbook`) all call it, so they judge a
file alike. It never raises for anything in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from vgrklass.problems import DataError, Problem, keep_first
from vgrklass.structure import Structure


@dataclass(frozen=True)
class Checked:
    """The outcome of checking one file's text."""

    name: str
    problems: list[Problem]  # in file order, at most MAX_PROBLEMS
    structure: Structure | None  # None when it could not be built (syntax, meta)
    omitted: int = 0  # problems found past MAX_PROBLEMS: counted, not kept
    unchecked: int = 0  # nodes and list items never checked: MAX_PROBLEMS came first
    stopped: bool = False  # checking stopped at a problem (syntax error, alias …)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fel"]

    def usable(self) -> Structure:
        """The structure, when the text has no errors (warnings allowed); otherwise
        DataError with the errors."""
        if self.errors or self.structure is None:
            raise DataError(self.errors, omitted=self.omitted,
                            stopped=self.stopped or self.unchecked > 0)
        return self.structure


def check_text(text: str, name: str) -> Checked:
    """Judge a data file's text by every rule (see the module docstring)."""
    from vgrklass import rules
    from vgrklass.parse import parse_text

    try:
        parsed = parse_text(text, name)
    except DataError as exc:
        return Checked(name, exc.problems, None, exc.omitted, stopped=exc.stopped)
    problems = parsed.problems + rules.check(parsed)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    problems, more = keep_first(problems)
    return Checked(name, problems, parsed.structure, parsed.omitted + more, parsed.unchecked)


def clean_structure(text: str, name: str) -> Structure | None:
    """The structure of a text that has no errors, judged the fast way (parse.parse_clean,
    then every rule); None when the text needs check_text, which places its problems.
    For callers that only need the structure (loading); warnings are not kept."""
    from vgrklass.parse import parse_clean

    parsed = parse_clean(text, name)
    if parsed is None or not passes_rules(parsed):
        return None
    return parsed.structure


def passes_rules(parsed) -> bool:
    """Whether the rules across nodes find no error in a fast-read file (parse_clean's
    Parsed: its schema and YAML are clean already); warnings do not count."""
    from vgrklass import rules

    return not any(p.severity == "fel" for p in rules.check(parsed))
