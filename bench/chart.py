"""Draw the figures of bench/README.md as an SVG bar chart (no plotting library).

Reads the first table under "## Latest figures" whose header has "raw httpx" and "spotipy"
columns, and draws one pair of bars per case, each scaled to the case's larger value (the
ratio is what compares). ``python bench/chart.py > chart.svg``; the docs build calls
:func:`chart_svg` (docs/_scripts/hooks.py), so the chart always shows the file's numbers.
"""

from __future__ import annotations

import re
import sys
from html import escape
from pathlib import Path

README = Path(__file__).with_name("README.md")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def latest_tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of the "Latest figures" section, as rows of cells."""
    section = text.split("## Latest figures", 1)[-1].split("\n## ", 1)[0]
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= {"-", ":"} for cell in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return [t for t in tables if len(t) > 1 and "spotipy" in " ".join(t[0]) and "raw" in t[0][1]]


def _value(cell: str) -> tuple[float, str]:
    match = _NUMBER.search(cell)
    if match is None:
        raise ValueError(f"no number in {cell!r}")
    return float(match.group().replace(",", "")), cell[match.end() :].strip()


def chart_svg(text: str) -> str:
    """An SVG of every latest table's cases: raw httpx against spotipy, lower is better."""
    rows: list[tuple[str, float, float, str]] = []
    for table in latest_tables(text):
        for cells in table[1:]:
            raw, unit = _value(cells[1])
            ours, _ = _value(cells[2])
            rows.append((cells[0], raw, ours, unit))
    if not rows:
        raise ValueError("bench/README.md has no table of latest figures")
    width, label_w, bar_w, row_h = 760, 330, 330, 46
    height = 40 + row_h * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        "<title>spotipy against raw httpx + json.loads (shorter is better)</title>",
        '<rect x="10" y="8" width="12" height="12" fill="#9e9e9e"/>'
        '<text x="28" y="18">raw httpx + json.loads</text>',
        '<rect x="200" y="8" width="12" height="12" fill="#1db954"/>'
        '<text x="218" y="18">spotipy (typed models)</text>',
    ]
    for i, (case, raw, ours, unit) in enumerate(rows):
        y = 36 + i * row_h
        top = max(raw, ours) or 1.0
        out.append(f'<text x="10" y="{y + 18}">{escape(case)}</text>')
        for j, (value, colour) in enumerate(((raw, "#9e9e9e"), (ours, "#1db954"))):
            w = max(1.0, bar_w * value / top)
            yy = y + 4 + j * 18
            out.append(
                f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="15" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{label_w + w + 6:.1f}" y="{yy + 12}">{value:,g} {escape(unit)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(chart_svg(README.read_text(encoding="utf-8")) + "\n")
