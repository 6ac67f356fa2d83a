"""vgrklass serve re-reads the data file when its content changes, without a restart; a
broken edit keeps the last good structure served and is reported at /api/health."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.serve_data import WEB

from vgrklass.web.app import create_app

NEW_TITLE = "Hantera kostnader från leverantörer och andra"


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(WEB)


@pytest.fixture
def app(data):
    return create_app(data, poll=None)  # tests call refresh() themselves


def edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # A new mtime even on file systems with coarse time stamps.
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def title_of(client, code: str) -> str:
    return client.get(f"/api/nodes/{code}").json()["title"]


def test_an_edit_is_served_after_refresh(app, data):
    with TestClient(app) as client:
        edit(data, WEB.replace("Hantera kostnader från leverantör\n", NEW_TITLE + "\n"))
        assert app.state.live.refresh() is True
        assert title_of(client, "2.1.1") == NEW_TITLE
        assert client.get("/api/health").json()["status"] == "ok"


def test_a_broken_edit_keeps_the_last_good_structure_and_is_reported(app, data):
    with TestClient(app) as client:
        good = client.get("/api/health").json()["digest"]
        edit(data, WEB.replace('code: "2.1.2"', 'code: "2.1.1"'))  # a duplicate code
        assert app.state.live.refresh() is False
        assert title_of(client, "2.1.2") == "Köpa in gammalt"
        health = client.get("/api/health").json()
        assert health["status"] == "fel"
        assert health["digest"] == good
        problem = health["reload_error"]["problems"][0]
        assert problem["severity"] == "fel" and problem["line"] and problem["file"] == str(data)
        assert "senast fungerande" in client.get("/").text
        # Fixed again: served, and the report is gone.
        edit(data, WEB.replace("Hantera kostnader från leverantör\n", NEW_TITLE + "\n"))
        assert app.state.live.refresh() is True
        assert client.get("/api/health").json()["reload_error"] is None
        assert title_of(client, "2.1.1") == NEW_TITLE


def test_a_yaml_syntax_error_is_reported_with_its_line(app, data):
    with TestClient(app) as client:
        edit(data, WEB + "  - [\n")
        app.state.live.refresh()
        health = client.get("/api/health").json()
        assert health["status"] == "fel"
        assert health["reload_error"]["problems"][0]["line"] >= WEB.count("\n")
        assert client.get("/api/find", params={"q": "följesedel"}).json()[0]["code"] == "2.1.1"


def test_a_deleted_file_keeps_the_service_up(app, data):
    with TestClient(app) as client:
        data.unlink()
        app.state.live.refresh()
        health = client.get("/api/health").json()
        assert health["status"] == "fel"
        assert "finns inte" in health["reload_error"]["problems"][0]["message"]
        assert client.get("/nod/2.1.1").status_code == 200
        edit(data, WEB)
        app.state.live.refresh()
        assert client.get("/api/health").json()["status"] == "ok"


def test_a_touch_without_a_change_does_not_reload(app, data):
    before = app.state.live.current
    edit(data, WEB)
    assert app.state.live.refresh() is False
    assert app.state.live.current is before


def test_the_server_watches_the_file_by_itself(data):
    app = create_app(data, poll=0.05)
    with TestClient(app) as client:
        edit(data, WEB.replace("Hantera kostnader från leverantör\n", NEW_TITLE + "\n"))
        deadline = time.monotonic() + 10
        while title_of(client, "2.1.1") != NEW_TITLE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert title_of(client, "2.1.1") == NEW_TITLE
    assert app.state.live._thread is None  # stopped with the app


def test_a_file_broken_at_start_is_refused(write_yaml):
    from vgrklass.problems import DataError

    with pytest.raises(DataError):
        create_app(write_yaml(WEB.replace('code: "2.1.2"', 'code: "2.1.1"')), poll=None)
