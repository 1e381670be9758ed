"""Text from Spotify or from a file, made safe to show on a terminal or to open as a spreadsheet.

Names, descriptions and error messages come from other people: a playlist may be named
``[/bold]`` (Rich markup), ``:smile:`` (an emoji code) or hold terminal escape sequences
that move the cursor, retitle the window or write a hyperlink.  Every such string goes
through :func:`terminal_text` (plain ``str``) or :func:`rich_text` (a Rich ``Text``, never
parsed as markup) before it is shown.

CSV exports are opened in spreadsheets, which run a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (CSV injection).
:func:`csv_cell` (from :mod:`spotipy.util._csv`, which the backup's exports share)
neutralises such a cell as OWASP recommends, by a leading ``'``;
JSON is written exactly as Spotify sent it.
"""

from __future__ import annotations

import re
from typing import Final

from rich.text import Text

from spotipy.util._csv import FORMULA_STARTS, csv_cell

__all__ = ["FORMULA_STARTS", "csv_cell", "rich_text", "terminal_text"]

#: Escape sequences: CSI (``ESC [`` or the C1 byte 0x9B ... final byte), OSC, DCS, SOS, PM
#: and APC strings (``ESC ]``, ``ESC P``, ``ESC X``, ``ESC ^``, ``ESC _`` or their C1 bytes,
#: up to BEL or the string terminator), then any other two-character ``ESC x`` sequence.
_SEQUENCES: Final = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x7e]?"
)
#: What is left after the sequences: C0 controls, DEL, C1 controls, and the Unicode
#: direction overrides and isolates that make text display in another order than it reads.
_CONTROLS: Final = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Whitespace controls that separate words: shown as one space.
_SPACES: Final = re.compile(r"[\t\n\v\f\r]+")


def terminal_text(value: object) -> str:
    """Return ``value`` as text that a terminal shows as it reads.

    Escape sequences (CSI, OSC and the other ESC and C1 strings) are removed whole; line
    breaks and tabs become one space; every other C0 or C1 control, DEL, NUL and the
    Unicode direction overrides are removed.  ``None`` gives ``""``.

    Parameters
    ----------
    value
        A string from Spotify or a file (anything else is converted with ``str``).

    Returns
    -------
    str
        The text, one line, free of control characters.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _SEQUENCES.sub("", text)
    text = _SPACES.sub(" ", text)
    return _CONTROLS.sub("", text)


def rich_text(value: object, style: str = "") -> Text:
    """Return ``value`` as a Rich ``Text``: shown literally, never read as markup or emoji.

    Give it, not a ``str``, to a Rich table cell or ``print``: Rich parses a ``str`` as
    markup (``[/bold]`` raises, ``[red]`` colours) and ``:smile:`` as an emoji.

    Parameters
    ----------
    value
        As for :func:`terminal_text`, which cleans it first.
    style
        A Rich style for the whole text (from this program, never from the data).
    """
    return Text(terminal_text(value), style=style)
