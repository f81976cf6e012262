"""The bestuurders' report as a PDF for print (A4), laid out with ReportLab's platypus and
charted with ``reportlab.graphics``: a title block with the period and the rounds, the
Dutch narrative, collaboration per quarter, trust and value per round, the organisation
× organisation matrices per round and their change (on landscape pages), the change
between the two rounds and between the first and last quarter, and commitments beside
participation.

Reached through :func:`netwerk.report.report_pdf`; the content is the
:class:`~netwerk.services.report.BestuurdersReport` (the bestuurder's aggregate view:
organisations and sectors only, counts below 5 as ``"<5"``). The two report charts
(:func:`growth_chart`, :func:`rounds_chart`) are also the HTML report's
(:mod:`netwerk.report.html` renders them as SVG). Colours: :mod:`netwerk.palette`.

Text from the data goes into ReportLab's paragraph markup only through :func:`_para`,
which XML-escapes it (``&``, ``<``, ``>``), so an organisation called
``<b>Woon & Co</b><script>`` is printed as written. The font is Bitstream Vera, which
ships inside ReportLab (embedded, so the PDF looks the same everywhere and its text can
be extracted); a character Vera lacks is printed without its accent (``ş`` as ``s``) or
as ``?``, and ``→`` comes from the standard Symbol font.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import unicodedata
from functools import cache
from typing import SupportsFloat
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

import graph_schema as gs
from netwerk.analysis.ties import FIGURES, TIE_KINDS, glossary
from netwerk.palette import MISSING_COLOUR, SERIES, organisation_colours
from netwerk.services.growth_change import MIN_ACTORS, TOO_FEW
from netwerk.services.report import LEARNING_COLUMNS, LEARNING_COUNTS
from netwerk.text import fmt_date, fmt_int, fmt_number, fmt_percent

__all__ = ["MATRIX_MAX_ORGANISATIONS", "SECTIONS", "TABLE_MAX_ROWS", "commitments_chart", "growth_chart",
           "learning_section", "render_pdf",
           "rounds_chart"]

SECTIONS: tuple[str, ...] = (
    "Samenvatting", "Is de groei meer dan toeval?", "Samenwerking per kwartaal", "Vertrouwen en waarde per ronde",
    "Matrices per ronde",
    "Verschil tussen de rondes", "Verschil tussen perioden", "Toezeggingen en deelname",
    "Wat we leerden en wat er loopt", "Begrippen",
)
"""The report's chapters, in order; each is a bookmark (PDF outline entry) whose title
starts with this text. A chapter without data keeps its heading and says so."""

TABLE_MAX_ROWS = 30
"""Longer lists are cut at this many rows in the PDF, with a note; the XLSX has them all."""

MATRIX_MAX_ORGANISATIONS = 40
"""Above this many organisations a matrix no longer fits a landscape A4 page readably;
the PDF then refers to the XLSX."""

_FONT = "Vera"
_MARGIN = 15 * mm
_PORTRAIT_W = A4[0] - 2 * _MARGIN
_LANDSCAPE_W = A4[1] - 2 * _MARGIN
_SERIES = tuple(colors.HexColor(c) for c in SERIES)
_GREY = colors.HexColor("#E8E8E8")


# --- fonts and text -----------------------------------------------------------------------


@cache
def _glyphs() -> frozenset[int]:
    """Register Vera (shipped with ReportLab) once; the code points it can print."""
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"),
                       ("Vera-BoldItalic", "VeraBI.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, file))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic",
                                  boldItalic="Vera-BoldItalic")
    return frozenset(pdfmetrics.getFont("Vera").face.charToGlyph)


def _printable(text: str) -> str:
    """``text`` with characters Vera lacks replaced: accents dropped where that helps,
    otherwise ``?``; ``→`` is kept (see :func:`_para`)."""
    have = _glyphs()
    out = []
    for ch in text:
        if ord(ch) in have or ch in "\n→":
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in have and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)


def _para(text: object, style: ParagraphStyle, bullet: bool = False) -> Paragraph:
    """A paragraph of plain text: escaped for ReportLab's markup, arrows from Symbol."""
    safe = escape(_printable(_cell(text)))
    return Paragraph(safe.replace("→", '<font name="Symbol">→</font>'), style, bulletText="•" if bullet else None)


def _chart_text(text: object, limit: int | None = None) -> str:
    """Text for a chart label (drawn as is, no markup), shortened to ``limit`` characters."""
    s = _printable(_cell(text)).replace("→", "->")
    return s if limit is None or len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _cell(v: object, decimals: int = 2) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, float) and not (v.is_integer() and decimals == 0):
        return fmt_number(v, decimals)
    if isinstance(v, numbers.Real):  # whole numbers with a thousands dot: 1.712
        return fmt_int(float(v))
    if isinstance(v, dt.date):
        return fmt_date(v)
    return str(v)


def _num(v: SupportsFloat | str | None) -> float | None:
    """A number for a chart; None for a suppressed count ("<5") or a missing value."""
    if v is None or isinstance(v, str):
        return None
    f = float(v)
    return None if math.isnan(f) else f


def _shown(v: SupportsFloat | str | None) -> float | str | None:
    """A figure for a table cell: text ("afgeschermd", "<5") as given, else :func:`_num`."""
    return v if isinstance(v, str) else _num(v)


def _styles() -> dict[str, ParagraphStyle]:
    _glyphs()
    base = ParagraphStyle("body", fontName=_FONT, fontSize=10, leading=13.5, spaceAfter=4)
    return {
        "title": ParagraphStyle("title", parent=base, fontName="Vera-Bold", fontSize=20, leading=25, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11.5, leading=15, spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=base, fontName="Vera-Bold", fontSize=14, leading=18, spaceBefore=10,
                             spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontName="Vera-Bold", fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName="Vera-Italic", fontSize=10, leading=13, spaceBefore=2,
                             spaceAfter=1, keepWithNext=1),
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=3, bulletFontName=_FONT),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, spaceBefore=3,
                               textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5, spaceAfter=0),
        "head": ParagraphStyle("head", parent=base, fontSize=7.5, leading=9, spaceAfter=0),
        "mcell": ParagraphStyle("mcell", parent=base, fontSize=8, leading=9.5, spaceAfter=0),
        "mhead": ParagraphStyle("mhead", parent=base, fontName="Vera-Bold", fontSize=8, leading=9.5, spaceAfter=0,
                                alignment=TA_CENTER),
    }


# --- the document -------------------------------------------------------------------------


class _Doc(BaseDocTemplate):
    """A4 with a portrait and a landscape page template; every h1 becomes a bookmark."""

    def __init__(self, buf: io.BytesIO, title: str, footer: str) -> None:
        super().__init__(buf, pagesize=A4, title=title, author="Buurtnetwerk", subject="Bestuurdersrapport",
                         leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN, bottomMargin=_MARGIN + 4 * mm,
                         lang="nl-NL")
        self._footer = footer
        portrait = Frame(_MARGIN, _MARGIN + 4 * mm, _PORTRAIT_W, A4[1] - 2 * _MARGIN - 4 * mm, id="portrait")
        wide = Frame(_MARGIN, _MARGIN + 4 * mm, _LANDSCAPE_W, A4[0] - 2 * _MARGIN - 4 * mm, id="landscape")
        self.addPageTemplates([
            PageTemplate("portrait", [portrait], onPage=self._decorate, pagesize=A4),
            PageTemplate("landscape", [wide], onPage=self._decorate, pagesize=landscape(A4)),
        ])
        self._marks = 0

    def _decorate(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        w = canvas._pagesize[0]
        canvas.drawString(_MARGIN, _MARGIN - 2 * mm, _chart_text(self._footer, 110))
        canvas.drawRightString(w - _MARGIN, _MARGIN - 2 * mm, f"pagina {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            self._marks += 1
            key = f"s{self._marks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0 if flowable.style.name == "h1" else 1,
                                      closed=True)


def _table(rows: list[list], widths: list[float], st: dict[str, ParagraphStyle], numeric_from: int = 1,
           header_rows: int = 1, extra: list | None = None) -> Table:
    """A table whose text cells are escaped paragraphs; columns from ``numeric_from`` right-aligned."""
    cells = []
    for i, row in enumerate(rows):
        style = st["head"] if i < header_rows else st["cell"]
        cells.append([v if isinstance(v, Flowable) else _para(v, style) if (j < numeric_from or i < header_rows)
                      else _figure(v) for j, v in enumerate(row)])
    t = Table(cells, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), _FONT, 8),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#AAAAAA")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), _GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numeric_from, header_rows), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ]))
    return t


def _figure(v: object) -> str:
    """A number for a table cell: whole numbers without decimals, others with two (Dutch comma)."""
    if isinstance(v, float) and not math.isnan(v):
        return _cell(v, 0 if v.is_integer() else 2)
    return _printable(_cell(v))


def _capped(frame: pd.DataFrame, st: dict[str, ParagraphStyle]) -> tuple[pd.DataFrame, list]:
    if len(frame) <= TABLE_MAX_ROWS:
        return frame, []
    rest = len(frame) - TABLE_MAX_ROWS
    return frame.head(TABLE_MAX_ROWS), [_para(f"… en nog {rest} rijen; alle rijen staan in het Excel-bestand.", st["note"])]


# --- charts -------------------------------------------------------------------------------


def _legend(d: Drawing, names: list[str], x: float, y: float) -> None:
    lg = Legend()
    lg.x, lg.y = x, y
    lg.fontName, lg.fontSize = _FONT, 8
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.dx = lg.dy = 7
    lg.deltax = 150
    lg.colorNamePairs = [(_SERIES[i % len(_SERIES)], _chart_text(n)) for i, n in enumerate(names)]
    d.add(lg)


def _title(d: Drawing, text: str) -> None:
    d.add(String(0, d.height - 10, _chart_text(text), fontName="Vera-Bold", fontSize=9.5))


def _line_chart(labels: list[str], series: dict[str, list[float | None]], title: str, width: float) -> Drawing:
    """A line chart over categories (periods); missing points are left out. A series with a
    point standing alone between missing ones (a bestuurder's "<5" on both sides), or with
    no point at all, cannot be drawn as a line: then it is a bar chart."""
    for vs in series.values():
        if all(v is None for v in vs):
            return _bar_chart(labels, series, title, width, decimals=0)
        for i, v in enumerate(vs):
            if v is not None and (i == 0 or vs[i - 1] is None) and (i == len(vs) - 1 or vs[i + 1] is None):
                return _bar_chart(labels, series, title, width, decimals=0)
    d = Drawing(width, 62 * mm)
    _title(d, title)
    c = HorizontalLineChart()
    c.x, c.y, c.width, c.height = 32, 36, width - 50, d.height - 60
    c.data = [[(v if v is not None else None) for v in vs] for vs in series.values()]
    _axes(c, labels, 12, 8)
    for i in range(len(series)):
        c.lines[i].strokeColor = _SERIES[i % len(_SERIES)]
        c.lines[i].strokeWidth = 1.6
        c.lines[i].symbol = None
    c.lineLabelFormat = lambda v: "" if v is None else _cell(float(v), 0)  # a "<5" point is not drawn
    c.lineLabels.fontName, c.lineLabels.fontSize = _FONT, 7
    c.lineLabels.dy = 5
    d.add(c)
    _legend(d, list(series), 32, 10)
    return d


def _axes(c: HorizontalLineChart | VerticalBarChart | HorizontalBarChart, labels: list[str], limit: int,
          size: float) -> None:
    """Category names shortened to ``limit`` characters, axis labels in ``size`` pt, and a
    value axis from 0 labelled in whole numbers (Dutch notation)."""
    c.categoryAxis.categoryNames = [_chart_text(x, limit) for x in labels]
    c.categoryAxis.labels.fontName, c.categoryAxis.labels.fontSize = _FONT, size
    c.valueAxis.labels.fontName, c.valueAxis.labels.fontSize = _FONT, size
    c.valueAxis.valueMin = 0
    c.valueAxis.labelTextFormat = lambda v: _cell(float(v), 0)


def _colour_bars(c: VerticalBarChart | HorizontalBarChart, n: int) -> None:
    """The bars of ``n`` series in the series colours, without outline."""
    for i in range(n):
        c.bars[i].fillColor = _SERIES[i % len(_SERIES)]
        c.bars[i].strokeColor = None


def _bar_chart(labels: list[str], series: dict[str, list[float | None]], title: str, width: float,
               value_max: float | None = None, decimals: int = 1) -> Drawing:
    """A grouped vertical bar chart; a missing or suppressed value draws no bar and is labelled ``<5``/``–``."""
    d = Drawing(width, 62 * mm)
    _title(d, title)
    c = VerticalBarChart()
    c.x, c.y, c.width, c.height = 32, 36, width - 50, d.height - 60
    c.data = [[v if v is not None else 0 for v in vs] for vs in series.values()]
    _axes(c, labels, 18, 8)
    if value_max is not None:
        c.valueAxis.valueMax, c.valueAxis.valueStep = value_max, 1
    c.barLabels.fontName, c.barLabels.fontSize = _FONT, 7
    c.barLabels.nudge = 6
    c.barLabelFormat = "values"
    c.barLabelArray = [[_cell(v, decimals) if v is not None else "–" for v in vs] for vs in series.values()]
    c.groupSpacing, c.barSpacing = 8, 1
    _colour_bars(c, len(series))
    d.add(c)
    _legend(d, list(series), 32, 10)
    return d


_HBAR_MAX = 40
"""Organisations in one bar chart at most: 16 pt a row plus 70 pt of title and legend fits
the portrait frame (about 733 pt high)."""


def _hbar_chart(labels: list[str], series: dict[str, list[float | str | None]], title: str, width: float,
                swatches: list[str] | None = None) -> Drawing:
    """Grouped horizontal bars per organisation; a suppressed count is labelled ``<5`` without a bar.
    ``swatches`` (hex, one per label): a square in the organisation's colour before its name."""
    n = max(len(labels), 1)
    d = Drawing(width, n * 16 + 70)
    _title(d, title)
    c = HorizontalBarChart()
    c.x, c.y, c.width, c.height = 150, 44, width - 180, n * 16
    c.data = [[_num(v) or 0 for v in vs] for vs in series.values()]
    _axes(c, labels, 34, 7.5)
    c.categoryAxis.reverseDirection = True
    c.barLabels.fontName, c.barLabels.fontSize = _FONT, 6.5
    c.barLabels.boxAnchor, c.barLabels.dx = "w", 3
    c.barLabelFormat = "values"
    c.barLabelArray = [[_cell(v, 0) if not isinstance(v, str) else v for v in vs] for vs in series.values()]
    c.groupSpacing, c.barSpacing = 2, 0
    _colour_bars(c, len(series))
    d.add(c)
    _legend(d, list(series), 150, 10)
    band = c.height / n
    for i, colour in enumerate(swatches or []):  # reverseDirection: the first organisation on top
        d.add(Rect(2, c.y + c.height - (i + 0.5) * band - 3.5, 7, 7, fillColor=colors.HexColor(colour),
                   strokeColor=None))
    return d


# --- matrices -----------------------------------------------------------------------------


def _score_colour(v: float) -> colors.Color:
    # 1 (light red) .. 4 (light green): black text stays readable in grey print.
    t = min(1.0, max(0.0, (v - 1) / 3))
    return colors.Color((245 - 110 * t) / 255, (170 + 60 * t) / 255, 150 / 255)


def _change_colour(v: float) -> colors.Color:
    t = min(1.0, abs(v) / 1.5)
    return colors.Color(1 - 0.35 * t, 1 - 0.1 * t, 1 - 0.35 * t) if v > 0 else colors.Color(1, 1 - 0.4 * t, 1 - 0.4 * t)


def _matrix(M: pd.DataFrame, st: dict[str, ParagraphStyle], change: bool = False) -> list:
    """An organisation × organisation matrix on a landscape page: rows are numbered raters
    with their names, columns the same organisations by number (so long names fit)."""
    if not len(M) or M.isna().all().all():
        return [_para("Geen beoordelingen met een volledige score.", st["note"])]
    if len(M.columns) > MATRIX_MAX_ORGANISATIONS:
        return [_para(f"{len(M.columns)} organisaties: te veel voor een leesbare matrix op papier; zie het "
                      "Excel-bestand.", st["note"])]
    labels = list(M.columns)
    number = {name: i + 1 for i, name in enumerate(labels)}
    name_w = 62 * mm
    col_w = min(17 * mm, (_LANDSCAPE_W - name_w) / len(labels))
    rows = [[_para("beoordelaar \\ beoordeelde", st["mhead"])] + [_para(str(i + 1), st["mhead"]) for i in range(len(labels))]]
    extra = []
    for r, (name, values) in enumerate(M.iterrows(), start=1):
        prefix = f"{number[name]}. " if name in number else ""
        row: list = [_para(f"{prefix}{name}", st["mcell"])]
        for c, v in enumerate(values, start=1):
            if labels[c - 1] == name:
                extra.append(("BACKGROUND", (c, r), (c, r), _GREY))  # an organisation does not rate itself
            if pd.isna(v):
                row.append("")
                continue
            row.append(("+" if change and v > 0 else "") + fmt_number(float(v), 1))
            extra.append(("BACKGROUND", (c, r), (c, r), _change_colour(float(v)) if change else _score_colour(float(v))))
        rows.append(row)
    t = Table(rows, colWidths=[name_w] + [col_w] * len(labels), repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), _FONT, 8.5),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#AAAAAA")),
        ("BACKGROUND", (0, 0), (-1, 0), _GREY), ("BACKGROUND", (0, 1), (0, -1), _GREY),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ]))
    return [t]


def _change_matrix(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """after − before on the union of organisations (NaN where either round has no score)."""
    names = sorted(set(before.index) | set(before.columns) | set(after.index) | set(after.columns), key=str.casefold)
    a = before.reindex(index=names, columns=names)
    b = after.reindex(index=names, columns=names)
    return b - a


# --- the sections -------------------------------------------------------------------------


def _logo(rep, st) -> list:
    """The logo (``NETWERK_RAPPORT_LOGO``) at most 45 x 20 mm, top right; a file ReportLab
    cannot draw gives a Dutch note instead (the service already checked it is a PNG or JPEG)."""
    if not rep.logo:
        return [_para(rep.logo_note, st["note"])] if rep.logo_note else []
    try:
        reader = ImageReader(io.BytesIO(rep.logo))
        w, h = reader.getSize()
        scale = min(45 * mm / w, 20 * mm / h)
        return [Image(io.BytesIO(rep.logo), width=w * scale, height=h * scale, hAlign="RIGHT")]
    except Exception:  # noqa: BLE001 - a damaged image file must not stop the report
        return [_para("Het logo kon niet worden getekend (het bestand is beschadigd); het rapport is zonder logo "
                      "gemaakt.", st["note"])]


def _title_block(rep, st) -> list:
    rounds = " en ".join(f"{rv.name} ({fmt_date(rv.date)})" for rv in rep.rounds) or "geen enquêterondes"
    return [
        *_logo(rep, st),
        _para("Bestuurdersrapport", st["title"]),
        _para(_organisation(rep), st["subtitle"]),
        _para(f"Periode: {fmt_date(rep.start)} t/m {fmt_date(rep.end)}", st["subtitle"]),
        _para(f"Rondes: {rounds}", st["subtitle"]),
        _para(f"Gemaakt op {fmt_date(dt.date.today())}.", st["note"]),
    ]


def _organisation(rep) -> str:
    """"Gemeente Raalte — Buurtgericht samenwerken" (settings), or the report's title without them."""
    return " — ".join(x for x in (rep.gemeente, rep.programma) if x) or rep.title


def _summary_section(sec, st) -> list:
    """One comparison of the first page: its heading, what grew and what did not."""
    out: list = [_para(sec.heading, st["h2"])]
    for title, lines in (("Wat groeide", sec.grew), ("Wat niet groeide", sec.not_grew)):
        if lines:
            out.append(_para(title, st["h3"]))
            out += [_para(s, st["bullet"], bullet=True) for s in lines]
    if sec.verdict:
        out += [_para("Meer dan toeval?", st["h3"]),
                _para(sec.verdict, st["bullet"], bullet=True)]
    return out


def _summary(rep, st) -> list:
    """The first page in plain Dutch (:class:`~netwerk.services.report.FirstPage`): the
    period comparison, the survey-round comparison, what it means and what to decide;
    the details start on the next page. The page's body shrinks to fit what is left of the
    page when it would run over (long lists of organisations), so the summary stays one page."""
    head = _para("Samenvatting: wat u moet weten", st["h1"])
    out: list = []
    s = rep.summary
    if s is None or (s.periods is None and s.rounds is None):
        out.append(_para("Er is nog niets te vergelijken: er zijn minder dan twee kwartalen met activiteiten en "
                         "minder dan twee enquêterondes.", st["note"]))
    else:
        for sec in (s.periods, s.rounds):
            if sec is not None:
                out += _summary_section(sec, st)
    if s is not None and s.meaning:
        out += [_para("Wat betekent dit?", st["h2"]), *(_para(x, st["bullet"], bullet=True) for x in s.meaning)]
    if s is not None:
        out += [_para("Wat kunt u besluiten?", st["h2"]), *(_para(x, st["bullet"], bullet=True) for x in s.decisions)]
    out.append(_para("Alleen cijfers per organisatie en sector, geen namen van personen. Aantallen onder de 5 staan als "
                     "'minder dan 5' (in tabellen <5), andere zijn afgerond op vijftallen, zoals het CBS doet. "
                     "Vertrouwen en waarde komen uit de enquête (PARTNER-methode): een schaal van 1 (helemaal niet) tot "
                     "4 (in hoge mate). De woorden staan uitgelegd onder Begrippen, op de laatste pagina. Alle tabellen "
                     "staan in het bijbehorende Excel-bestand.", st["note"]))
    return [head, KeepInFrame(0, 0, out, mode="shrink"), PageBreak()]


_GROWTH_COLS = ("period", "organisations", "persons", "activities", "ties", "organisation_ties")
_GROWTH_HEAD = ("Periode", *(FIGURES[c].label for c in _GROWTH_COLS[1:]))


def growth_chart(rep) -> Drawing:
    """The report's growth chart: organisation pairs tied per quarter (a line chart; bars
    when "<5" leaves a point alone), portrait page width.

    Parameters
    ----------
    rep : BestuurdersReport
        With at least one growth row.
    """
    g = rep.growth
    labels = [str(p) for p in g["period"]]
    return _line_chart(labels, {FIGURES["organisation_ties"].label: [_num(v) for v in g["organisation_ties"]]},
                       f"{FIGURES['organisation_ties'].label}, per kwartaal", _PORTRAIT_W)


def rounds_chart(rep) -> Drawing:
    """The report's rounds chart: mean trust and value per survey round on the 1-4 scale
    (grouped bars; a withheld mean draws no bar), three quarters of the page width.

    Parameters
    ----------
    rep : BestuurdersReport
        With at least one round.
    """
    return _bar_chart([rv.name for rv in rep.rounds],
                      {"Vertrouwen": [_num(rv.summary["mean_trust"]) for rv in rep.rounds],
                       "Waarde": [_num(rv.summary["mean_value"]) for rv in rep.rounds]},
                      "Gemiddeld vertrouwen en waarde (schaal 1-4)", _PORTRAIT_W * 0.75, value_max=4)


def _growth(rep, st) -> list:
    out: list = [CondPageBreak(90 * mm), _para("Samenwerking per kwartaal", st["h1"])]
    g = rep.growth
    if not len(g):
        return out + [_para("Geen activiteiten in deze periode.", st["note"])]
    out.append(_para(f"{TIE_KINDS['werkrelatie'].name}: {TIE_KINDS['werkrelatie'].definition} "
                     f"{TIE_KINDS['organisatierelatie'].name}: {TIE_KINDS['organisatierelatie'].definition}", st["note"]))
    out.append(growth_chart(rep))
    rows = [list(_GROWTH_HEAD)] + [[r[c] for c in _GROWTH_COLS] for _, r in g.iterrows()]
    head, chart = out[:-1], out[-1]  # the heading stays with its chart and table
    return [KeepTogether([*head, chart, Spacer(1, 2 * mm), _table(rows, [30 * mm] + [30 * mm] * 5, st)])]


def _rounds(rep, st) -> list:
    out: list = [CondPageBreak(110 * mm), _para("Vertrouwen en waarde per ronde", st["h1"])]
    if not rep.rounds:
        return out + [_para("Er zijn nog geen enquêterondes.", st["note"])]
    names = [rv.name for rv in rep.rounds]
    out.append(rounds_chart(rep))
    head = ["Ronde", "Datum", "Beoordelingen", "Dichtheid", "Wederkerigheid", "Vertrouwen", "Waarde",
            "Samenwerkings-niveau (0-4)"]
    rows = [head] + [[rv.name, rv.date, rv.summary["ratings"]] + [fmt_number(rv.summary[k], 2) for k in
                                                                  ("density", "reciprocity", "mean_trust", "mean_value",
                                                                   "mean_himmelman")] for rv in rep.rounds]
    out.append(_table(rows, [36 * mm, 19 * mm, 23 * mm, 17 * mm, 24 * mm, 20 * mm, 16 * mm, 24 * mm], st, numeric_from=2))
    out = [out[0], KeepTogether(out[1:])]
    notes = [f"{rv.name}: {rv.incomplete_note}" for rv in rep.rounds if rv.incomplete_note]
    out += [_para(n, st["note"]) for n in [*rep.response, *notes]]
    if rep.response_warning:
        out.append(_para(rep.response_warning, st["body"]))
    out.append(_para("Dichtheid: het deel van alle mogelijke gerichte paren organisaties met een beoordeling. "
                     "Wederkerigheid: het deel van de beoordeelde paren dat elkaar over en weer beoordeelde. "
                     "Samenwerkingsniveau: hoe nauw organisaties volgens hun eigen oordeel samenwerken, op de schaal van "
                     "Himmelman: 0 geen, 1 netwerken (informatie delen), 2 coördineren (ook activiteiten afstemmen), "
                     "3 samenwerken (ook middelen delen), 4 samen optrekken (ook elkaar sterker maken); het gemiddelde "
                     "over alle beoordelingen.", st["note"]))
    # Himmelman: one row per level, one column per round.
    levels = rep.rounds[0].himmelman[["level", "label"]].values.tolist()
    rows = [["Samenwerkingsniveau (Himmelman)", *names]]
    for level, label in levels:
        row = [f"{level} {label}"]
        for rv in rep.rounds:
            h = rv.himmelman[rv.himmelman["level"] == level]
            if not len(h):
                row.append("–")
                continue
            count, share = h.iloc[0]["count"], h.iloc[0]["share"]
            # A withheld count ("<5") has no share: the share and the round's total would give it back.
            row.append(count if isinstance(count, str) else f"{_cell(count, 0)} ({fmt_percent(float(share), 0)})")
        rows.append(row)
    out.append(KeepTogether([_para("Samenwerkingsniveau per beoordeling: aantal beoordelingen (aandeel)", st["h2"]),
                             _table(rows, [70 * mm] + [40 * mm] * len(names), st)]))
    return out


def _matrices(rep, st) -> list:
    out: list = [NextPageTemplate("landscape"), PageBreak(), _para("Matrices per ronde", st["h1"]),
                 _para("Rijen: de beoordelende organisatie; kolommen: de beoordeelde organisatie, met hetzelfde nummer. "
                       "Een cel is het gemiddelde van alle beoordelingen van die organisatie (of haar mensen) over de "
                       "andere, op 1-4; leeg: geen volledige beoordeling.", st["note"])]
    if not rep.rounds:
        return out + [_para("Er zijn nog geen enquêterondes.", st["note"]), NextPageTemplate("portrait"), PageBreak()]
    pages = [[(f"Vertrouwen: {rv.name}", rv.trust_matrix, False), (f"Waarde: {rv.name}", rv.value_matrix, False)]
             for rv in rep.rounds]
    if len(rep.rounds) == 2:
        a, b = rep.rounds
        pages.append([(f"Verandering in vertrouwen: {a.name} → {b.name}", _change_matrix(a.trust_matrix, b.trust_matrix),
                       True),
                      (f"Verandering in waarde: {a.name} → {b.name}", _change_matrix(a.value_matrix, b.value_matrix),
                       True)])
    for i, blocks in enumerate(pages):  # one page per round (trust above value), then one with the change
        if i:
            out.append(PageBreak())
        page: list = []
        for title, M, change in blocks:
            page += [_para(title, st["h2"]), *_matrix(M, st, change)]
        if blocks[0][2]:
            page.append(_para("Groen: gestegen, rood: gedaald (verschil op de schaal 1-4); leeg: in een van de rondes "
                              "geen volledige beoordeling.", st["note"]))
        out.append(KeepTogether(page))
    return out + [NextPageTemplate("portrait"), PageBreak()]


_CHANGE_ORDER = {"nieuw": 0, "sterker": 1, "zwakker": 2, "verdwenen": 3, "gelijk": 4}


def _diff(title: str, d, st, weight_label: str, weight_note: str) -> list:
    out: list = [CondPageBreak(120 * mm), _para(title if d is None else f"{title}: {d.before_label} → {d.after_label}",
                                                st["h1"])]
    if d is None:
        return out + [_para("Er zijn geen twee momenten om te vergelijken.", st["note"])]
    out += [_para(s, st["bullet"], bullet=True) for s in d.narrative]
    c = d.counts
    out.append(_bar_chart(["nieuw", "verdwenen", "sterker", "zwakker"],
                          {d.tie_label: [_num(c["new"]), _num(c["lost"]), _num(c["stronger"]), _num(c["weaker"])]},
                          f"{d.tie_label}: van {c['ties_before']} naar {c['ties_after']}",
                          _PORTRAIT_W * 0.6, decimals=0))
    out = [out[0], KeepTogether(out[1:])]
    ties = d.ties[d.ties["change"] != "gelijk"].copy()
    if len(ties):
        ties = ties.assign(_o=ties["change"].map(_CHANGE_ORDER)).sort_values(["_o", "organisation_a", "organisation_b"],
                                                                             kind="mergesort")
        ties, note = _capped(ties, st)
        rows = [["Organisatie", "Organisatie", f"{weight_label} voor", f"{weight_label} na", "Verandering"]]
        rows += [[r.organisation_a, r.organisation_b, _weight(r.weight_before, d.kind), _weight(r.weight_after, d.kind),
                  r.change] for r in ties.itertuples(index=False)]
        out += [_para("Veranderde relaties", st["h2"]), _para(weight_note, st["note"]),
                _table(rows, [55 * mm, 55 * mm, 22 * mm, 22 * mm, 24 * mm], st, numeric_from=2,
                       extra=[("ALIGN", (4, 1), (4, -1), "LEFT")]), *note]
    b = d.brokerage[d.brokerage["direction"] != "gelijk"] if len(d.brokerage) else d.brokerage
    if len(b):
        b = b.sort_values(["direction", "betweenness_change"], ascending=[False, False], kind="mergesort")
        rows = [["Organisatie", "Sector", "Makelaars-positie voor", "Makelaars-positie na", "Beperking voor", "Beperking na",
                 "Richting"]]
        rows += [[r.organisation, r.sector, *(fmt_number(_num(v), 2) for v in (r.betweenness_before, r.betweenness_after,
                                                                              r.constraint_before, r.constraint_after)),
                  r.direction] for r in b.itertuples(index=False)]
        out.append(KeepTogether([
            _para("Makelaarspositie gestegen of gedaald", st["h2"]),
            _para("Makelaarspositie (betweenness volgens Freeman): hoe vaak een organisatie op de kortste weg tussen "
                  "twee andere ligt (0 = nooit, 1 = altijd). "
                  "Beperking (Burt's constraint): hoe sterk haar contacten ook onderling verbonden zijn; lager betekent "
                  "meer makelaarsruimte. Richting: steeg of daalde de makelaarspositie; is die gelijk gebleven, dan "
                  "telt de beperking (lager = steeg).", st["note"]),
            _table(rows, [44 * mm, 28 * mm, 22 * mm, 22 * mm, 20 * mm, 20 * mm, 24 * mm], st, numeric_from=2,
                   extra=[("ALIGN", (6, 1), (6, -1), "LEFT")])]))
    p = d.pairs.dropna(subset=["trust_change"]) if len(d.pairs) else d.pairs
    if len(p):
        falls = p[p["trust_change"] < 0].sort_values("trust_change", kind="mergesort")
        rises = p[p["trust_change"] > 0].sort_values("trust_change", ascending=False, kind="mergesort").head(10)
        shown = pd.concat([falls, rises])
        shown, note = _capped(shown, st)
        rows = [["Beoordelaar", "Beoordeelde", "Vertrouwen voor", "Vertrouwen na", "Verschil"]]
        rows += [[r.rater, r.rated, *(fmt_number(float(v), 2) for v in (r.trust_before, r.trust_after)),
                  ("+" if r.trust_change > 0 else "") + fmt_number(float(r.trust_change), 2)]
                 for r in shown.itertuples(index=False)]
        out += [_para("Vertrouwen per paar organisaties: alle dalingen en de tien grootste stijgingen", st["h2"]),
                _table(rows, [58 * mm, 58 * mm, 22 * mm, 22 * mm, 20 * mm], st, numeric_from=2), *note]
    return out


def _weight(v, kind: str) -> str:
    """A tie weight: a mean Himmelman level (rounds, two decimals) or a count of pairs (periods; "<5" kept)."""
    if isinstance(v, str):
        return v
    return fmt_number(_num(v), 2) if kind == "rounds" else _cell(_num(v), 0)


def _glossary(st) -> list:
    """The tie model's glossary (:func:`netwerk.analysis.ties.glossary`), the last page."""
    out: list = [CondPageBreak(80 * mm), _para("Begrippen", st["h1"]),
                 _para("Welke relatie elk cijfer in dit rapport telt; dezelfde woorden staan in het dashboard.", st["note"])]
    return out + [_para(f"{term}: {definition}", st["bullet"], bullet=True) for term, definition in glossary()]


def commitments_chart(rep, last: pd.DataFrame | None = None, title: str | None = None) -> Drawing:
    """The commitments chart: hours committed and participations per organisation (rows of
    ``last``, default the report's last quarter), each organisation marked with its colour
    from :func:`netwerk.palette.organisation_colours` over ``rep.organisation_ids`` (the
    same colour as on the dashboard's pages and maps).

    Parameters
    ----------
    rep : BestuurdersReport
        With at least one commitments row.
    """
    c = rep.commitments
    if last is None:
        last = c[c["period"] == list(dict.fromkeys(c["period"]))[-1]]
    colours = organisation_colours(rep.organisation_ids)
    swatches = [colours.get(str(o), MISSING_COLOUR) for o in last["org_id"]] if "org_id" in last.columns else None
    return _hbar_chart(list(last["organisation"]),
                       {"Uren per maand toegezegd": list(last["committed_hours_per_month"]),
                        "Deelnames": list(last["participations"])},
                       title or f"Toezegging en deelname in {last['period'].iloc[0]}", _PORTRAIT_W, swatches)


def _commitments(rep, st) -> list:
    out: list = [PageBreak(), _para("Toezeggingen en deelname", st["h1"]),
                 _para("Wat elke organisatie in het bestuurdersoverleg toezegde (Uren: uren per maand, opgeteld tot en met "
                       "het kwartaal) naast hoe vaak haar professionals en bestuurders aan activiteiten meededen (Deeln.: "
                       "deelnames). Activiteiten hebben geen duur: deelname wordt geteld, niet in uren gemeten.",
                       st["note"])]
    c = rep.commitments
    if not len(c):
        return out + [_para("Geen toezeggingen of deelname in deze periode.", st["note"])]
    periods = list(dict.fromkeys(c["period"]))
    last = c[c["period"] == periods[-1]]
    title = f"Toezegging en deelname in {periods[-1]}"
    if len(last) > _HBAR_MAX:  # one chart fits a portrait page; the table below lists every organisation
        rank = last.assign(_h=[_num(v) or 0 for v in last["committed_hours_per_month"]],
                           _p=[_num(v) or 0 for v in last["participations"]])
        last = rank.sort_values(["_h", "_p"], ascending=False, kind="mergesort").head(_HBAR_MAX)
        title += f" (de {_HBAR_MAX} organisaties met de meeste toegezegde uren)"
    out.append(commitments_chart(rep, last, title))
    key = "org_id" if "org_id" in c.columns else "organisation"  # org_id: two organisations may share a name
    orgs = list(dict.fromkeys(c[key]))
    names = dict(zip(c[key], c["organisation"], strict=False))
    sectors = dict(zip(c[key], c["sector"], strict=False))
    for start in range(0, len(periods), 4):
        chunk = periods[start:start + 4]
        head1 = ["Organisatie"] + [x for p in chunk for x in (p, "")]
        head2 = [""] + ["Uren", "Deeln."] * len(chunk)
        rows = [head1, head2]
        for o in orgs:
            sector = sectors.get(o)
            row: list = [f"{names.get(o, o)} ({gs.SECTORS.get(sector or '', sector or '–')})"]
            for p in chunk:
                hit = c[(c[key] == o) & (c["period"] == p)]
                if len(hit):
                    row += [_num(hit.iloc[0]["committed_hours_per_month"]), _shown(hit.iloc[0]["participations"])]
                else:
                    row += ["–", "–"]
            rows.append(row)
        spans = [("SPAN", (1 + 2 * i, 0), (2 + 2 * i, 0)) for i in range(len(chunk))]
        spans.append(("SPAN", (0, 0), (0, 1)))
        w = (_PORTRAIT_W - 60 * mm) / (2 * len(chunk))
        out.append(_table(rows, [60 * mm] + [w] * (2 * len(chunk)), st, header_rows=2,
                          extra=[*spans, ("ALIGN", (1, 1), (-1, 1), "RIGHT")]))
        out.append(Spacer(1, 3 * mm))
    return out


def _change_figure(v: object) -> str:
    """A figure of :mod:`netwerk.services.growth_change` for a cell: a fraction or mean with two
    decimals (1,00, not 1, as its verdict writes it), a count as a whole number, text as given."""
    if isinstance(v, float) and not math.isnan(v):
        return fmt_number(v, 2)
    return _figure(_shown(v))  # type: ignore[arg-type]


def growth_change_section(rep, st) -> list:
    """Is the growth more than chance? First one line per comparison of ``rep.changes``
    (:class:`~netwerk.services.growth_change.GrowthChange`) with its headline verdict, then per
    comparison every figure with before, after, the 95% interval of the difference and the verdict."""
    out: list = [_para("Is de groei meer dan toeval?", st["h1"])]
    if not rep.changes:
        return out + [_para("Er zijn geen twee momenten om te vergelijken.", st["note"])]
    tables: list = []
    for ch in rep.changes:
        if all(f.verdict == TOO_FEW for f in ch.figures):  # one line, not a table of the same sentence
            out.append(_para(f"{ch.before.label} → {ch.after.label}: {TOO_FEW} Er zijn minder dan {MIN_ACTORS} "
                             "organisaties op beide momenten.", st["bullet"], bullet=True))
            continue
        out.append(_para(f"{ch.before.label} → {ch.after.label}: {ch.headline}", st["bullet"], bullet=True))
        rows = [["Cijfer", "Eerst", "Nu", "95%-interval verschil", "Oordeel"]]
        for f in ch.figures:
            rows.append([f.label, _change_figure(f.before), _change_figure(f.after), f.interval(),
                         _para(f.verdict, st["cell"])])  # a paragraph: the verdict wraps in its column
        tables.append(KeepTogether([
            _para(f"{ch.before.label} → {ch.after.label}", st["h2"]),
            _para(f"{ch.tie_label}. {ch.actors} organisaties op beide momenten; intervallen uit "
                  f"{fmt_number(ch.n_samples)} bootstrap-steekproeven (seed {ch.seed}).", st["note"]),
            _table(rows, [34 * mm, 14 * mm, 14 * mm, 26 * mm, 92 * mm], st, numeric_from=1,
                   extra=[("ALIGN", (4, 1), (4, -1), "LEFT")]),
            Spacer(1, 3 * mm),
        ]))
    return out + tables


def _learning_cell(v: object, st: dict[str, ParagraphStyle]) -> object:
    """A cell of the learning tables: text wraps (a paragraph), a date as dd-mm-jjjj, a count as shown."""
    if isinstance(v, dt.date):
        return fmt_date(v)
    if isinstance(v, str) and len(v) > 12:
        return _para(v, st["cell"])
    return _figure(_shown(v))  # type: ignore[arg-type]


def learning_section(rep, st) -> list:
    """Wat we leerden en wat er loopt: the counts of ``rep.learning``
    (:class:`~netwerk.services.report.LearningSection`; 1-4 as "<5"), then the period's
    lessons, decisions (tally, never who voted how) and plans, each list cut at
    :data:`TABLE_MAX_ROWS` with a note."""
    out: list = [PageBreak(), _para("Wat we leerden en wat er loopt", st["h1"]),
                 _para("Wat de bijeenkomsten opleverden: lessen, besluiten volgens Deep Democracy (voor, tegen, "
                       "onthouding en wat de minderheid nodig heeft om mee te gaan; nooit wie wat stemde) en de plannen "
                       "van bewonersgroepen die in deze periode liepen. Aantallen onder de 5 staan als <5, andere zijn "
                       "afgerond op vijftallen.", st["note"])]
    sec = rep.learning
    if sec is None:
        return out + [_para("Geen gegevens.", st["note"])]
    out.append(_table([list(LEARNING_COUNTS.values()), [_figure(_shown(sec.counts[k])) for k in LEARNING_COUNTS]],
                      [_PORTRAIT_W / len(LEARNING_COUNTS)] * len(LEARNING_COUNTS), st, numeric_from=0))
    widths = {"lessons": [76 * mm, 34 * mm, 45 * mm, 25 * mm],
              "decisions": [48 * mm, 12 * mm, 12 * mm, 18 * mm, 44 * mm, 24 * mm, 22 * mm],
              "plans": [48 * mm, 36 * mm, 32 * mm, 18 * mm, 23 * mm, 23 * mm]}
    for attr, title, empty in (("lessons", "Wat we leerden", "Geen lessen vastgelegd in deze periode."),
                               ("decisions", "Besluiten", "Geen besluiten vastgelegd in deze periode."),
                               ("plans", "Plannen en initiatieven", "Geen plannen in deze periode.")):
        frame = getattr(sec, attr)
        out.append(_para(title, st["h2"]))
        if not len(frame):
            out.append(_para(empty, st["note"]))
            continue
        frame, note = _capped(frame, st)
        cols = LEARNING_COLUMNS[attr]
        rows = [list(cols.values())] + [[_learning_cell(v, st) for v in r] for r in frame[list(cols)].itertuples(index=False)]
        out.append(_table(rows, widths[attr], st, numeric_from=len(cols),
                          extra=[("ALIGN", (1, 1), (3, -1), "RIGHT")] if attr == "decisions" else None))
        out += note
        out.append(Spacer(1, 3 * mm))
    return out


def render_pdf(rep) -> bytes:
    """The :class:`~netwerk.services.report.BestuurdersReport` as an A4 PDF (see the module
    docstring for its chapters, :data:`SECTIONS`). Portrait pages, landscape pages for
    the matrices; every chapter is a bookmark; the footer names the period and the page."""
    st = _styles()
    buf = io.BytesIO()
    doc = _Doc(buf, title=_chart_text(f"Bestuurdersrapport: {rep.title}"),
               footer=f"Bestuurdersrapport {_organisation(rep)} · {fmt_date(rep.start)} t/m {fmt_date(rep.end)}")
    story: list = []
    story += _title_block(rep, st)
    story += _summary(rep, st)
    story += growth_change_section(rep, st)
    story += _growth(rep, st)
    story += _rounds(rep, st)
    story += _matrices(rep, st)
    story += _diff("Verschil tussen de rondes", rep.round_diff, st, "Niveau",
                   "Niveau: het gemiddelde samenwerkingsniveau (Himmelman) van de beoordelingen tussen de twee "
                   "organisaties (0 geen, "
                   "1 netwerken, 2 coördineren, 3 samenwerken, 4 samen optrekken).")
    story += _diff("Verschil tussen perioden", rep.period_diff, st, "Paren",
                   "Paren: het aantal werkrelaties tussen mensen van de twee organisaties in de periode (onder de 5 "
                   "als <5, andere afgerond op vijftallen).")
    story += _commitments(rep, st)
    story += learning_section(rep, st)
    story += _glossary(st)
    doc.build(story)
    return buf.getvalue()
