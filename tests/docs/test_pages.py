"""Checks of the documentation's content that a build cannot make."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spotipy import Spotify

DOCS = Path(__file__).resolve().parents[2] / "docs"
ROOT = DOCS.parent


def migration_targets() -> list[str]:
    """Every method named in the right-hand column of the migration tables."""
    names: list[str] = []
    for line in (DOCS / "migration.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not line.startswith("|") or set(cells[1]) <= {"-"}:
            continue
        names += list(re.findall(r"`([a-z_][a-z0-9_]*)`", cells[1]))
    return names


def test_migration_names_are_methods_of_the_client() -> None:
    names = migration_targets()
    assert len(names) > 80
    missing = sorted({n for n in names if not hasattr(Spotify, n)})
    assert missing == []


def test_every_client_area_has_a_reference_page() -> None:
    areas = sorted(p.stem for p in (ROOT / "src/spotipy/client/_api").glob("[a-z]*.py"))
    pages = sorted(p.stem for p in (DOCS / "reference/endpoints").glob("*.md"))
    assert pages == areas


def test_mkdocs_nav_lists_every_page() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(
        p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "_scripts" not in p.parts
    )
    assert [p for p in pages if p not in config] == []


def test_offline_theme_settings() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*font: false", config, re.M), "Google Fonts would be fetched"
    assert "strict: true" in config
    assert "unpkg" not in config
    assert "cdn" not in config.lower()


def test_chart_reads_the_bench_figures(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("chart", ROOT / "bench" / "chart.py")
    assert spec is not None
    assert spec.loader is not None
    chart = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chart)
    readme = (
        "# B\n\n## Latest figures\n\n| case | raw httpx + json.loads | spotipy | ratio |\n"
        "|---|---|---|---|\n| one | 1,000 µs | 250 µs | 0.25x |\n\n## Older\n\n"
        "| case | raw httpx | spotipy | ratio |\n|---|---|---|---|\n| old | 7 µs | 9 µs | 1x |\n"
    )
    svg = chart.chart_svg(readme)
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "1,000 µs" in svg
    assert "250 µs" in svg
    assert "old" not in svg
    assert 'width="330.0"' in svg
    assert 'width="82.5"' in svg
    with pytest.raises(ValueError, match="no table"):
        chart.chart_svg("# nothing\n")
    real = chart.chart_svg((ROOT / "bench" / "README.md").read_text(encoding="utf-8"))
    assert real.count("<rect") >= 2 * 3 + 2
