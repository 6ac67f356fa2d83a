"""docs/arkitektur.md names every module of the package, so a newcomer can find where a
behaviour lives: a new module without a line there fails this test."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "vgrklass"


def modules() -> list[str]:
    """Every module as the document names it: `search/rank.py`, `cache.py` (no __init__,
    __main__ or data folders)."""
    return sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                  if path.name not in ("__init__.py", "__main__.py"))


def test_every_module_is_in_the_architecture_doc():
    text = (ROOT / "docs" / "arkitektur.md").read_text(encoding="utf-8")
    missing = []
    for module in modules():
        folder, _, name = module.rpartition("/")
        # Named with its folder (`search/rank.py`), or by file name in its folder's row
        # (`classify/`: ... (`fields.py`), ...).
        if f"`{module}`" in text or module in text:
            continue
        if folder and f"`{name}`" in text and f"{folder}/" in text:
            continue
        missing.append(module)
    assert not missing, f"docs/arkitektur.md nämner inte {missing}"


def test_module_list_is_read():
    assert "search/rank.py" in modules() and "cache.py" in modules()
