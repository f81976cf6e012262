"""Tables handed to spreadsheet programs (CSV and XLSX downloads).

A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is
run as a formula by Excel and LibreOffice. Names and titles come from users, so every
download passes through :func:`formula_safe` (OWASP, "CSV Injection").
"""

from __future__ import annotations

import pandas as pd

__all__ = ["formula_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which every text cell and column name that a spreadsheet would
    read as a formula gets a leading apostrophe (shown as text). Numbers, dates and other
    cells and the index are unchanged. Source: OWASP, "CSV Injection"."""

    def cell(v):
        return "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v

    out = df.apply(lambda col: col.map(cell) if col.dtype == object else col) if len(df.columns) else df.copy()
    out.columns = [cell(c) for c in df.columns]
    return out
