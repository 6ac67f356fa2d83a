"""The ASGI application behind `vgrklass serve`: routes, security headers, errors.

`create_app()` builds it for one data file. Called without arguments (as uvicorn's
factory in each worker process) it takes the data file from $VGRKLASS_DATA (set by
`vgrklass serve`, like every command's --data) and the upload limit from
$VGRKLASS_MAX_UPLOAD_MB.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vgrklass.web import api, pages
from vgrklass.web.live import POLL_SECONDS, LiveData
from vgrklass.web.params import RequestError, app_path

MAX_UPLOAD_MB = 20.0  # a document for classify; scanned annual reports stay below this
MAX_UPLOAD_ENV = "VGRKLASS_MAX_UPLOAD_MB"
STATIC = Path(__file__).resolve().parent / "static"

# No inline script or style anywhere, and nothing from other hosts (intranets have no CDN).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)
STATIC_CACHE = "public, max-age=86400"  # asset links carry ?v=<content hash>


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response, and a cache time
    for the static assets."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = app_path(scope).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
                if static and message["status"] == 200:
                    headers["cache-control"] = STATIC_CACHE
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return app_path(request.scope).startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    """A Swedish error: JSON `{"error": ...}` under /api/, else a page."""
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return pages.error_page(request, status, message)


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return error_response(request, exc.status, str(exc))


_HTTP_MESSAGES = {
    404: "sidan finns inte",
    405: "metoden stöds inte här",
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _HTTP_MESSAGES.get(exc.status_code, "begäran kunde inte besvaras")
    response = error_response(request, exc.status_code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    response = error_response(request, 500, "internt fel i vgrklass; försök igen, och "
                                            "kontakta förvaltningen om felet består")
    # Starlette answers this outside the middleware stack: add the headers here.
    response.headers.update(dict(SECURITY_HEADERS))
    return response


def create_app(data: Path | None = None, *, poll: float | None = POLL_SECONDS,
               max_upload_mb: float | None = None) -> Starlette:
    """The web app for a data file (default as for every command: --data, $VGRKLASS_DATA,
    the shipped structure). Raises DataError when the file cannot be used at start."""
    from vgrklass.datafile import resolve_data_path

    live = LiveData(resolve_data_path(data), poll)
    if max_upload_mb is None:
        max_upload_mb = float(os.environ.get(MAX_UPLOAD_ENV) or MAX_UPLOAD_MB)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        live.start()
        try:
            yield
        finally:
            live.stop()

    app = Starlette(
        routes=[*api.routes, *pages.routes,
                Mount("/static", StaticFiles(directory=STATIC), name="static")],
        exception_handlers={RequestError: _request_error, HTTPException: _http_error,
                            500: _server_error},
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders)
    app.state.live = live
    app.state.max_upload = int(max_upload_mb * 1_000_000)
    app.state.templates = pages.environment()
    return app
