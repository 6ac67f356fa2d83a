"""The JSON API for other systems (case management, intranet search): each endpoint
returns what the matching CLI command prints with `--format json` (docs/serve.md).

Errors are `{"error": "<svenskt meddelande>"}` with a 4xx status (see app.py).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vgrklass.dates import today
from vgrklass.web import answers, params
from vgrklass.web.live import LiveData
from vgrklass.web.openapi import openapi


def _live(request: Request) -> LiveData:
    return request.app.state.live


def find(request: Request) -> JSONResponse:
    args = request.query_params
    hits = answers.find(_live(request).current, params.query(args.get("q")),
                        params.date(args.get("date")) or today(), params.limit(args.get("limit")),
                        params.flag(args.get("all")))
    return JSONResponse(hits)


def node(request: Request) -> JSONResponse:
    from vgrklass.nodeview import node_view

    code = request.path_params["code"]
    view = node_view(_live(request).current.structure, code)
    if view is None:
        raise params.RequestError(f"koden {code} finns inte i strukturen", 404)
    return JSONResponse(view.as_dict())


def tree(request: Request) -> JSONResponse:
    from vgrklass.nodeview import tree_view

    args = request.query_params
    view = tree_view(_live(request).current.structure, params.date(args.get("date")) or today(),
                     include_removed=params.flag(args.get("all")))
    return JSONResponse(view.as_list())


async def classify(request: Request) -> JSONResponse:
    from vgrklass.extract import ExtractError

    args = request.query_params
    on = params.date(args.get("date")) or today()
    limit = params.limit(args.get("limit"), default=3)
    upload = await params.upload(request, request.app.state.max_upload)
    try:
        outcome = await run_in_threadpool(answers.classify_upload, _live(request).current,
                                          upload.filename, upload.data, on, limit)
    except ExtractError as exc:
        raise params.RequestError(str(exc), 415 if exc.kind == "unknown_format" else 422) \
            from None
    return JSONResponse(outcome.as_list())


def health(request: Request) -> JSONResponse:
    return JSONResponse(_live(request).health())


def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(openapi(request.scope.get("root_path", "")))


routes = [
    Route("/api/find", find, methods=["GET"]),
    Route("/api/nodes/{code}", node, methods=["GET"]),
    Route("/api/tree", tree, methods=["GET"]),
    Route("/api/classify", classify, methods=["POST"]),
    Route("/api/health", health, methods=["GET"]),
    Route("/api/openapi.json", openapi_json, methods=["GET"]),
]
