"""Plotly figures built once per data version, viewer and page choice, for the pages.

Building a figure with plotly express and ``update_layout`` takes 20-60 ms (plotly validates
every property), several times a warm page's whole rerun otherwise. :func:`figure` keeps the
built :class:`plotly.graph_objects.Figure` with ``st.cache_resource`` (the object itself: a
``st.cache_data`` copy would be unpickled and validated again on every rerun), keyed on
:func:`dashboard.data.view_key` (store URL, data version, role's view; not the user) plus the page's own choices.
``st.plotly_chart`` only reads a figure (``to_dict`` copies it), so sharing it is safe as long
as pages do not change a figure they got from here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import streamlit as st

from dashboard.data import TTL, view_key
from dashboard.safe import inert_figure

__all__ = ["figure"]


@st.cache_resource(ttl=TTL, max_entries=500, show_spinner=False)
def _figure(name: str, args: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return inert_figure(_build())


def figure(name: str, build: Callable[[], go.Figure], *choices: Hashable) -> go.Figure:
    """The figure ``build()`` returns, built once per ``name``, data key
    (:func:`dashboard.data.view_key`) and ``choices``.

    ``choices`` must name everything ``build`` depends on besides the store's data and the
    viewer (round ids, period, filter as JSON, selected items as a tuple): two calls with
    the same name, key and choices get the same figure object. Do not modify it. Data in
    it is inert (:func:`dashboard.safe.inert_figure`): names show as text, never as markup.
    """
    return _figure(name, (*view_key(), *choices), build)
