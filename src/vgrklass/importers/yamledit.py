"""Small edits of a round-trip (ruamel) document that change only what they must.

A value keeps its quoting when it is replaced, a new key goes where the data format puts
it (dataformat.md's key order), a multi-line text becomes a `|-` block, a removed
value removes its key, and examples stay plain text until they get a field.
"""

from __future__ import annotations

from typing import Any

from vgrklass.structure import EXAMPLE_INFO_FIELDS

NODE_KEYS = ("code", "kind", "title", "added", "removed", "removed_as", "description",
             "examples", "sokord", "comments", "handling", "children")
EXAMPLE_KEYS = ("text", *EXAMPLE_INFO_FIELDS)


def styled(old: Any, value: Any) -> Any:
    """`value` written the way `old` was (quotes kept); multi-line text as a `|-` block."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if not isinstance(value, str):
        return value
    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, DoubleQuotedScalarString | SingleQuotedScalarString):
        return type(old)(value)
    return value


def set_key(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> bool:
    """Set (or, for None, remove) one key; returns whether the mapping changed."""
    if value is None:
        if key in mapping:
            del mapping[key]
            return True
        return False
    if key in mapping:
        if mapping[key] == value:
            return False
        mapping[key] = styled(mapping[key], value)
        return True
    rank = order.index(key) if key in order else len(order)
    position = sum(1 for k in mapping if (order.index(k) if k in order else len(order)) < rank)
    mapping.insert(position, key, styled(None, value))
    return True


def new_mapping(items: list[tuple[str, Any]]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in items:
        if value is not None:
            mapping[key] = styled(None, value)
    return mapping


def example_item(text: Any, fields: dict[str, str | None]) -> Any:
    """An example as the file writes it: the text alone, or a mapping when it has fields."""
    if not any(fields.values()):
        return text
    return new_mapping([("text", text), *((k, fields.get(k)) for k in EXAMPLE_INFO_FIELDS)])


def update_example(item: Any, fields: dict[str, str | None]) -> Any:
    """The example item with `fields` set (a key absent from `fields` is left as it is);
    a mapping left with only its text becomes plain text again."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(item, CommentedMap):
        return example_item(item, fields)
    changed = [set_key(item, key, value, EXAMPLE_KEYS) for key, value in fields.items()]
    return item["text"] if any(changed) and list(item) == ["text"] else item


def code_sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))
