"""The inzage (art. 15 AVG, right of access) as one readable, printable HTML page.

The content is :func:`netwerk.services.privacy.export_person` (coordinators only, written
to the audit log there); this module only draws it, reads no store and needs no viewer.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["inzage_html"]

_SECTION_TITLES = {
    "person": "Persoonsgegevens",
    "organisations": "Organisaties",
    "groups": "Groepen",
    "activities": "Activiteiten waaraan is deelgenomen",
    "ties": "Gemelde contacten (kent)",
    "introductions": "Kennismakingen die zijn gemaakt",
    "ratings_given": "Gegeven beoordelingen",
    "ratings_received": "Ontvangen beoordelingen",
    "survey_invites": "Evaluaties: uitnodigingen en eigen antwoorden",
    "assets": "Bijdragen en bronnen (ABCD)",
    "lessons": "Vastgelegde lessen (wat we leerden)",
    "accounts": "Accounts voor het dashboard",
    "audit": "Vastgelegde handelingen over deze persoon (auditlog)",
}
"""Key of an :func:`~netwerk.services.privacy.export_person` result -> the Dutch heading
of its section, in page order."""

_STYLE = (
    "<style>body{font-family:Arial,sans-serif;max-width:60em;margin:2em auto;}"
    "table{border-collapse:collapse;margin-bottom:1.5em;}th,td{border:1px solid #bbb;padding:.25em .5em;"
    "text-align:left;vertical-align:top;}th{background:#eee;}</style>"
)


def inzage_html(data: dict[str, Any]) -> str:
    """An :func:`~netwerk.services.privacy.export_person` result as one HTML page (Dutch,
    UTF-8 text): a title block with when and by whom it was made, then one section per
    part of ``data`` (person, organisations, groups, activities, ties, introductions, ratings given and
    received, assets, lessons, accounts, audit): a two-column table for a dict (``person``), a
    table with a column per key for a list of dicts, "Geen." when empty. None is shown as "–",
    booleans as ja/nee, lists joined with commas.

    Every value is escaped with :func:`html.escape`, so names or titles containing
    markup are shown as text. No scripts, no external resources.

    Raises
    ------
    KeyError
        If ``data`` has no ``person``.
    """
    e = html.escape
    person = data["person"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>Inzage persoonsgegevens {e(str(person.get('person_id')))}</title>",
        _STYLE + "</head><body>",
        "<h1>Inzage: alle gegevens over deze persoon</h1>",
        f"<p>Opgesteld op {e(str(data.get('exported_at')))} door {e(str(data.get('exported_by')))}, "
        "op grond van artikel 15 AVG.</p>",
    ]
    for key, title in _SECTION_TITLES.items():
        value = data.get(key)
        out.append(f"<h2>{e(title)}</h2>")
        if isinstance(value, dict):
            out.append("<table>" + "".join(f"<tr><th>{e(str(k))}</th><td>{e(_text(v))}</td></tr>" for k, v in value.items())
                       + "</table>")
        elif not value:
            out.append("<p>Geen.</p>")
        else:
            cols = list(dict.fromkeys(k for r in value for k in r))
            out.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in cols) + "</tr>")
            for r in value:
                out.append("<tr>" + "".join(f"<td>{e(_text(r.get(c)))}</td>" for c in cols) + "</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _text(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, list):
        return ", ".join(_text(x) for x in v) or "–"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    return str(v)
