"""The bestuurders' report's renderers: the report as HTML, PDF and XLSX.

The content is built by the service :func:`netwerk.services.report.build_report` (a
:class:`~netwerk.services.report.BestuurdersReport`, the bestuurder's aggregate view for
every role); this package only draws it, reads no store and needs no viewer:

- :mod:`netwerk.report.html`: one self-contained page (inline CSS and SVG, no scripts);
- :mod:`netwerk.report.pdf`: A4 with ReportLab, and the report's charts (also drawn, as
  SVG, in the HTML);
- :mod:`netwerk.report.xlsx`: the tables, one sheet each.

:mod:`netwerk.report.inzage` draws a person's inzage (art. 15 AVG,
:func:`netwerk.services.privacy.export_person`) as an HTML page.

The renderers sit outside :mod:`netwerk.services` (which returns data) and outside
:mod:`dashboard` (the CLI writes the report too, without Streamlit). Each renderer loads
its library (ReportLab, openpyxl) only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerk.services.report import BestuurdersReport

__all__ = ["report_html", "report_pdf", "report_xlsx"]


def report_html(report: BestuurdersReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG charts, no scripts;
    every text from the data escaped; ``@page`` A4 for printing). See
    :func:`netwerk.report.html.render_html`."""
    from netwerk.report.html import render_html

    return render_html(report)


def report_pdf(report: BestuurdersReport) -> bytes:
    """The report as an A4 PDF for print: title block with period and rounds, narrative,
    charts, the matrices per round and their change (landscape pages), both diffs and
    commitments beside participation. See :func:`netwerk.report.pdf.render_pdf`
    (ReportLab; every text from the data XML-escaped for its paragraph markup)."""
    from netwerk.report.pdf import render_pdf  # ReportLab is loaded only when a PDF is asked for

    return render_pdf(report)


def report_xlsx(report: BestuurdersReport) -> bytes:
    """The report's tables as an XLSX workbook (sheets
    :data:`netwerk.report.xlsx.XLSX_SHEETS`, Dutch headers; scores on 1-4, counts below 5
    as "<5"). See :func:`netwerk.report.xlsx.render_xlsx`."""
    from netwerk.report.xlsx import render_xlsx

    return render_xlsx(report)
