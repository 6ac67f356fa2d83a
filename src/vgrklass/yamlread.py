"""YAML text → plain Python data plus the source position of every value and key.

Built straight from the parser's event stream (libyaml via ruamel.yaml.clib when
available) with an explicit stack instead of ruamel's recursive composer, so that:
- no Python objects are ever constructed from tags (no tag tricks);
- an alias (`*name`) is refused the moment it is seen: an alias bomb ("billion
  laughs") is never expanded, and the format has no use for aliases;
- nesting deeper than `MAX_DEPTH` is refused before the parser goes further, so
  pathological input (10 000 `[`) cannot hit Python's recursion limit anywhere later;
- duplicate keys are all reported (the first occurrence wins), not silently merged.

Every failure becomes a `DataError` whose problems carry line and column and a
Swedish message. Scalars stay as their source text except null/bool/int/float, so
dates are parsed strictly later (by pydantic) and an unquoted code is caught.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vgrklass.problems import DataError, Problem, error

Loc = tuple[str | int, ...]

# The real format nests about a dozen levels (nodes → children → … → examples → mapping);
# anything far deeper is a mistake or an attack.
MAX_DEPTH = 64

_TAG_MEMO = 10_000  # plain scalar texts whose tag is remembered (most repeat)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Positions:
    """Source positions (1-based line, 1-based column) of values and keys by path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # The source text of the plain scalars YAML turned into something else than text
    # (`code: 1.10` is the float 1.1): messages quote what the user wrote.
    source: dict[Loc, str] = field(default_factory=dict)

    def of(self, loc: Loc) -> tuple[int | None, int | None]:
        for table in (self.values, self.keys):
            if loc in table:
                return table[loc]
        # Fall back to the nearest enclosing value we know.
        for cut in range(len(loc) - 1, -1, -1):
            if loc[:cut] in self.values:
                return self.values[loc[:cut]]
        return (None, None)

    def of_key(self, loc: Loc) -> tuple[int | None, int | None]:
        """Position of the key at loc (of the value when there is no such key)."""
        return self.keys.get(loc) or self.of(loc)


@dataclass(slots=True)
class _Frame:
    value: dict[str, Any] | list[Any]
    loc: Loc
    key: str | None = None  # mapping: the key whose value comes next
    skip: bool = False  # mapping: the coming value belongs to a duplicate key
    is_key: bool = False  # this collection is itself used as a mapping key


class Unclear(Exception):
    """A lean read (`parse_yaml(..., lean=True)`) met something it does not place: read
    the text again the careful way, which reports it with its line."""


def parse_yaml(text: str, name: str, lean: bool = False) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document into (plain data, positions, problems).

    The problems (duplicate keys, non-scalar keys) leave usable data behind, so checking
    can go on. Failures that leave nothing usable raise DataError with `stopped=True`.
    The data is None for a document with no content (only comments).

    `lean`: the same data, for a file expected to be clean, a fifth faster: positions
    are kept for lists and mappings only (a node's line), not for every key and text,
    and a problem raises `Unclear` instead of being kept.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import StreamEndEvent
    from ruamel.yaml.reader import ReaderError

    _refuse_odd_line_breaks(text, name)
    yaml = YAML(typ="safe")
    builder = (_LeanBuilder if lean else _Builder)(name, yaml.resolver)
    stream = io.StringIO(text)
    try:
        # Event class → the builder's method for it, looked up once per class (a large
        # file has hundreds of thousands of events). Kept here, not on the builder: bound
        # methods in its own dict would make a cycle that keeps the data alive.
        handlers: dict[type, Callable[[Any], None]] = {}
        # The parser's events asked for one by one: `yaml.parse` wraps each in a generator
        # step and a check_event call (a tenth of reading a large file).
        _, parser = yaml.get_constructor_parser(stream)
        next_event = parser.get_event
        try:
            while type(event := next_event()) is not StreamEndEvent:
                kind = type(event)
                handler = handlers.get(kind)
                if handler is None:
                    handler = handlers[kind] = builder.handler(kind)
                handler(event)
        finally:
            parser.dispose()
    except DataError:
        raise
    except ReaderError as exc:
        line, column = _line_col(text, exc.position)
        raise _fatal(name, line, column, "yaml-syntax", _reader_message(exc)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = yaml_message(exc, text)
        advice = indentation_advice(exc, text)
        if advice is not None:
            line, column, message = advice
        raise _fatal(name, line, column, "yaml-syntax", message) from None
    except (YAMLError, ValueError, IndexError, TypeError, AttributeError):
        # The parser chokes on something it has no marked error for; still no traceback.
        raise _fatal(name, None, None, "yaml-syntax", f"YAML-syntaxfel: {_UNKNOWN}") from None
    finally:
        # The parser keeps the stream, in a reference cycle with the YAML object: closed,
        # its copy of the text (four bytes a character) is freed at once, not when the
        # collector gets to the cycle (it may be paused: see gcpause.py).
        stream.close()
    return builder.root, builder.positions, builder.problems


# YAML 1.1 parsers (libyaml) take these as line breaks, editors and YAML 1.2 do not: the
# file would parse differently from how it looks, and every line number after it would be
# off. They come in unseen when text is pasted from Word or PDF.
_ODD_BREAKS = {
    "\x85": "NEL (U+0085)",
    "\u2028": "radavgränsaren U+2028",
    "\u2029": "styckeavgränsaren U+2029",
}


def _refuse_odd_line_breaks(text: str, name: str) -> None:
    problems = []
    for char, what in _ODD_BREAKS.items():
        start = text.find(char)
        while start != -1 and len(problems) < 20:
            line, column = _line_col(text, start)
            problems.append(error(name, line, column, "osynligt-tecken",
                                  f"osynligt tecken {what} (ofta inklistrat från Word eller "
                                  "PDF); ersätt det med mellanslag eller en vanlig radbrytning"))
            start = text.find(char, start + 1)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)),
                        stopped=True)


def _fatal(name: str, line: int | None, column: int | None, rule: str, message: str) -> DataError:
    return DataError([error(name, line, column, rule, message)], stopped=True)


class _Builder:
    """Turns parser events into plain data, one event at a time (no recursion)."""

    def __init__(self, name: str, resolver: Any):
        self.name = name
        self.resolver = resolver
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self._dups = 0
        self._implicit: dict[Any, tuple[tuple[str, Any], ...]] | None = None
        self._tags: dict[str, str] = {}  # plain scalar text → its resolved tag

    def handler(self, kind: type) -> Callable[[Any], None]:
        """The method for events of this class."""
        return {"ScalarEvent": self._scalar_event,
                "SequenceStartEvent": self._start_sequence,
                "MappingStartEvent": self._start_mapping,
                "MappingEndEvent": self._end,
                "SequenceEndEvent": self._end}.get(kind.__name__, self._other)

    def _start_sequence(self, event: Any) -> None:
        self._start(event, [])

    def _start_mapping(self, event: Any) -> None:
        self._start(event, {})

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent is not None and type(parent.value) is list:
            parent.value.append(frame.value)  # the commonest case, written out
        else:
            self._emit(frame.value, None, is_key_collection=frame.is_key)

    def _other(self, event: Any) -> None:
        kind = type(event).__name__
        if kind == "AliasEvent":
            line, column = _pos(event)
            raise _fatal(self.name, line, column, "alias",
                         f"YAML-alias (*{event.anchor}) används inte i formatet och avvisas; "
                         "skriv ut värdet i stället")
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                line, column = _pos(event)
                raise _fatal(self.name, line, column, "flera-dokument",
                             "filen innehåller mer än ett YAML-dokument (---); "
                             "hela strukturen ska vara ett enda dokument")

    # -- collections -------------------------------------------------------------------

    def _start(self, event: Any, value: dict[str, Any] | list[Any]) -> None:
        line, column = _pos(event)
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise _fatal(self.name, line, column, "för-djup",
                         f"strukturen är nästlad djupare än {MAX_DEPTH} nivåer; "
                         "det kan inte vara en klassificeringsstruktur")
        if stack and type(stack[-1].value) is list:  # an item of a list, written out
            loc = stack[-1].loc + (len(stack[-1].value),)
            self.positions.values[loc] = (line, column)
            stack.append(_Frame(value, loc))
            return
        loc, is_key = self._child_loc()
        if is_key:
            self.problems.append(error(self.name, line, column, "ogiltig-nyckel",
                                       "en nyckel måste vara ett enkelt värde, "
                                       "inte en lista eller mappning"))
        else:
            self.positions.values[loc] = (line, column)
        self.stack.append(_Frame(value, loc, is_key=is_key))

    def _child_loc(self) -> tuple[Loc, bool]:
        """Path of the value about to start, and whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.loc + (len(top.value),), False
        if top.key is None:
            return top.loc + ("\0key",), True
        if top.skip:  # a duplicate's value: give it a path nothing ever looks up
            self._dups += 1
            return top.loc + (f"\0dup{self._dups}",), False
        return top.loc + (top.key,), False

    # -- scalars -----------------------------------------------------------------------

    def _scalar_event(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        tag = event.tag if event.tag not in (None, "!") else self._resolve(event)
        value = event.value
        if top is not None and type(top.value) is list:
            # The commonest case in a large file, written out: an item of a list.
            loc = top.loc + (len(top.value),)
            converted = _scalar(tag, value) if tag != _STR_TAG else value
            if converted is not value:
                self.positions.source[loc] = value
            mark = event.start_mark
            self.positions.values[loc] = (mark.line + 1, mark.column + 1)
            top.value.append(converted)
            return
        if top is not None and top.key is None:
            self._key(event, tag)
            return
        converted = _scalar(tag, value) if tag != _STR_TAG else value
        if top is not None and not top.skip:
            # The next commonest, written out: the value of a key seen once.
            loc = top.loc + (top.key,)
            if converted is not value:
                self.positions.source[loc] = value
            mark = event.start_mark
            self.positions.values[loc] = (mark.line + 1, mark.column + 1)
            top.value[top.key] = converted  # type: ignore[index]
            top.key = None
            return
        loc, _ = self._child_loc()
        if not isinstance(converted, str):
            self.positions.source[loc] = value
        self._emit(converted, (loc, _pos(event)))

    def _resolve(self, event: Any) -> str:
        # What resolver.resolve() does for a scalar, without its per-call version lookup
        # (which dominated the parse of a large file, issue 9): quoted and block scalars
        # are strings; a plain one is tried against the few patterns for its first char.
        if not event.implicit[0]:
            return _STR_TAG
        value = event.value
        known = self._tags.get(value)
        if known is not None:  # the same plain text again ("P", "VO", "ja", a date)
            return known
        if self._implicit is None:  # first scalar: any %YAML directive is known by now
            # A plain dict of tuples: the resolver's own mapping is a lazy wrapper whose
            # every lookup costs a Python call.
            table = self.resolver.versioned_resolver
            self._implicit = {first: tuple(table[first]) for first in table}
        tag = _STR_TAG
        for candidate, regexp in (*self._implicit.get(value[:1], ()),
                                  *self._implicit.get(None, ())):
            if regexp.match(value):
                tag = str(candidate)
                break
        if len(self._tags) < _TAG_MEMO:
            self._tags[value] = tag
        return tag

    def _key(self, event: Any, tag: str) -> None:
        top = self.stack[-1]
        line, column = _pos(event)
        key = str(event.value)
        if tag == _MERGE_TAG:
            raise _fatal(self.name, line, column, "alias",
                         "YAML-sammanslagning (<<) används inte i formatet och avvisas")
        key_loc = top.loc + (key,)
        if key_loc in self.positions.keys:
            first_line = self.positions.keys[key_loc][0]
            self.problems.append(error(self.name, line, column, "dubblett-nyckel",
                                       f"nyckeln '{key}' förekommer två gånger "
                                       f"(första gången på rad {first_line}); "
                                       "den första gäller"))
            top.skip = True
        else:
            self.positions.keys[key_loc] = (line, column)
            top.skip = False
        top.key = key

    # -- placing a finished value ------------------------------------------------------

    def _emit(self, value: Any, scalar_at: tuple[Loc, tuple[int, int]] | None,
              is_key_collection: bool = False) -> None:
        if not self.stack:
            self.root = value
            if scalar_at:
                self.positions.values[()] = scalar_at[1]
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            if scalar_at:
                self.positions.values[scalar_at[0]] = scalar_at[1]
            top.value.append(value)
            return
        if is_key_collection:
            # A collection used as a key: already reported; keep a placeholder key.
            top.key, top.skip = f"\0badkey{id(value)}", True
            return
        if scalar_at and not top.skip:
            self.positions.values[scalar_at[0]] = scalar_at[1]
        if not top.skip:
            top.value[top.key] = value  # type: ignore[index]
        top.key, top.skip = None, False


class _LeanBuilder(_Builder):
    """The builder without the positions of keys and scalars (see parse_yaml's `lean`);
    anything that would be a problem raises Unclear."""

    def _scalar_event(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        tag = event.tag if event.tag not in (None, "!") else self._resolve(event)
        value = event.value
        if top is None:
            raise Unclear  # a document that is one scalar: not a structure
        if type(top.value) is list:
            top.value.append(_scalar(tag, value) if tag != _STR_TAG else value)
        elif top.key is None:
            key = str(value)
            if tag == _MERGE_TAG or key in top.value:
                raise Unclear  # a merge or a duplicate key: reported by the careful read
            top.key = key
        else:
            top.value[top.key] = _scalar(tag, value) if tag != _STR_TAG else value  # type: ignore[index]
            top.key = None

    def _start(self, event: Any, value: dict[str, Any] | list[Any]) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and type(top.value) is dict and top.key is None:
            raise Unclear  # a list or mapping used as a key
        super()._start(event, value)


def _pos(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _scalar(tag: str, value: str) -> Any:
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def _line_col(text: str, index: int | None) -> tuple[int | None, int | None]:
    if index is None or index < 0:
        return None, None
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def _reader_message(exc: Any) -> str:
    from vgrklass import invisible

    char = exc.character
    code = ord(char) if isinstance(char, str) and char else char
    if isinstance(code, int):
        what = "ett styrtecken" if code < 0x100 else "ett osynligt tecken"
        return (f"tecknet {invisible.describe(chr(code))} ({what}) är inte tillåtet i en "
                "YAML-fil; ta bort det")
    return "otillåtet tecken i filen; ta bort det"


# libyaml's (and ruamel's) messages → Swedish, matched by prefix. Every message either
# parser is known to give is here; an unknown one gets a Swedish sentence of its own
# (`_UNKNOWN`), never the English text.
_TRANSLATIONS = {
    "could not find expected ':'": "kolon (:) saknas efter en nyckel",
    "found unexpected end of stream": "filen tar slut mitt i ett värde (trunkerad fil? "
                                      "ett citattecken som aldrig avslutas?)",
    "mapping values are not allowed": "kolon (:) på fel ställe; sätt värdet inom citattecken "
                                      "om det innehåller ': '",
    "mapping keys are not allowed": "'?' på fel ställe; sätt värdet inom citattecken om det "
                                    "börjar med '?'",
    "found undefined alias": "okänt alias",
    "expected <block end>, but found": "fel indrag: raden passar inte in i nivån ovanför",
    "did not find expected key": "fel indrag: en nyckel (namn:) väntades här",
    "did not find expected '-' indicator": "fel indrag i en lista: '-' väntades här",
    "block sequence entries are not allowed": "'-' på fel ställe (fel indrag?)",
    "did not find expected node content": "ett värde saknas här",
    "did not find expected ',' or ']'": "en lista med [ saknar avslutande ]",
    "did not find expected ',' or '}'": "en mappning med { saknar avslutande }",
    "found unknown escape character": "okänd escape-sekvens (\\) i text inom dubbla "
                                      "citattecken; använd enkla citattecken",
    "did not find expected hexdecimal number": "ofullständig escape-sekvens (\\x, \\u eller "
                                               "\\U ska följas av hexadecimala siffror) i text "
                                               "inom dubbla citattecken; använd enkla "
                                               "citattecken",
    "found invalid Unicode character escape code": "escape-sekvensen (\\u eller \\U) anger "
                                                   "inget giltigt tecken",
    "found unexpected document indicator": "en rad med '---' eller '...' mitt i en text inom "
                                           "citattecken; sätt texten på en rad eller dra in "
                                           "raden",
    "found character that cannot start any token": "tecken som inte kan inleda ett värde; "
                                                   "sätt värdet inom citattecken",
    "found a tab character": "tabbtecken kan inte användas för indrag i YAML; använd mellanslag",
    "expected <document start>, but found": "oväntat innehåll efter slutet av ett värde "
                                            "(fel indrag?)",
    "did not find expected <document start>": "oväntat innehåll efter slutet av ett värde "
                                              "(fel indrag?)",
    "found undefined tag handle": "okänd YAML-tagg (!)",
    "did not find expected comment or line break": "oväntad text efter ett värde på samma rad",
    "found unexpected ':'": "kolon (:) på fel ställe",
    "could not find expected ']'": "en lista med [ saknar avslutande ]",
    "found an indentation indicator equal to 0": "indragsangivelsen efter | eller > kan inte "
                                                 "vara 0",
    # Tags, anchors and directives: not part of the format; usually a stray !, &, * or %.
    "did not find expected alphabetic or numeric character": "'&', '*' eller '!' ska följas av "
                                                             "ett namn; sätt värdet inom "
                                                             "citattecken",
    "found unexpected non-alphabetical character": "'&', '*' eller '!' ska följas av ett namn; "
                                                   "sätt värdet inom citattecken",
    "did not find expected tag URI": "ogiltig YAML-tagg (!); sätt värdet inom citattecken",
    "did not find URI escaped octet": "ogiltig YAML-tagg (!); sätt värdet inom citattecken",
    "did not find the expected '>'": "ogiltig YAML-tagg (!<…>); sätt värdet inom citattecken",
    "did not find expected '!'": "ogiltig YAML-tagg (!); sätt värdet inom citattecken",
    "found an incorrect": "ogiltig YAML-tagg (!); sätt värdet inom citattecken",
    "could not find expected directive name": "en rad som börjar med % är ett YAML-direktiv; "
                                              "sätt texten inom citattecken",
    "found unknown directive name": "en rad som börjar med % är ett YAML-direktiv; sätt texten "
                                    "inom citattecken",
    "did not find expected whitespace": "felaktigt YAML-direktiv (%); en rad som börjar med % "
                                        "ska stå inom citattecken",
    "did not find expected digit or '.' character": "felaktigt YAML-direktiv (%YAML)",
    "found extremely long version number": "felaktigt YAML-direktiv (%YAML)",
    "found incompatible YAML document": "filen anger en YAML-version (%YAML) som inte stöds; ta "
                                        "bort raden",
    "found duplicate %YAML directive": "%YAML anges två gånger; ta bort den ena raden",
    "found duplicate %TAG directive": "%TAG anges två gånger; ta bort den ena raden",
}
_UNKNOWN = "filen kan inte läsas som YAML här; kontrollera indrag, kolon och citattecken"
_DOCUMENT_END = re.compile(r"^\.\.\.(?:[ \t].*)?$")


def yaml_message(exc: Any, text: str) -> str:
    """A Swedish message for a ruamel/libyaml syntax error (a Swedish fallback when the
    parser's message is one we do not know)."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark
    if mark is not None and _tab_in_indent(text, mark.line):
        return "YAML-syntaxfel: tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    if "document start" in problem and mark is not None:
        end = _document_end_before(text, mark.line)
        if end is not None:
            return (f"YAML-syntaxfel: raden '...' (rad {end}) avslutar YAML-dokumentet, så det "
                    "som följer kan inte läsas; ta bort raden")
    for english, swedish in _TRANSLATIONS.items():
        if problem.startswith(english):
            where = ""
            context_mark = exc.context_mark
            if (english == "found unexpected end of stream" and context_mark is not None
                    and mark is not None and context_mark.line != mark.line):
                where = f"; värdet börjar på rad {context_mark.line + 1}"
            return f"YAML-syntaxfel: {swedish}{where}"
    return f"YAML-syntaxfel: {_UNKNOWN}"


_KEY_LINE = re.compile(r"(?P<indent> *)(?:- +)*"  # a key, perhaps of a list item
                       r"(?P<key>[^\s#'\"\-\[{][^:#]*?|\"[^\"]*\"|'[^']*'):(?: |$)")
_ITEM_LINE = re.compile(r"(?P<indent> *)- ")
_INDENT_ERRORS = ("did not find expected key", "expected <block end>, but found",
                  "did not find expected '-' indicator")


def indentation_advice(exc: Any, text: str) -> tuple[int, int, str] | None:
    """(line, column, message) for a syntax error that is an over-indented key or list
    item, at the line that is indented wrong; None for any other error.

    The parser stops where indentation no longer fits: after an over-indented key that is
    the next `:` ("mapping values are not allowed", read as the continuation of the value
    above), after an over-indented list item it is the next, rightly indented, item."""
    mark = exc.problem_mark
    problem = (exc.problem or "").strip()
    if mark is None:
        return None
    lines = text.split("\n")
    if not 0 <= mark.line < len(lines):
        return None
    here = lines[mark.line]
    if problem.startswith("mapping values are not allowed"):
        key = _KEY_LINE.match(here)
        above = _content_line_before(lines, mark.line)
        if key is None or above is None:
            return None
        above_key = _KEY_LINE.match(lines[above])
        indent = len(key.group("indent"))
        if above_key is None or indent <= above_key.start("key"):
            return None
        above_name = above_key.group("key").strip()
        if _ITEM_LINE.match(here):
            return (mark.line + 1, indent + 1,
                    f"YAML-syntaxfel: fel indrag: listposten är indragen mer än "
                    f"'{above_name}:' på raden ovanför (rad {above + 1}); ge den samma "
                    "indrag som de andra posterna i sin lista")
        return (mark.line + 1, indent + 1,
                f"YAML-syntaxfel: fel indrag: '{key.group('key').strip()}:' är indragen mer "
                f"än '{above_name}:' på raden ovanför (rad {above + 1}); nycklar i samma "
                "mappning ska ha samma indrag")
    if any(problem.startswith(error) for error in _INDENT_ERRORS):
        item = _ITEM_LINE.match(here)
        above = _content_line_before(lines, mark.line)
        if item is None or above is None:
            return None
        indent = len(item.group("indent"))
        # The lines above indented deeper belong to the over-indented item(s): the
        # topmost of them is where the indentation went wrong.
        first, cursor = None, above
        while cursor is not None and _indent(lines[cursor]) > indent:
            first, cursor = cursor, _content_line_before(lines, cursor)
        if first is not None and _ITEM_LINE.match(lines[first]):
            return (first + 1, _indent(lines[first]) + 1,
                    f"YAML-syntaxfel: fel indrag: listposten är indragen mer än posten på "
                    f"rad {mark.line + 1}; poster i samma lista ska ha samma indrag")
        above_key = _KEY_LINE.match(lines[above])
        if above_key is not None and len(above_key.group("indent")) == indent:
            return (mark.line + 1, indent + 1,
                    "YAML-syntaxfel: fel indrag: listposten ('-') står på samma indrag som "
                    f"nyckeln '{above_key.group('key').strip()}:' ovanför (rad {above + 1}); "
                    "ge den samma indrag som de andra posterna i sin lista")
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line_before(lines: list[str], index: int) -> int | None:
    """The index of the nearest line before `index` that is not blank or a comment."""
    for number in range(index - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _document_end_before(text: str, line_index: int) -> int | None:
    """1-based line of a '...' (document end) line before line_index, if there is one."""
    lines = text.split("\n")[:line_index + 1]
    for number in range(len(lines) - 1, -1, -1):
        if _DOCUMENT_END.match(lines[number].rstrip("\r")):
            return number + 1
    return None


def _tab_in_indent(text: str, line_index: int) -> bool:
    """True when the line the parser stopped at is indented with a tab."""
    lines = text.split("\n")
    if not 0 <= line_index < len(lines):
        return False
    line = lines[line_index]
    return "\t" in line[: len(line) - len(line.lstrip(" \t"))]
