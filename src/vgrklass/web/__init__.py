"""`vgrklass serve`: the structure in the browser for registrars, with a JSON API for
other systems. A Starlette (ASGI) app run by uvicorn; templates in Jinja2.

    app.py      the app: routes, security headers, Swedish errors
    live.py     the structure served, re-read when the data file changes
    answers.py  each question answered by the library call its CLI command makes
    params.py   request parameters read strictly, with Swedish messages
    pages.py    the HTML pages;  api.py  the JSON API;  openapi.py  its description
    templates/, static/   Jinja2 templates and the app's own CSS and JavaScript

Nothing here ranks, classifies or shapes JSON: that is the library's (see answers.py).
"""
