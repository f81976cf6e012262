"""The bestuurdersrapport's section "Wat we leerden en wat er loopt" on the demo data (6 lessons,
4 decisions, 6 plans in 2025: seeds/demo/generator.py), read back from the PDF with pypdf,
from the XLSX and the HTML: the texts, the counts rounded as every count (1-4 as "<5"), the
tallies rounded too, and no person's name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from netwerk import report as renderers
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.report.pdf import SECTIONS
from netwerk.services import learning, report, seeding

BEST = Viewer("best", "bestuurder")
COORD = Viewer("coord", "coordinator")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('leren') / 'demo.sqlite'}")
    seeding.seed(s, "demo")
    yield s
    s.close()


def _section_text(pdf: bytes) -> str:
    """The section's text (every page's header and footer included), whitespace collapsed."""
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    start = text.index("Wat we leerden en wat er loopt Wat de bijeenkomsten")
    return text[start:text.index("Begrippen", start)]


def test_the_section_in_the_pdf(demo) -> None:
    rep = report.build_report(COORD, demo)  # the content is the bestuurder's view for everyone
    assert (rep.start, rep.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    sec = rep.learning
    # 6 lessons -> 5, 4 decisions -> <5, 6 plans -> 5; per status 2 idee, 1 gestart, 2 lopend, 1 afgerond
    assert sec.counts == {"lessons": 5, "decisions": "<5", "plans": 5, "idee": "<5", "gestart": "<5", "lopend": "<5",
                          "afgerond": "<5"}
    pdf = renderers.report_pdf(rep)
    outline = [o.title for o in PdfReader(io.BytesIO(pdf)).outline if not isinstance(o, list)]
    assert "Wat we leerden en wat er loopt" in outline and "Wat we leerden en wat er loopt" in SECTIONS
    text = _section_text(pdf)
    assert "Lessen Besluiten Plannen Plannen: idee Plannen: gestart Plannen: lopend Plannen: afgerond 5 <5 5 <5 <5 <5 <5" \
        in text
    for lesson in ("Als de tegenstem vroeg gehoord wordt, loopt de uitvoering daarna soepeler",
                   "Over geldzorgen praten lukt beter in kleine groepen dan op een grote avond"):
        assert lesson in text
    # 9 for, 0 against, 1 abstain, as every count for a bestuurder: 10, 0, <5
    assert "Elke maand een buurtmaaltijd in het wijkcentrum 10 0 <5" in text
    assert "Snelheidsdisplay in de buurt Bewonersgroep Veilig Verkeer verkeersveiligheid afgerond 01-06-2025 31-10-2025" \
        in text
    persons = demo.table("persons").set_index("person_id")
    for author in ("p01", "p09", "p10"):  # the lessons' authors are named nowhere
        assert persons.loc[author, "display_name"] not in text


def test_the_section_in_xlsx_and_html_and_for_a_shorter_period(demo) -> None:
    rep = report.build_report(BEST, demo)
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(rep)))
    counts = [tuple(r) for r in wb["Wat we leerden"].iter_rows(min_row=2, values_only=True)]
    assert counts[:3] == [("Lessen", 5), ("Besluiten", "<5"), ("Plannen", 5)]
    assert wb["Lessen"].max_row == 7 and wb["Besluiten"].max_row == 5 and wb["Plannen"].max_row == 7
    assert [c.value for c in wb["Besluiten"][1]][:4] == ["Voorstel", "Voor", "Tegen", "Onthouding"]
    html = renderers.report_html(rep)
    assert "<h2>Wat we leerden en wat er loopt</h2>" in html and "Moestuin achter de flat" in html

    # one definition: the report's counts are the page's for a bestuurder over the same period
    page = learning.learning_overview(BEST, demo, start=rep.start, end=rep.end)
    assert rep.learning.counts == page.counts

    spring = report.build_report(BEST, demo, dt.date(2025, 1, 1), dt.date(2025, 5, 31))
    # only the lesson of 8 April; plans started by 31 May or without dates: the two ideas
    assert list(spring.learning.lessons["activity"]) == [
        "Professionalsoverleg 3: Deep Democracy: ook de stem van de minderheid"]
    assert sorted(spring.learning.plans["title"]) == ["Jongerenruimte in het oude clubhuis",
                                                      "Spreekuur rondkomen in de bibliotheek"]
