"""The sidebar filters shared by all pages: period, person kind, organisation, theme.

They are drawn by the entrypoint (``streamlit_app.py``) on every run, so their values
persist while the user moves between pages; pages read the result with :func:`current`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.labels import FREQS
from netwerk.domain import SnapshotFilter

__all__ = ["current", "freq", "round_pair", "sidebar"]

_STATE_KEY = "buurtnetwerk_filter"


def _labels(pairs: list[tuple[str, str]]) -> tuple[list[str], dict[str, str]]:
    return [value for value, _ in pairs], dict(pairs)


def sidebar() -> SnapshotFilter:
    """Draw the filters in the sidebar and remember the resulting filter for the pages."""
    flt = SnapshotFilter()
    if not data.is_empty():
        opts = data.filter_options()
        with st.sidebar:
            st.header("Filters")
            start = end = None
            if opts.first_date and opts.last_date:
                # The bounds are part of the key, so new data (another period) resets the choice.
                chosen = st.date_input(
                    "Periode",
                    value=(opts.first_date, opts.last_date),
                    min_value=opts.first_date,
                    max_value=opts.last_date,
                    format="DD-MM-YYYY",
                    key=f"flt_periode_{opts.first_date}_{opts.last_date}",
                    help="Alleen activiteiten in deze periode tellen mee (begin en eind inbegrepen).",
                )
                if isinstance(chosen, tuple | list):
                    start = chosen[0] if len(chosen) > 0 else None
                    end = chosen[1] if len(chosen) > 1 else None
                elif isinstance(chosen, dt.date):
                    start = chosen
            kinds, kind_labels = _labels(opts.person_kinds)
            orgs, org_labels = _labels(opts.organisations)
            themes, theme_labels = _labels(opts.themes)
            person_kinds = st.multiselect(
                "Soort persoon", kinds, format_func=kind_labels.get, key="flt_soort", placeholder="Alle soorten"
            )
            organisations = st.multiselect(
                "Organisatie", orgs, format_func=org_labels.get, key="flt_organisatie", placeholder="Alle organisaties"
            )
            chosen_themes = st.multiselect(
                "Thema",
                themes,
                format_func=theme_labels.get,
                key="flt_thema",
                placeholder="Alle thema's",
                help="Alleen activiteiten over deze thema's tellen mee.",
            )
            st.caption("Leeg laten betekent: geen beperking.")
        flt = SnapshotFilter(
            start=start,
            end=end,
            person_kinds=tuple(person_kinds),
            organisations=tuple(organisations),
            themes=tuple(chosen_themes),
        )
    st.session_state[_STATE_KEY] = flt
    return flt


def current() -> SnapshotFilter:
    """The filter chosen in the sidebar (no filter when none was drawn)."""
    return st.session_state.get(_STATE_KEY, SnapshotFilter())


def freq(label: str, key: str) -> str:
    """A horizontal choice of month, quarter or year (:data:`dashboard.labels.FREQS`, Dutch
    labels, quarter first); returns the code (``"quarter"``, ``"month"`` or ``"year"``)."""
    return st.radio(label, list(FREQS), format_func=FREQS.get, horizontal=True, key=key)


def round_pair(rounds: pd.DataFrame, first: str, second: str, key: str) -> tuple[str, str]:
    """Two side-by-side choices of a survey round (``rounds`` as from
    :func:`dashboard.trust_data.survey_rounds`, at least two), the last two preselected;
    the widgets' keys are ``{key}_a`` and ``{key}_b``."""
    ids = list(rounds["round_id"])
    names = dict(zip(rounds["round_id"], rounds["name"], strict=True))
    c1, c2 = st.columns(2)
    a = c1.selectbox(first, ids, index=len(ids) - 2, format_func=names.get, key=f"{key}_a")
    b = c2.selectbox(second, ids, index=len(ids) - 1, format_func=names.get, key=f"{key}_b")
    return a, b
