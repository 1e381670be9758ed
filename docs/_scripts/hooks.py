"""mkdocs hooks: the performance page's figures come from bench/README.md at build time.

``<!-- bench:figures -->`` on a page becomes the "Latest figures" section of
``bench/README.md`` (its tables and notes), and ``<!-- bench:chart -->`` an SVG chart of
them drawn by ``bench/chart.py``; nothing is copied by hand, so the page cannot drift from
the measurements.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "bench" / "README.md"


def _chart_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_chart", ROOT / "bench" / "chart.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the bench markers of a page."""
    if "<!-- bench:" not in markdown:
        return markdown
    text = README.read_text(encoding="utf-8")
    latest = text.split("## Latest figures", 1)[-1].split("\n## ", 1)[0].strip()
    chart = _chart_module().chart_svg(text)
    markdown = markdown.replace("<!-- bench:figures -->", latest)
    return markdown.replace("<!-- bench:chart -->", f'<div class="bench-chart">\n{chart}\n</div>')
