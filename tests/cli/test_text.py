"""The terminal-safe text and CSV cells, as tables (pure functions)."""

from __future__ import annotations

import pytest
from rich.console import Console

from spotipy.cli._text import csv_cell, rich_text, terminal_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        (None, ""),
        (5, "5"),
        ("[/bold] [red]x[/]", "[/bold] [red]x[/]"),
        ("a\x1b[31;1mred\x1b[0m", "ared"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("a\x9b2Jb", "ab"),
        ("a\x9d0;t\x9cb", "ab"),
        ("a\x00b\x7fc\x85d", "abcd"),
        ("line\nbreak\r\ttab", "line break tab"),
        ("\u202eevil\u2066", "evil"),
        ("a\x1bcb", "ab"),
        ("é ü 日本 😀", "é ü 日本 😀"),
    ],
)
def test_terminal_text(raw: object, shown: str) -> None:
    assert terminal_text(raw) == shown


def test_rich_text_is_never_markup_or_emoji() -> None:
    console = Console(record=True, width=80, color_system=None)
    console.print(rich_text("[/bold] :smile: [link=x]y[/link]"))
    assert console.export_text().strip() == "[/bold] :smile: [link=x]y[/link]"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (-1, -1),
    ],
)
def test_csv_cell(cell: object, safe: object) -> None:
    assert csv_cell(cell) == safe
    assert csv_cell(cell, raw=True) == cell
