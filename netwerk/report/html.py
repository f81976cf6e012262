"""The bestuurders' report as one self-contained HTML page, printable on A4.

All text from the data is escaped with :func:`html.escape`; the page loads nothing from
elsewhere (inline CSS and SVG, no scripts). The charts are the PDF's ReportLab charts
(:func:`netwerk.report.pdf.growth_chart`, :func:`~netwerk.report.pdf.rounds_chart`)
rendered as SVG, so both formats draw the same chart with one chart builder.
"""

from __future__ import annotations

import datetime as dt
import html
import math

import pandas as pd

from netwerk.report.pdf import growth_chart, rounds_chart
from netwerk.services.report import GROWTH_COLUMNS, LEARNING_COLUMNS, LEARNING_COUNTS, BestuurdersReport
from netwerk.text import MISSING, fmt_date, fmt_number

__all__ = ["render_html"]

_CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #222; max-width: 180mm; margin: auto; }
h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 16pt; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; } table { border-collapse: collapse; margin: 6pt 0; font-size: 9pt; page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; } td.n { text-align: right; }
th { background: #eee; } .note { color: #555; font-size: 9pt; } section { page-break-inside: avoid; }
svg { max-width: 100%; } table.matrix { table-layout: fixed; width: 100%; font-size: 6.5pt; }
.matrix td { text-align: center; } .matrix th { overflow-wrap: anywhere; hyphens: auto; font-weight: normal; }
"""


def _e(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return MISSING
    if isinstance(v, float):
        return html.escape(fmt_number(v, 2))
    if isinstance(v, dt.date):
        return fmt_date(v)
    return html.escape(str(v))


def _table(frame: pd.DataFrame, headers: dict[str, str]) -> str:
    cols = [c for c in headers if c in frame.columns]
    head = "".join(f"<th>{html.escape(headers[c])}</th>" for c in cols)
    body = []
    for r in frame[cols].itertuples(index=False):
        cells = "".join(f'<td class="n">{_e(v)}</td>' if isinstance(v, int | float) and not isinstance(v, bool)
                        else f"<td>{_e(v)}</td>" for v in r)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _colour(v: float) -> str:
    # 1 (red) .. 4 (green), light enough for black text when printed.
    t = min(1.0, max(0.0, (v - 1) / 3))
    r, g = int(245 - 110 * t), int(170 + 60 * t)
    return f"rgb({r},{g},150)"


def _matrix(M: pd.DataFrame) -> str:
    if not len(M):
        return '<p class="note">Geen beoordelingen.</p>'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in M.columns)
    rows = []
    for name, r in M.iterrows():
        cells = "".join(f'<td style="background:{_colour(v)}">{_e(float(v))}</td>' if not pd.isna(v) else "<td></td>"
                        for v in r)
        rows.append(f"<tr><th>{html.escape(str(name))}</th>{cells}</tr>")
    return (f'<table class="matrix"><thead><tr><th>beoordelaar \\ beoordeelde</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _svg(drawing) -> str:
    """A ReportLab chart (the PDF's own, :mod:`netwerk.report.pdf`) as inline SVG: no
    scripts, every text escaped by ReportLab's SVG renderer."""
    from reportlab.graphics import renderSVG

    svg = renderSVG.drawToString(drawing)
    # Inline in HTML: no XML prolog, and no xlink namespace (nothing is linked).
    return svg[svg.index("<svg"):].replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "").rstrip()


def _bullets(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in lines) + "</ul>"


def _first_page(report: BestuurdersReport) -> list[str]:
    """The PDF's first page (:class:`~netwerk.services.report.FirstPage`) as a section:
    the period and the survey-round comparison under their own headings, what it means
    and what to decide."""
    s = report.summary
    out = ["<section><h2>Samenvatting: wat u moet weten</h2>"]
    if s is None:
        return [*out, "</section>"]
    for sec in (s.periods, s.rounds):
        if sec is None:
            continue
        out.append(f"<h3>{html.escape(sec.heading)}</h3>")
        for title, lines in (("Wat groeide", sec.grew), ("Wat niet groeide", sec.not_grew)):
            if lines:
                out.append(f"<p><em>{title}</em></p>{_bullets(lines)}")
    if s.meaning:
        out.append(f"<h3>Wat betekent dit?</h3>{_bullets(s.meaning)}")
    out.append(f"<h3>Wat kunt u besluiten?</h3>{_bullets(s.decisions)}</section>")
    return out


def _learning(report: BestuurdersReport) -> list[str]:
    """Wat we leerden en wat er loopt: the counts (1-4 as "<5"), the lessons, decisions
    (tally, never who voted how) and plans of the period."""
    out = ["<section><h2>Wat we leerden en wat er loopt</h2>",
           '<p class="note">Lessen, besluiten volgens Deep Democracy (voor, tegen, onthouding en wat de minderheid '
           "nodig heeft om mee te gaan; nooit wie wat stemde) en plannen van bewonersgroepen in deze periode.</p>"]
    sec = report.learning
    if sec is None:
        return [*out, "</section>"]
    counts = pd.DataFrame([{k: sec.counts[k] for k in LEARNING_COUNTS}])
    out.append(_table(counts, LEARNING_COUNTS))
    for attr, title in (("lessons", "Wat we leerden"), ("decisions", "Besluiten"), ("plans", "Plannen en initiatieven")):
        frame = getattr(sec, attr)
        out.append(f"<h3>{title}</h3>")
        out.append(_table(frame, LEARNING_COLUMNS[attr]) if len(frame) else '<p class="note">Geen in deze periode.</p>')
    return [*out, "</section>"]


def render_html(report: BestuurdersReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG charts, no scripts;
    every text from the data escaped; ``@page`` A4 for printing).

    Sections: Samenvatting (the first page in plain Dutch, as in the PDF), Samenwerking per kwartaal (chart and table),
    Vertrouwen en waarde per ronde (figures, matrices, Himmelman distribution), Verschil
    tussen de rondes, Verschil tussen perioden, Toezeggingen en deelname, Wat we leerden en wat er loopt.
    """
    out = ["<!DOCTYPE html>", '<html lang="nl"><head><meta charset="utf-8">',
           f"<title>{html.escape(report.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(report.title)}</h1>",
           *([f"<p>{html.escape(' — '.join(x for x in (report.gemeente, report.programma) if x))}</p>"]
             if report.gemeente or report.programma else []),
           '<p class="note">Rapport voor bestuurders: alleen cijfers per organisatie en sector; aantallen onder de 5 '
           'staan als &lt;5, andere aantallen zijn afgerond op vijftallen en verhoudingen berekend uit de afgeronde '
           'aantallen (zoals het CBS doet); wat uit een aantal onder de 5 volgt, is afgeschermd. '
           'Vertrouwen en waarde volgens de PARTNER-methode (schaal 1-4).</p>',
           *_first_page(report)]
    g = report.growth
    out.append("<section><h2>Samenwerking per kwartaal</h2>")
    if len(g):
        out.append(_svg(growth_chart(report)))
        out.append(_table(g, GROWTH_COLUMNS))
    else:
        out.append('<p class="note">Geen activiteiten in deze periode.</p>')
    out.append("</section>")
    if report.rounds:
        out.append("<section><h2>Vertrouwen en waarde per ronde</h2>")
        out.append(_svg(rounds_chart(report)))
        figures = pd.DataFrame([{"ronde": rv.name, "datum": rv.date, "beoordelingen": rv.summary["ratings"],
                                 "dichtheid": rv.summary["density"], "wederkerigheid": rv.summary["reciprocity"],
                                 "vertrouwen": rv.summary["mean_trust"], "waarde": rv.summary["mean_value"],
                                 "himmelman": rv.summary["mean_himmelman"]} for rv in report.rounds])
        out.append(_table(figures, {c: c.capitalize() for c in figures.columns}))
        for rv in report.rounds:
            out.append(f"<h3>{html.escape(rv.name)}: vertrouwen tussen organisaties</h3>{_matrix(rv.trust_matrix)}")
            if rv.incomplete_note:
                out.append(f'<p class="note">{html.escape(rv.incomplete_note)}</p>')
        hm = pd.concat([rv.himmelman.assign(ronde=rv.name) for rv in report.rounds], ignore_index=True)
        out.append("<h3>Niveau van samenwerking (Himmelman)</h3>")
        out.append(_table(hm, {"ronde": "Ronde", "level": "Niveau", "label": "Omschrijving", "count": "Aantal",
                               "share": "Aandeel"}))
        out.append("</section>")
    for title, d in (("Verschil tussen de rondes", report.round_diff), ("Verschil tussen perioden", report.period_diff)):
        if d is None:
            continue
        out.append(f"<section><h2>{html.escape(title)}: {html.escape(d.before_label)} → {html.escape(d.after_label)}</h2>")
        out.append("<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in d.narrative) + "</ul>")
        changed = d.ties[d.ties["change"] != "gelijk"]
        out.append(_table(changed, {"organisation_a": "Organisatie", "organisation_b": "Organisatie",
                                    "weight_before": "Voor", "weight_after": "Na", "change": "Verandering"}))
        if len(d.pairs):
            out.append("<h3>Vertrouwen per paar organisaties</h3>")
            out.append(_table(d.pairs.dropna(subset=["trust_change"]),
                              {"rater": "Beoordelaar", "rated": "Beoordeelde", "trust_before": "Voor",
                               "trust_after": "Na", "trust_change": "Verschil"}))
        out.append("</section>")
    c = report.commitments
    out.append("<section><h2>Toezeggingen en deelname</h2>")
    out.append('<p class="note">Toegezegde uren per maand naast hoe vaak professionals van de organisatie meededen '
               "(activiteiten hebben geen duur, dus er wordt geteld).</p>")
    if len(c):
        out.append(_table(c, {"period": "Periode", "organisation": "Organisatie", "committed_hours_per_month":
                              "Uren per maand toegezegd", "participations": "Deelnames", "persons": "Personen",
                              "activities": "Activiteiten"}))
    out.append("</section>")
    out += _learning(report)
    out.append("</body></html>")
    return "\n".join(out)


