"""Characters nobody can see but that change what text says or what a terminal does.

One definition, two uses: `validate` flags them in the data (they come in pasted from
Word, PDF or the web, or written as YAML escapes such as "\\x1b"), and the command line
never prints them raw (an escape sequence in a key or a document could clear the screen
or retitle the window; a right-to-left override reorders what the reader sees). When
printed they are written as escapes: ESC as `\\x1b`, U+202E as `\\u202e`.

Two kinds: *control characters* (C0 other than tab and newline, DEL, C1) and other
*invisible* characters (zero-width, bidirectional formatting, a BOM inside text, line and
paragraph separators, noncharacters such as U+FFFE, lone surrogates).
"""

from __future__ import annotations

import re

_CONTROL_CLASS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE_CLASS = (
    r"\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    r"\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff"
)
CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
ANY = re.compile(f"[{_CONTROL_CLASS}{_INVISIBLE_CLASS}]")

# Swedish names for the ones people meet; the rest are named by their code point only.
NAMES = {
    "\u200b": "nollbreddsmellanslag",
    "\u200c": "nollbreddsicke-fog",
    "\u200d": "nollbreddsfog",
    "\u200e": "vänster-till-höger-markering",
    "\u200f": "höger-till-vänster-markering",
    "\u202a": "vänster-till-höger-inbäddning",
    "\u202b": "höger-till-vänster-inbäddning",
    "\u202c": "slut på riktningsformatering",
    "\u202d": "vänster-till-höger-åsidosättning",
    "\u202e": "höger-till-vänster-åsidosättning",
    "\u2028": "radavgränsare",
    "\u2029": "styckeavgränsare",
    "\u2060": "ordfog",
    "\ufeff": "BOM",
    "\ufffe": "icke-tecken",
    "\uffff": "icke-tecken",
    "\x1b": "ESC, inleder terminalsekvenser",
    "\x85": "NEL",
}


def is_control(char: str) -> bool:
    return CONTROL.match(char) is not None


def describe(char: str) -> str:
    """'U+202E höger-till-vänster-åsidosättning', or 'U+0007'."""
    name = NAMES.get(char)
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def found_in(text: str) -> list[str]:
    """The distinct invisible characters in text, in code point order."""
    return sorted(set(ANY.findall(text)))


def escape(text: str) -> str:
    """Text safe to print: every invisible character written as a visible escape."""
    if ANY.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return ANY.sub(_escaped, text)


def escape_json(text: str) -> str:
    """JSON text with the invisible characters inside its strings written as \\uXXXX:
    still the same JSON value, but safe on a terminal. (json.dumps escapes C0 itself.)"""
    if ANY.search(text) is None:
        return text
    return ANY.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
