"""What a request asks for, read strictly, with Swedish messages for what is wrong.

Pages and API read the same parameters through these functions, so a bad date or an
oversized query is refused with the same words everywhere (as 400 Bad Request).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from starlette.requests import Request

from vgrklass.dates import DateInputError, parse_date
from vgrklass.search.find import MAX_QUERY  # one limit for the CLI and the web

__all__ = ["MAX_QUERY"]
MAX_LIMIT = 100
DEFAULT_LIMIT = 10


class RequestError(ValueError):
    """A parameter that cannot be used; the message is for the user."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def app_path(scope: dict) -> str:
    """The request's path within the app: without the prefix a reverse proxy serves it
    under (--root-path), which Starlette keeps in the path."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def query(value: str | None, *, required: bool = True) -> str:
    text = " ".join((value or "").split())
    if not text and required:
        raise RequestError("sökfrågan är tom; skriv en handlingstyp, t.ex. leverantörsfaktura")
    if len(text) > MAX_QUERY:
        raise RequestError(f"sökfrågan är {len(text)} tecken; högst {MAX_QUERY} går att söka "
                         "på. Skriv handlingstypen, eller klassificera hela dokumentet")
    return text


def date(value: str | None) -> dt.date | None:
    """A date as ÅÅÅÅ-MM-DD, or None when not given (the caller decides: today)."""
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value)
    except DateInputError as exc:
        raise RequestError(str(exc)) from None


def limit(value: str | None, default: int = DEFAULT_LIMIT) -> int:
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_LIMIT:
        raise RequestError(f"ogiltigt antal: {value!r} (ange ett heltal från 1 till {MAX_LIMIT})")
    return number


def flag(value: str | None) -> bool:
    """A yes/no parameter: 1, true, ja, on are yes; absent or anything else is no."""
    return (value or "").strip().casefold() in {"1", "true", "ja", "on", "yes"}


# --- an uploaded document ----------------------------------------------------------------

MULTIPART_OVERHEAD = 64 * 1024  # room for the form's boundaries and small fields


class Upload(NamedTuple):
    filename: str
    data: bytes
    fields: dict[str, str]  # the form's other (text) fields


async def upload(request: Request, max_bytes: int) -> Upload:
    """The one file of a multipart/form-data request, refused with 413 as soon as the
    body grows past `max_bytes` (before it is all read: a client cannot fill memory)."""
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException
    from starlette.formparsers import MultiPartException

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise RequestError("skicka dokumentet som multipart/form-data med ett filfält, "
                         "t.ex. curl -F fil=@dokument.pdf", 415)
    too_big = RequestError(f"filen är för stor; högst {_megabytes(max_bytes)} tas emot", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + MULTIPART_OVERHEAD:
        raise too_big
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes + MULTIPART_OVERHEAD:
            raise too_big
    try:
        form = await _replayed(request, bytes(body)).form(max_files=1, max_fields=20)
    except (MultiPartException, HTTPException) as exc:  # Starlette wraps the first
        many = "too many files" in str(getattr(exc, "detail", exc)).casefold()
        raise RequestError("skicka ett dokument i taget" if many else
                         "uppladdningen kunde inte läsas (trasig multipart/form-data)") from None
    files = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
    if len(files) != 1 or not files[0].filename:
        raise RequestError("välj ett dokument att klassificera (.txt, .md, .pdf eller .docx)")
    data = await files[0].read()
    if len(data) > max_bytes:
        raise too_big
    fields = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    return Upload(files[0].filename, data, fields)


def _replayed(request: Request, body: bytes) -> Request:
    """The request again, with its body already read (for the form parser)."""
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"
