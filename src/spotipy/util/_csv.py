"""CSV cells that a spreadsheet opens as text (shared by the CLI's exports and the backup's).

Spreadsheets run a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV injection).  :func:`csv_cell` neutralises such a cell as OWASP
recommends, by a leading ``'``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_STARTS", "csv_cell"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object, *, raw: bool = False) -> object:
    """Return a CSV cell that a spreadsheet will not run as a formula.

    A string starting with one of :data:`FORMULA_STARTS` gets a leading ``'`` (OWASP's
    advice for CSV injection); other values are returned unchanged.

    Parameters
    ----------
    value
        The cell as exported (numbers are safe and stay numbers).
    raw
        Return ``value`` unchanged (the export's option for exact CSV).
    """
    if not raw and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
