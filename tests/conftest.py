from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

SEED_NAME = "klassificeringsstruktur-rs.txt"


def seed_path() -> Path:
    """The seed text the data file was transcribed from. It lives outside the repository:
    in `shared/seed/` beside the checkout (`../shared/seed/`, as in CI), or in the nearest
    such folder further up; $VGRKLASS_SEED_DIR overrides. The first candidate is
    returned when none has it, so a skip names where it was looked for."""
    override = os.environ.get("VGRKLASS_SEED_DIR")
    here = Path(__file__).parent
    checkouts = [here.parent, here.resolve().parent]  # as given, and through symlinks
    candidates = [Path(override)] if override else []
    candidates += [parent / "shared" / "seed" for checkout in checkouts
                   for parent in checkout.parents]
    for candidate in candidates:
        if (candidate / SEED_NAME).is_file():
            return candidate / SEED_NAME
    return candidates[0] / SEED_NAME


# In CI (CI=true) every test must run: a skip means something the tests need is missing
# (chromium, LibreOffice, git, the seed), and that fails the run instead of hiding.
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} hoppades över ({reason}), men i CI (CI=true) ska "
                           "varje test köras: installera det som saknas (se .ci/run)")


def _skipped(config) -> list:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Skips outside a test's own run (a whole module, at collection) fail CI as well.
    if IN_CI and _skipped(config):
        terminalreporter.write_line(
            f"fel: {len(_skipped(config))} test hoppades över, men i CI (CI=true) ska varje "
            "test köras: installera det som saknas (se .ci/run)", red=True)


def pytest_sessionfinish(session, exitstatus):
    if IN_CI and _skipped(session.config) and session.exitstatus == 0:
        session.exitstatus = 1

def parse_file(path: Path):
    """A file's text parsed and schema-checked (`parse.parse_text`), as the rules see it."""
    from vgrklass.load import read_text
    from vgrklass.parse import parse_text

    return parse_text(read_text(path), str(path))


def processes_yaml(processes, text_field: str, title: str, diarienummer: str) -> str:
    """A structure of processes under one VO, written as JSON (which is YAML too): each
    process (code, title, examples, text), the text in `text_field` ('description',
    'comments') when there is one."""
    import json

    return json.dumps({
        "meta": {"title": title, "organisation": "Testregionen", "version": "1.0:2020",
                 "valid_from": "2021-01-01", "diarienummer": diarienummer},
        "nodes": [{"code": "1", "kind": "VO", "title": "GE STÖD", "children": [
            {"code": code, "kind": "P", "title": name, "examples": examples,
             **({text_field: text} if text else {})}
            for code, name, examples, text in processes]}],
    }, ensure_ascii=False, indent=1)


MINIMAL = """\
meta:
  title: Testafter struktur
  organisation: Testregionen
  version: "1.0:2020"
  valid_from: 2021-01-01
  diarienummer: RS 2020-1
nodes:
  - code: "1"
    kind: VO
    title: STYRA
    children:
      - code: "1.1"
        kind: P
        title: Utföra politiskt ledningsarbete
        description: Här ligger det politiska arbetet.
        examples:
          - protokoll
          - kallelse till sammanträde
        handling: Handlingar och ärenden stannar kvar i regionstyrelsen.
  - code: "2"
    kind: VO
    title: GE VERKSAMHETSSTÖD
    children:
      - code: "2.1"
        kind: PG
        title: Administrera ekonomi
        children:
          - code: "2.1.1"
            kind: P
            title: Hantera kostnader från leverantör
            examples:
              - leverantörsfaktura
              - följesedel
          - code: "2.1.2"
            kind: P
            title: Köpa in gammalt
            removed: 2021-01-01
            removed_as: Upphörd
      - code: "2.2"
        kind: P
        title: Hantera bemanning
        added: 2019-01-01
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Tests never read or write the user's real cache."""
    monkeypatch.setenv("VGRKLASS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write YAML text (dedented) to a file and return its path."""

    def write(text: str, name: str = "struktur.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def minimal_yaml(write_yaml) -> Path:
    return write_yaml(MINIMAL)
