"""Swedish for the parts of the command line that typer (its bundled click) writes in
English: help headings, the --help option, and usage errors.

Installed once when the CLI is imported. It touches only presentation hooks
(the help formatter class, the help option's text, how usage errors are shown);
if a future typer moves them, we fall back to English rather than fail.
"""

from __future__ import annotations

import re
import sys
from typing import Any

HEADINGS = {"Options": "Flaggor", "Arguments": "Argument", "Commands": "Kommandon"}
# Strings typer passes through gettext when it builds help text.
GETTEXT = {
    "required": "krävs",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "Options": "Flaggor",
    "Arguments": "Argument",
    "Commands": "Kommandon",
}
HELP_TEXT = "Visa den här hjälpen och avsluta."

# English usage-error messages → Swedish. Matched in order; groups are kept.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing argument '(.+?)'\.?(.*)$"), r"argumentet \1 saknas.\2"),
    (re.compile(r"^Missing option '(.+?)'\.?(.*)$"), r"flaggan \1 saknas.\2"),
    (re.compile(r"^Missing parameter: (.+)$"), r"parametern \1 saknas"),
    (re.compile(r"^No such option: (\S+) \(Possible options: (.+)\)$"),
     r"okänd flagga: \1 (finns: \2)"),
    (re.compile(r"^No such option: (\S+).*$"), r"okänd flagga: \1"),
    (re.compile(r"^No such command '(.+?)'\..*$"), r"okänt kommando: \1"),
    # click says "argument(s)" since 8.2, "argument"/"arguments" before.
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$"),
     r"oväntade extra argument (\1)"),
    (re.compile(r"^Option '(.+?)' requires an argument\.?$"), r"flaggan \1 kräver ett värde"),
    (re.compile(r"^Invalid value for (.+?): '(.+?)' is not one of (.+)\.$"),
     r"ogiltigt värde för \1: '\2' är inte ett av \3"),
    (re.compile(r"^Invalid value for (.+?): '(.+?)' is not a valid integer(?: range)?\.?$"),
     r"ogiltigt värde för \1: '\2' är inte ett heltal"),
    (re.compile(r"^Invalid value for (.+?): (.+)$"), r"ogiltigt värde för \1: \2"),
    (re.compile(r"^Invalid value: (.+)$"), r"ogiltigt värde: \1"),
]
_DID_YOU_MEAN = re.compile(r"Did you mean (.+?)\?")


_PYDANTIC_MESSAGES = [
    ("Value error, ", ""),
    ("Input should be a valid integer, unable to parse string as an integer",
     "ska vara ett heltal"),
    ("Input should be a valid integer", "ska vara ett heltal"),
    ("Input should be greater than or equal to", "ska vara minst"),
    ("Input should be less than or equal to", "ska vara högst"),
    (" is not one of ", " är inte ett av "),
    ("Path '", "Sökvägen '"),
    ("' does not exist.", "' finns inte."),
]


def translate(message: str) -> str:
    for english, swedish in _PYDANTIC_MESSAGES:
        message = message.replace(english, swedish)
    suggestion = _DID_YOU_MEAN.search(message)
    for pattern, replacement in _MESSAGES:
        if pattern.match(message):
            text = pattern.sub(replacement, message)
            if suggestion and "menade du" not in text:
                text += f" (menade du {suggestion.group(1)}?)"
            return text
    return message


def _classes() -> tuple[Any, Any, Any, Any]:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # older typer on top of click
        from click import core, exceptions, formatting  # type: ignore[no-redef]
    return core, exceptions, formatting, core.Command


def install() -> None:
    try:
        core, exceptions, formatting, command_class = _classes()
        _install_formatter(core, formatting)
        _install_help_option(command_class)
        _install_errors(exceptions)
        _install_gettext()
    except Exception:  # presentation only: never break the CLI over it
        pass


def _install_formatter(core: Any, formatting: Any) -> None:
    base = formatting.HelpFormatter

    class SwedishHelpFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, "Användning: " if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(HEADINGS.get(heading, heading))

    core.Context.formatter_class = SwedishHelpFormatter


def _install_gettext() -> None:
    import typer.core

    if getattr(typer.core, "_", None) is not None:
        typer.core._ = lambda text: GETTEXT.get(text, text)


def _install_help_option(command_class: Any) -> None:
    original = command_class.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    command_class.get_help_option = get_help_option


def _install_errors(exceptions: Any) -> None:
    from vgrklass.invisible import escape  # the message quotes what the user typed

    def show_click_exception(self: Any, file: Any = None) -> None:
        (file or sys.stderr).write(escape(f"fel: {translate(self.format_message())}") + "\n")

    def show_usage_error(self: Any, file: Any = None) -> None:
        out = file or sys.stderr
        if self.ctx is not None:
            out.write(self.ctx.get_usage() + "\n")
            if self.ctx.command.get_help_option(self.ctx) is not None:
                option = self.ctx.help_option_names[0]
                out.write(f"Se '{self.ctx.command_path} {option}' för hjälp.\n")
        out.write(escape(f"fel: {translate(self.format_message())}") + "\n")

    exceptions.ClickException.show = show_click_exception
    exceptions.UsageError.show = show_usage_error
