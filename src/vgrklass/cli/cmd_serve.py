"""vgrklass serve: the structure in the browser and as a JSON API (src/vgrklass/web/)."""

from __future__ import annotations

from typing import Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import DataOption, console, die, load_data


@app.command(short_help="Starta webbtjänsten: sökning och strukturen i webbläsaren, "
                        "och ett JSON-API.")
def serve(
    host: Annotated[str, typer.Option(
        "--host", metavar="ADRESS",
        help="Adressen att lyssna på; 0.0.0.0 för alla nätverkskort (bakom en omvänd proxy: "
             "behåll 127.0.0.1).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", metavar="PORT", min=1, max=65535,
                                      help="Porten att lyssna på.")] = 8000,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=1, max=64,
        help="Antal processer som svarar (ungefär en per processorkärna).")] = 1,
    root_path: Annotated[str, typer.Option(
        "--root-path", metavar="SÖKVÄG", show_default=False,
        help="Sökvägen tjänsten nås under via en omvänd proxy, t.ex. /klassificering.")] = "",
    max_upload: Annotated[float, typer.Option(
        "--max-upload", metavar="MB", min=0.01,
        help="Största dokument (MB) som klassificeras; större får svaret 413.")] = 20.0,
    access_log: Annotated[bool, typer.Option(
        "--access-log", help="Skriv en rad per anrop på standard ut.")] = False,
    data: DataOption = None,
) -> None:
    """Starta webbtjänsten: sök, en sida per process, strukturen per datum, klassificering
    av dokument och ett JSON-API (se docs/serve.md).

    Datafilen läses om när innehållet ändras, utan omstart; en ändring som inte går att
    läsa ger fortsatt den senast fungerande strukturen och syns i /api/health.
    """
    import os

    from vgrklass import cache
    from vgrklass.datafile import ENV_VAR
    from vgrklass.search.cached import load_index
    from vgrklass.web.app import MAX_UPLOAD_ENV

    root_path = root_path.rstrip("/")
    if root_path and not root_path.startswith("/"):
        die(f"--root-path ska börja med /, t.ex. /{root_path}")
    loaded = load_data(data)  # a broken file stops here, in Swedish, before anything listens
    structure, path = loaded.structure, loaded.file.path.resolve()
    load_index(structure)  # cached now: every worker starts at once
    _check_port_free(host, port)
    # A long-lived process: objects loaded from the cache must stay collectable.
    cache.freeze_after_load = False
    # Each worker builds the app itself (uvicorn's factory) and reads these.
    os.environ[ENV_VAR] = str(path)
    os.environ[MAX_UPLOAD_ENV] = str(max_upload)
    if not cache.enabled():
        os.environ["VGRKLASS_NO_CACHE"] = "1"
    console().print(f"vgrklass serve: {structure.meta.title} ({loaded.name}, "
                    f"{len(structure)} noder) på "
                    f"{_url(host, port, root_path)}\nAvsluta med Ctrl+C.",
                    markup=False, highlight=False)
    import uvicorn

    uvicorn.run("vgrklass.web.app:create_app", factory=True, host=host, port=port,
                workers=workers, root_path=root_path, log_level="warning",
                access_log=access_log, server_header=False)


def _url(host: str, port: int, root_path: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        import socket

        host = socket.gethostname()
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{root_path}/"


def _check_port_free(host: str, port: int) -> None:
    """A taken port or an unknown address as a Swedish error, not uvicorn's English one."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        die(f"okänd adress för --host: {host}")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            from vgrklass.fileio import os_error_text

            die(f"kan inte lyssna på {host}:{port} ({os_error_text(exc)}); är porten "
                "upptagen? Välj en annan med --port")
