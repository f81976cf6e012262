"""Rendered text is inert: the one place that makes user data safe for Streamlit Markdown
and for Plotly's pseudo-HTML.

Streamlit renders Markdown (links, images fetched from any host, ``:red[...]``
directives, ``$...$`` math) in ``st.markdown``, ``st.caption``, alerts, headings and most
widget labels; Plotly renders ``<a href>``, ``<b>``, ``<br>`` in labels, legends, axis
ticks and hovers. Data (names, themes, skills, consent scope, area names) never goes into
either as it is:

- :func:`md` escapes a value for Markdown (every Markdown punctuation mark backslash
  escaped, line breaks made spaces), for use inside an f-string that is rendered as
  Markdown;
- :func:`inert_figure` escapes ``<``, ``>`` and ``&`` in every string of a Plotly
  figure (the dashboard's code puts no markup in figures), which Plotly then shows as the
  characters themselves. :func:`dashboard.figures.figure` applies it to every cached
  figure; pages that build a figure without it call it themselves.

``tests/dashboard/test_inert_text.py`` walks every page with hostile values.
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go

__all__ = ["inert_figure", "md", "plotly_text"]

# Everything that opens a link, image, autolink, emphasis, code, table cell, directive
# (:red[...], :material/...:), math or entity anywhere in a line; parentheses alone do nothing.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~$:|!&])")
# What opens a block only at the start: heading, list, quote, thematic break.
_MD_BLOCK_START = re.compile(r"^(\s*)(?:([#+\-=>])|(\d+)([.)]))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(value: object) -> str:
    """``value`` as Markdown that renders exactly as its text: no link, image, emphasis,
    heading, list, directive or math. ``None`` becomes an empty string.

    Examples
    --------
    >>> print(md("![x](http://evil/x.png) 1. (kern)"))
    \\!\\[x\\](http\\://evil/x.png) 1. (kern)
    """
    if value is None:
        return ""
    text = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))
    return _MD_BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(m: re.Match) -> str:
    indent, mark, number, dot = m.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def plotly_text(value: str) -> str:
    """``value`` with ``&``, ``<`` and ``>`` as entities: Plotly shows them as text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inert(node: Any) -> Any:
    if isinstance(node, str):
        return plotly_text(node) if any(c in node for c in "<>&") else node
    if isinstance(node, dict):
        return {k: _inert(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [_inert(v) for v in node]
    if hasattr(node, "dtype") and getattr(node.dtype, "kind", "") == "O":  # numpy object arrays (text columns)
        return [_inert(v) for v in node.tolist()]
    return node


def inert_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` in which no string can be read by Plotly as markup (labels, legend
    names, axis ticks, hover text, titles, annotations)."""
    return go.Figure(_inert(fig.to_dict()))
