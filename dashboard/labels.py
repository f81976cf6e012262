"""Dutch names, explanations and number formats for the figures the pages show."""

from __future__ import annotations

import math

from netwerk.analysis.ties import FIGURES
from netwerk.text import fmt_date, fmt_number

__all__ = [
    "ACTOR_COLUMNS",
    "COLOUR_BY",
    "FREQS",
    "LOWER_IS_BETTER",
    "MEASURE_HELP",
    "SIZE_BY",
    "STYLE_MAX_CELLS",
    "SUMMARY",
    "decimals_for",
    "dutch_table",
    "is_styled",
    "numeric_with_marks",
    "WITHHELD",
    "pinned",
    "fmt_delta",
]

FREQS: dict[str, str] = {"quarter": "Kwartaal", "month": "Maand", "year": "Jaar"}

SUMMARY: dict[str, tuple[str, str]] = {key: (f.label, f.explanation) for key, f in FIGURES.items()}
"""Network summary key -> (Dutch label, one-line explanation), from the tie model's glossary
(:data:`netwerk.analysis.ties.FIGURES`): one name per figure on every surface."""

LOWER_IS_BETTER = {"components", "isolates"}

COLOUR_BY: dict[str, str] = {
    "organisation": "Organisatie",
    "sector": "Sector",
    "community": "Gemeenschap (Louvain)",
    "kind": "Soort persoon",
}

SIZE_BY: dict[str, str] = {
    "degree": "Aantal werkrelaties (degree)",
    "weighted_degree": "Sterkte van de werkrelaties (gewogen degree)",
    "betweenness": "Makelaarspositie (betweenness)",
    "eigenvector": "Verbonden met centrale mensen (eigenvector)",
    "effective_size": "Effectieve omvang (Burt)",
    "constraint": "Beperking (constraint, Burt)",
}

ACTOR_COLUMNS: dict[str, str] = {
    "person_id": "Id",
    "name": "Naam",
    "kind": "Soort",
    "organisation": "Organisatie",
    "sector": "Sector",
    "degree": "Werkrelaties",
    "weighted_degree": "Sterkte werkrelaties",
    "betweenness": "Makelaarspositie",
    "eigenvector": "Eigenvector",
    "constraint": "Beperking (Burt)",
    "effective_size": "Effectieve omvang",
    "community": "Gemeenschap",
}
"""actor_table column -> Dutch header."""

MEASURE_HELP: dict[str, str] = {
    "degree": "Met hoeveel verschillende personen iemand een werkrelatie heeft.",
    "weighted_degree": (
        "Werkrelaties opgeteld naar sterkte: per gedeelde activiteit 1/(deelnemers − 1), plus 1 per gemeld contact."
    ),
    "betweenness": (
        "Makelaar of brugfunctie: hoe vaak iemand op de kortste weg tussen twee anderen ligt (0 tot 1). "
        "Sterke relaties tellen als korte afstand. Hoog = verbindt groepen die elkaar anders niet bereiken."
    ),
    "eigenvector": "Hoog als iemand verbonden is met personen die zelf ook veel verbonden zijn.",
    "constraint": (
        "Burts constraint: hoe sterk iemands contacten ook onderling verbonden zijn. "
        "Laag = toegang tot 'structurele gaten' tussen groepen; hoog = ingebed in één hechte groep."
    ),
    "effective_size": "Burts effectieve omvang: het aantal contacten dat niet ook elkaars contact is (niet-overlappend netwerk).",
    "community": "Gemeenschap volgens de Louvain-methode: groepen die onderling meer relaties hebben dan met de rest.",
}


def decimals_for(key: str) -> int:
    """How many decimals a summary figure is shown with (counts none, ratios three)."""
    return 3 if key in {"density", "clustering"} else 2 if key == "average_degree" else 0


def fmt_delta(current: float | int, previous: float | int, decimals: int = 0) -> str:
    """The change ``current - previous`` with a sign (``+3``, ``-0,050``), for ``st.metric``."""
    return fmt_number(current - previous, decimals, sign=True)


STYLE_MAX_CELLS = 30_000
"""Tables with more cells (rows x columns) than this, or than pandas'
``styler.render.max_elements`` (262,144; Streamlit refuses a larger Styler), are not styled
by :func:`dutch_table`: formatting a cell in Python costs about 9 µs on every rerun (0.9 s for
the Actoren table of a 10,000-person network), so larger tables (about 2,500 persons on
Actoren) keep their numbers and the browser's notation."""


def is_styled(frame) -> bool:
    """True when :func:`dutch_table` styles ``frame`` (its size is within :data:`STYLE_MAX_CELLS`
    and pandas' ``styler.render.max_elements``)."""
    import pandas as pd

    return frame.size <= min(STYLE_MAX_CELLS, int(pd.get_option("styler.render.max_elements")))


def numeric_with_marks(frame):
    """``frame`` with every column that mixes numbers and withheld cells (a bestuurder's
    ``"<5"``, ``"afgeschermd"``) made numeric, and where those cells were.

    A column of ints and ``"<5"`` is neither numbers nor text for Arrow (Streamlit logs
    ``ArrowInvalid: Could not convert '<5'`` and converts the whole column to text, so it
    no longer sorts as numbers). Here such a column becomes float with NaN in the withheld
    cells; ``marks`` maps (row position, column) -> the text to show there instead.
    Columns that hold only text stay as they are.

    Returns
    -------
    (pandas.DataFrame, dict)
        A copy with a fresh 0..n-1 index, and the marks.
    """
    import numbers

    import pandas as pd

    out = frame.reset_index(drop=True).copy()
    marks: dict[tuple[int, str], str] = {}
    for col in out.columns:
        if out[col].dtype != object:
            continue
        values = list(out[col])
        texts = [i for i, v in enumerate(values) if isinstance(v, str)]
        nums = [v for v in values if isinstance(v, numbers.Number) and not isinstance(v, bool)]
        if not texts or not nums or len(texts) + len(nums) + sum(v is None for v in values) < len(values):
            continue  # a text column, or one with other kinds of value
        if any(values[i] not in WITHHELD for i in texts):
            continue
        marks.update({(i, col): values[i] for i in texts})
        out[col] = pd.to_numeric(pd.Series([None if isinstance(v, str) else v for v in values], dtype=object),
                                 errors="coerce").astype(float)
    return out, marks


WITHHELD = ("<5", "afgeschermd")
"""The texts a bestuurder sees instead of a count or a ratio (:mod:`netwerk.access`)."""


def dutch_table(frame, decimals: int | dict[str, int] = 2):
    """``frame`` as a pandas Styler whose cells show Dutch notation (``1.234``, ``0,13``)
    and ``–`` for a missing value, for ``st.dataframe``: the underlying values stay numbers,
    so a column still sorts as numbers. ``decimals`` is the number of decimals of float
    cells, one for all columns or per column (others 2); whole numbers, and float columns
    holding only whole numbers, get none; dates show as ``dd-mm-jjjj``; text is shown as
    given. A bestuurder's withheld cells (``"<5"``, ``"afgeschermd"``) in a column of
    numbers are shown as that text over a numeric column (:func:`numeric_with_marks`), so
    Arrow never sees a mixed column. Pass ``placeholder="–"`` to ``st.dataframe`` too: it
    draws empty cells itself.

    A table too large to style (:func:`is_styled` false) comes back as a plain DataFrame
    with its float columns rounded to the same decimals (numbers in the browser's notation;
    withheld cells empty); pages say so in a caption."""
    import datetime as dt
    import numbers

    import pandas as pd

    frame, marks = numeric_with_marks(frame)
    if not is_styled(frame):
        rounding = {c: (decimals.get(c, 2) if isinstance(decimals, dict) else decimals)
                    for c in frame.columns if frame[c].dtype.kind == "f"}
        return frame.round(rounding)

    def whole(col: str) -> bool:  # a float column holding only whole numbers (counts with gaps) shows none
        values = pd.to_numeric(frame[col], errors="coerce").dropna() if frame[col].dtype.kind == "f" else None
        return values is not None and len(values) > 0 and bool((values == values.round()).all())

    def cell(col: str):
        d = decimals.get(col, 2) if isinstance(decimals, dict) else decimals
        d = 0 if whole(col) else d

        def fmt(v) -> str:
            if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
                return "–"
            if isinstance(v, dt.date):  # also pandas Timestamps and datetimes
                return fmt_date(v)
            if isinstance(v, bool) or not isinstance(v, numbers.Number):
                return str(v)
            if isinstance(v, numbers.Integral) or (isinstance(v, float) and v.is_integer() and d == 0):
                return fmt_number(int(v))
            return fmt_number(float(v), d)

        return fmt

    return _marked(frame.style.format({c: cell(c) for c in frame.columns}), marks)


def _marked(styler, marks: dict[tuple[int, str], str]):
    """``styler`` showing ``marks`` (row position, column) -> text in those cells."""
    import pandas as pd

    groups: dict[tuple[str, str], list[int]] = {}
    for (row, col), text in marks.items():
        groups.setdefault((col, text), []).append(row)
    for (col, text), rows in groups.items():
        styler = styler.format(lambda _v, t=text: t, subset=pd.IndexSlice[rows, [col]])
    return styler


def pinned(*columns: str) -> dict:
    """``column_config`` for ``st.dataframe`` that keeps the key ``columns`` (e.g. "Naam") in view
    while a wide table scrolls sideways (Streamlit's ``pinned``)."""
    import streamlit as st

    return {c: st.column_config.Column(pinned=True) for c in columns}
