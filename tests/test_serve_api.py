"""vgrklass serve's JSON API, in-process: each endpoint answers exactly what its CLI
command prints with --format json, and bad input gets a 4xx with a Swedish message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from tests.serve_data import DAY, WEB
from typer.testing import CliRunner

from vgrklass.cli import app as cli
from vgrklass.web.app import create_app
from vgrklass.web.params import MAX_QUERY

UPLOAD_LIMIT_MB = 0.02  # 20 kB, so that an oversized upload is cheap to make


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(WEB)


@pytest.fixture
def client(data):
    with TestClient(create_app(data, poll=None, max_upload_mb=UPLOAD_LIMIT_MB)) as c:
        yield c


def cli_json(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


# --- the same JSON as the CLI --------------------------------------------------------------

@pytest.mark.parametrize("query", ["leverantörsfaktura", "Leverantörsfakturor", "följesedlar",
                                   "protokoll", "ingenting som finns"])
def test_find_answers_what_find_format_json_prints(client, data, query):
    response = client.get("/api/find", params={"q": query, "date": DAY})
    assert response.status_code == 200
    assert response.json() == cli_json("find", query, "--date", DAY, "--format", "json",
                                       "--data", str(data))


def test_find_limit_and_all_are_finds_options(client, data):
    response = client.get("/api/find", params={"q": "inköp", "date": DAY, "limit": "1",
                                               "all": "1"})
    assert response.json() == cli_json("find", "inköp", "--date", DAY, "--limit", "1", "--all",
                                        "--format", "json", "--data", str(data))


@pytest.mark.parametrize("code", ["2.1.1", "1", "2.1", "2.1.2", "P 2.1.1"])
def test_node_answers_what_show_format_json_prints(client, data, code):
    response = client.get(f"/api/nodes/{code}")
    assert response.status_code == 200
    assert response.json() == cli_json("show", code, "--format", "json", "--data", str(data))


def test_node_has_references_in_both_directions(client):
    node = client.get("/api/nodes/2.1.1").json()
    assert [r["target"] for r in node["refs_out"]] == ["1.1"]
    assert sorted(r["source"] for r in node["refs_in"]) == ["1.1", "2.1.2"]
    assert [a["code"] for a in node["ancestors"]] == ["2", "2.1"]


@pytest.mark.parametrize("args", [{"date": DAY}, {"date": "2020-06-01"},
                                  {"date": DAY, "all": "1"}])
def test_tree_answers_what_tree_format_json_prints(client, data, args):
    response = client.get("/api/tree", params=args)
    expected = cli_json("tree", "--date", args["date"], *(["--all"] if "all" in args else []),
                        "--format", "json", "--data", str(data))
    assert response.json() == expected


def test_classify_answers_what_classify_format_json_prints(client, data, tmp_path):
    document = tmp_path / "faktura.txt"
    document.write_text("Leverantörsfaktura\n\nFaktura från leverantören, följesedel bifogad.\n",
                        encoding="utf-8")
    with document.open("rb") as handle:
        response = client.post("/api/classify", params={"date": DAY},
                               files={"fil": ("faktura.txt", handle, "text/plain")})
    assert response.status_code == 200, response.text
    expected = cli_json("classify", str(document), "--date", DAY, "--format", "json",
                        "--data", str(data))
    assert response.json() == expected
    assert expected and expected[0]["code"] == "2.1.1"


def test_health_names_the_structure_served(client, data):
    health = client.get("/api/health").json()
    assert health["status"] == "ok"
    assert health["reload_error"] is None
    assert health["data_file"] == str(data)
    assert health["structure"]["nodes"] == 7


# --- the OpenAPI description ---------------------------------------------------------------

def test_openapi_describes_every_api_route_and_nothing_else(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    routes = {(r.path, method.lower()) for r in client.app.routes if isinstance(r, Route)
              and r.path.startswith("/api/") for method in r.methods if method != "HEAD"}
    described = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert described == routes


def test_openapi_references_resolve(client):
    spec = client.get("/api/openapi.json").json()
    text = json.dumps(spec)
    for name in {ref.split("/")[-1] for ref in _refs(spec)}:
        assert name in spec["components"]["schemas"], name
    assert "#/components/schemas/Hit" in text


def _refs(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref":
                yield item
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


# --- bad input -------------------------------------------------------------------------------

def test_unknown_code_is_404_in_swedish(client):
    assert error_of(client.get("/api/nodes/9.9"), 404) == "koden 9.9 finns inte i strukturen"


@pytest.mark.parametrize("path", ["/api/find?q=faktura&date=2021-02-30",
                                  "/api/find?q=faktura&date=igår",
                                  "/api/tree?date=2021-13-01"])
def test_impossible_date_is_400(client, path):
    assert "ogiltigt datum" in error_of(client.get(path), 400)


@pytest.mark.parametrize("path", ["/api/find", "/api/find?q=", "/api/find?q=%20%20"])
def test_empty_query_is_400(client, path):
    assert "sökfrågan är tom" in error_of(client.get(path), 400)


def test_huge_query_is_400_and_says_the_limit(client):
    message = error_of(client.get("/api/find", params={"q": "faktura " * 2000}), 400)
    assert f"högst {MAX_QUERY}" in message


def test_query_just_under_the_limit_is_answered(client):
    query = ("leverantörsfaktura " * 30)[:MAX_QUERY]
    assert client.get("/api/find", params={"q": query, "date": DAY}).status_code == 200


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "101", "1e3"])
def test_bad_limit_is_400(client, limit):
    assert "ogiltigt antal" in error_of(client.get(f"/api/find?q=faktura&limit={limit}"), 400)


def test_oversized_upload_is_413(client):
    big = b"faktura " * 5000  # 40 kB > 20 kB
    response = client.post("/api/classify", files={"fil": ("stor.txt", big, "text/plain")})
    assert "för stor" in error_of(response, 413)


def test_oversized_upload_without_content_length_is_413(client):
    """A chunked body is counted as it arrives, not trusted to be small."""
    boundary = "grans"

    def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; "
               f"filename=\"stor.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()
        for _ in range(200):
            yield b"faktura " * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/classify", content=body(),
                           headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert "för stor" in error_of(response, 413)


def test_upload_must_be_multipart(client):
    response = client.post("/api/classify", content=b"faktura",
                           headers={"content-type": "text/plain"})
    assert "multipart/form-data" in error_of(response, 415)


def test_upload_without_a_file_is_400(client):
    response = client.post("/api/classify", files={"datum": (None, DAY)})
    assert "välj ett dokument" in error_of(response, 400)


def test_upload_of_two_files_is_400(client):
    response = client.post("/api/classify", files=[("a", ("a.txt", b"faktura")),
                                                   ("b", ("b.txt", b"faktura"))])
    assert "ett dokument i taget" in error_of(response, 400)


def test_upload_of_unknown_format_is_415(client):
    response = client.post("/api/classify", files={"fil": ("bild.png", b"\x89PNG", "image/png")})
    assert "okänt filformat .png" in error_of(response, 415)


def test_unreadable_upload_is_422_and_named_as_uploaded(client):
    response = client.post("/api/classify", files={"fil": ("tom.txt", b"   \n", "text/plain")})
    message = error_of(response, 422)
    assert message.startswith("tom.txt: ")
    assert "vgrklass-" not in message  # never the server's temporary path


def test_upload_name_cannot_escape_the_temporary_directory(client, tmp_path):
    response = client.post("/api/classify", params={"date": DAY},
                           files={"fil": ("../../x/faktura.txt", b"Leverantorsfaktura\n")})
    assert response.status_code == 200
    assert not (tmp_path.parent / "x").exists()


def test_wrong_method_and_unknown_path_are_json_in_swedish(client):
    assert error_of(client.get("/api/classify"), 405) == "metoden stöds inte här"
    assert error_of(client.get("/api/finns-inte"), 404) == "sidan finns inte"


# --- headers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/nod/2.1.1", "/api/find?q=faktura", "/api/nodes/9",
                                  "/finns-inte", "/static/app.css"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_json_is_utf8_and_unescaped(client):
    response = client.get("/api/nodes/2.1.1")
    assert response.headers["content-type"] == "application/json"
    assert "leverantörsfaktura".encode() in response.content


def test_behind_a_proxy_prefix_links_errors_and_assets_keep_it(data):
    with TestClient(create_app(data, poll=None), root_path="/klass") as c:
        page = c.get("/klass/nod/2.1.1").text
        assert 'href="/klass/nod/1.1"' in page and 'src="/klass/static/app.js?v=' in page
        assert error_of(c.get("/klass/api/nodes/9"), 404) == "koden 9 finns inte i strukturen"
        assert "max-age" in c.get("/klass/static/app.css").headers["cache-control"]
        redirect = c.get("/klass/nod/P 2.1.1", follow_redirects=False)
        assert redirect.headers["location"] == "/klass/nod/2.1.1"
