"""Dates as users type them, and the 'in force' rule."""

from __future__ import annotations

import datetime as dt


class DateInputError(ValueError):
    """A date typed by a user that does not exist or is malformed."""


def parse_date(text: str) -> dt.date:
    """Parse an ISO date (YYYY-MM-DD) strictly, with a Swedish message on failure."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DateInputError(
            f"ogiltigt datum: {text!r} (ange ett datum som finns, på formen ÅÅÅÅ-MM-DD)"
        ) from None


def today() -> dt.date:
    return dt.date.today()


def in_force(added: dt.date | None, removed: dt.date | None, on: dt.date) -> bool:
    """A node is in force on a date when added <= date < removed; a missing bound is open."""
    return (added is None or added <= on) and (removed is None or on < removed)
