"""Swedish for the parts of the command line that typer (its bundled click) writes in
English: help headings, the --help option, usage errors, and the placeholders for values
(`--limit ANTAL`, `FRÅGA...`, never typer's Python type names such as `<list[str]>` or
`<int range>`); command summaries whole, not cut with "...".

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
# typer's --install-completion and --show-completion (docs/kommandon.md, "Tabbkomplettering").
COMPLETION_HELP = {
    "Install completion for the current shell.":
        "Installera tabbkomplettering för skalet du använder (bash, zsh, fish, PowerShell).",
    "Show completion for the current shell, to copy it or customize the installation.":
        "Skriv ut skriptet för tabbkomplettering, för att installera det själv.",
}

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


# Placeholders for values whose option names none (metavar=...): by type, in capitals.
PLACEHOLDERS = {"int": "ANTAL", "float": "TAL", "Path": "FIL", "str": "TEXT"}
USAGE_WORDS = {"[OPTIONS]": "[FLAGGOR]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENT]..."}


def placeholder(param: Any, ctx: Any) -> str | None:
    """What help shows for the value of `param`: its metavar, `{text|json}` for a
    choice, else a capitalised Swedish word for its type. None for an argument, whose
    name (its metavar) already is the placeholder."""
    if param.param_type_name == "argument":
        return None
    if param.metavar is not None:
        return param.metavar
    descriptor = param.type_descriptor
    if descriptor.is_choice and descriptor.choices is not None:
        return "{" + "|".join(str(getattr(c, "value", c)) for c in descriptor.choices) + "}"
    name = descriptor.ranged_type_name if descriptor.is_ranged else param.bare_type()
    return PLACEHOLDERS.get(name, "VÄRDE")


def describe_range(low: float | None, high: float | None) -> str | None:
    """'minst 1', 'högst 9', '1–65535' instead of 'x>=1', 'x<=9', '1<=x<=65535'."""
    if low is None and high is None:
        return None
    if high is None:
        return f"minst {low}"
    if low is None:
        return f"högst {high}"
    return f"{low}–{high}"


def short_help(command: Any) -> str:
    """The summary in the list of commands: `short_help`, else the first sentence of the
    help, whole (typer cuts it at the column width and adds "...")."""
    if command.short_help:
        return " ".join(command.short_help.split())
    paragraph = (command.help or "").split("\n\n")[0]
    words = paragraph.split()
    for i, word in enumerate(words):
        if word.endswith("."):
            return " ".join(words[: i + 1])
    return " ".join(words)


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
        _install_placeholders()
        _install_help_option(command_class)
        _install_completion_texts()
        _install_errors(exceptions)
        _install_gettext()
    except Exception:  # presentation only: never break the CLI over it
        pass


def _install_formatter(core: Any, formatting: Any) -> None:
    base = formatting.HelpFormatter

    class SwedishHelpFormatter(base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            for english, swedish in USAGE_WORDS.items():
                args = args.replace(english, swedish)
            super().write_usage(prog, args, "Användning: " if prefix is None else prefix)

        def write_heading(self, heading: str) -> None:
            super().write_heading(HEADINGS.get(heading, heading))

    core.Context.formatter_class = SwedishHelpFormatter


def _install_placeholders() -> None:
    import typer.core

    def usage_name(self: Any) -> str:  # FRÅGA... when required, [KOD] when not
        name = self.display_name_raw
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"

    for cls in (typer.core.TyperArgument, typer.core.TyperOption):
        cls.display_type_rich = placeholder
        cls._get_number_range_help_str = lambda self: describe_range(self.min, self.max)
    typer.core.TyperArgument._usage_display_name = usage_name
    for cls in (typer.core.TyperCommand, typer.core.TyperGroup):
        cls.get_short_help_str = lambda self, limit=0: short_help(self)


def _install_completion_texts() -> None:
    import typer.completion

    for function in (typer.completion._install_completion_placeholder_function,
                     typer.completion._install_completion_no_auto_placeholder_function):
        for info in function.__defaults__ or ():
            info.help = COMPLETION_HELP.get(info.help, info.help)
            if info.callback is typer.completion.install_callback:
                info.callback = _install_completion


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """typer's install_callback, saying in Swedish what it did."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    sys.stdout.write(f"Tabbkomplettering för {shell} installerad i {path}.\n"
                     "Den fungerar från nästa gång du startar terminalen.\n")
    sys.exit(0)


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
