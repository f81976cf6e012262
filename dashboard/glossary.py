"""The glossary ("Begrippen") of the tie model, as one expander any page can show."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netwerk.analysis.ties import glossary as tie_glossary

__all__ = ["show"]


def show(title: str = "Begrippen") -> None:
    """An expander with every kind of tie and every network figure with its definition
    (:func:`netwerk.analysis.ties.glossary`), as a plain table (no Markdown)."""
    with st.expander(title):
        st.dataframe(pd.DataFrame(tie_glossary(), columns=["Begrip", "Betekenis"]), hide_index=True,
                     width="stretch")
