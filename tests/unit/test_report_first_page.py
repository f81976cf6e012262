"""The bestuurdersrapport's first page on the demo data (seeds/): plain Dutch, the period
and the survey-round comparison under their own headings, and every figure on it equal to
what the services give a bestuurder (read back from the PDF with pypdf); the municipality,
programme and logo from the settings."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from netwerk import report as renderers
from netwerk.access import Viewer
from netwerk.analysis.ties import FIGURES
from netwerk.bootstrap import open_store
from netwerk.services import network, report, seeding, trust
from netwerk.text import fmt_number

BEST = Viewer("best", "bestuurder")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('rapport') / 'demo.sqlite'}")
    seeding.seed(s, "demo")
    yield s
    s.close()


def _page(pdf: bytes, n: int = 0) -> str:
    """Page ``n``'s text, line breaks inside paragraphs collapsed to spaces."""
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[n].extract_text().split())


def _shown(v) -> str:
    return "minder dan 5" if v == "<5" else fmt_number(v)


def test_first_page_figures_equal_the_services(demo) -> None:
    rep = report.build_report(BEST, demo)
    first = _page(renderers.report_pdf(rep))
    # The period: the growth table per quarter of 2025 as Groei shows it to a bestuurder.
    growth = network.growth_table(BEST, demo, None, "quarter")
    growth = growth[(growth["period_start"] >= dt.date(2025, 1, 1)) & (growth["period_end"] <= dt.date(2025, 12, 31))]
    g0, g1 = growth.iloc[0], growth.iloc[-1]
    assert (g0["period"], g1["period"]) == ("2025-K1", "2025-K4")
    assert "Samenwerking: 2025-K1 vergeleken met 2025-K4" in first
    for key in report.SUMMARY_GROWTH:
        assert f"{FIGURES[key].label}" in first
        assert f"van {_shown(g0[key])} naar {_shown(g1[key])}." in first, key
    # Published demo values (bestuurder's rounding): 15 -> 45 organisation pairs, 5 -> 10 organisations.
    assert "Verbonden organisatieparen (paren organisaties met minstens één werkrelatie tussen hun mensen): " \
           "van 15 naar 45." in first
    assert "Organisaties: van 5 naar 10." in first
    periods = trust.compare_periods(BEST, demo, (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
                                    (dt.date(2025, 10, 1), dt.date(2025, 12, 31)))
    c = periods.counts
    assert f"Verbonden organisatieparen: {_shown(c['lost'])} verdwenen en {_shown(c['weaker'])} zwakker geworden " \
           "(minder werkrelaties tussen hun mensen)." in first
    assert "Voor het eerst verbonden: " + ", ".join(periods.newly_connected) + "." in first
    # The rounds: Verschil's comparison of the two latest rounds.
    rounds = trust.compare_rounds(BEST, demo)
    assert f"Vertrouwen volgens de enquête: {rounds.before_label} vergeleken met {rounds.after_label}" in first
    m = rounds.means
    assert f"Gemiddeld vertrouwen: van {fmt_number(m['trust_before'], 1)} naar {fmt_number(m['trust_after'], 1)} " \
           "op een schaal van 1 tot 4." in first
    assert f"Ervaren waarde van de samenwerking: van {fmt_number(m['value_before'], 1)} naar " \
           f"{fmt_number(m['value_after'], 1)}" in first
    assert (fmt_number(m["trust_before"], 1), fmt_number(m["trust_after"], 1)) == ("2,1", "2,8")
    rc = rounds.counts
    assert f"van {_shown(rc['ties_before'])} naar {_shown(rc['ties_after'])}." in first
    assert "Woonstichting Heuvelrand in Basisteam Politie Sallandrug: van 2,2 naar 1,7." in first
    # The sections in order, with their own headings; the details start on page 2.
    order = ["Samenvatting: wat u moet weten", "Samenwerking: 2025-K1", "Wat groeide", "Wat niet groeide",
             "Vertrouwen volgens de enquête: Nulmeting 2025", "Wat betekent dit?", "Wat kunt u besluiten?"]
    assert [first.index(h) for h in order] == sorted(first.index(h) for h in order)
    assert "Samenwerking per kwartaal" not in first


def test_first_page_gives_each_comparison_its_verdict_and_fits_one_page(demo) -> None:
    """Issue 17: each comparison on page 1 says whether its change is more than chance, with the
    headline and 95% interval of :mod:`netwerk.services.growth_change`; the whole summary fits
    page 1 (its note ends it) and page 2 starts with the verdicts' details."""
    rep = report.build_report(BEST, demo)
    pdf = renderers.report_pdf(rep)
    first = _page(pdf)
    rounds, periods = (next(ch for ch in rep.changes if ch.kind == k) for k in ("rounds", "periods"))
    for ch in (periods, rounds):
        assert f"Meer dan toeval? • {ch.headline}" in first
    # The demo's figures (1,000 node-bootstrap samples, seed 17): the rounds' density grew beyond chance, the
    # quarters' ties per organisation pair did not.
    assert "De samenwerking tussen organisaties is gegroeid (dichtheid 0,29 → 1,00; 95%-interval van de toename " \
           "0,45 tot 0,97)." in first
    assert "Dit verschil is niet te onderscheiden van toeval (werkrelaties per organisatiepaar 5,07 → 10,87" in first
    assert first.index(periods.headline) < first.index("Vertrouwen volgens de enquête") < first.index(rounds.headline)
    assert "Alle tabellen staan in het bijbehorende Excel-bestand." in first  # the page's last line
    assert _page(pdf, 1).startswith("Bestuurdersrapport") and "Is de groei meer dan toeval?" in _page(pdf, 1)[:200]


def test_every_number_on_the_first_page_comes_from_a_figure(demo) -> None:
    """No retyped number: each number in the summary is one of its figures (as printed),
    a date or period of its headings, or the scale 1-4 and the threshold 5 of its text."""
    rep = report.build_report(BEST, demo)
    first = _page(renderers.report_pdf(rep))
    body = first[first.index("Samenvatting: wat u moet weten"):first.index("Alleen cijfers per organisatie")]
    body = re.sub(r"\d{4}-K\d", "", body)
    figures = {**rep.summary.periods.figures, **rep.summary.rounds.figures}
    allowed = {"1", "4", "5"} | {fmt_number(v, 1) for v in figures.values() if isinstance(v, float)}
    allowed |= {fmt_number(v) for v in figures.values() if isinstance(v, int)}
    pairs = rep.round_diff.pairs.dropna(subset=["trust_change"])
    worst = pairs.sort_values("trust_change", kind="mergesort").iloc[0]
    allowed |= {fmt_number(worst["trust_before"], 1), fmt_number(worst["trust_after"], 1)}
    # Each section's verdict ("Meer dan toeval?") quotes its change's figures and the 95% of its interval.
    allowed |= {"95"} | {fmt_number(abs(v), 2) for ch in rep.changes for f in ch.figures
                         for v in (f.before, f.after, f.ci_low, f.ci_high) if isinstance(v, float)}
    numbers = re.findall(r"\d+(?:,\d+)?", re.sub(r"Nulmeting 2025|Jaarevaluatie 2025", "", body))
    assert numbers and set(numbers) <= allowed, set(numbers) - allowed


def test_a_suppressed_count_is_never_printed_with_a_share_or_a_total_that_gives_it_back(demo) -> None:
    """"<5 (3%)" gave the count back (3% of 75 ratings = 2): a withheld Himmelman count has no
    share, and every share printed is computed from rounded counts."""
    rep = report.build_report(BEST, demo)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages)
    assert "3 samenwerken <5 20 (13%)" in text  # the Nulmeting's "samenwerken" level: 1-4 ratings, no share
    assert not re.search(r"<5 \(", text)
    for rv in rep.rounds:
        hm = rv.himmelman
        total = rv.summary["ratings"]
        for count, share in zip(hm["count"], hm["share"], strict=True):
            if isinstance(count, str):
                assert share != share  # NaN: withheld with its count
            else:
                assert count % 5 == 0 and share == pytest.approx(count / total)


def test_municipality_programme_and_logo_come_from_the_settings(demo, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETWERK_GEMEENTE", "Gemeente Deventer")
    monkeypatch.setenv("NETWERK_PROGRAMMA", "Wijkaanpak Keizerslanden")
    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (300, 100), (0, 90, 160)).save(logo)
    monkeypatch.setenv("NETWERK_RAPPORT_LOGO", str(logo))
    rep = report.build_report(BEST, demo)
    assert (rep.gemeente, rep.programma, rep.logo_note) == ("Gemeente Deventer", "Wijkaanpak Keizerslanden", "")
    pdf = renderers.report_pdf(rep)
    first = _page(pdf)
    assert "Gemeente Deventer — Wijkaanpak Keizerslanden" in first
    assert "Bestuurdersrapport Gemeente Deventer — Wijkaanpak Keizerslanden · 01-01-2025 t/m 31-12-2025" in _page(pdf, 1)
    images = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    assert len(images) == 1 and images[0].image.size == (300, 100)
    assert "Gemeente Deventer — Wijkaanpak Keizerslanden" in renderers.report_html(rep)


@pytest.mark.parametrize(("content", "note"), [
    (None, "Het logo 'weg.png' (NETWERK_RAPPORT_LOGO) is niet gevonden; het rapport is zonder logo gemaakt."),
    (b"geen plaatje", "Het logo 'weg.png' is geen PNG- of JPEG-bestand; het rapport is zonder logo gemaakt."),
    (b"\x89PNG\r\n\x1a\nkapot", "Het logo kon niet worden getekend (het bestand is beschadigd); het rapport is zonder "
                               "logo gemaakt."),
])
def test_a_missing_or_bad_logo_gives_a_dutch_note_not_an_error(demo, tmp_path: Path, monkeypatch, content, note) -> None:
    path = tmp_path / "weg.png"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv("NETWERK_RAPPORT_LOGO", str(path))
    rep = report.build_report(BEST, demo)
    first = _page(renderers.report_pdf(rep))
    assert note in first
    assert "Samenvatting: wat u moet weten" in first
    assert not list(PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages[0].images)


def test_xlsx_first_sheet_is_the_summary_and_numbers_stay_numbers(demo) -> None:
    rep = report.build_report(BEST, demo)
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(rep)))
    first = wb.worksheets[0]
    assert first.title == "In het kort"
    texts = [c.value for row in first.iter_rows() for c in row if c.value is not None]
    assert rep.summary.periods.heading in texts and rep.summary.rounds.heading in texts
    assert "Wat kunt u besluiten?" in texts
    growth = wb["Groei per kwartaal"]
    assert growth.freeze_panes == "A2"
    header = [c.value for c in growth[1]]
    col = header.index(FIGURES["organisation_ties"].label) + 1
    cells = [growth.cell(row=r, column=col) for r in range(2, growth.max_row + 1)]
    assert [c.value for c in cells] == list(rep.growth["organisation_ties"])
    assert all(c.data_type == "n" and c.number_format == "#,##0" for c in cells)
    commit = wb["Toezeggingen"]
    header = [c.value for c in commit[1]]
    col = header.index("Deelnames") + 1
    cells = [commit.cell(row=r, column=col) for r in range(2, commit.max_row + 1)]
    withheld = [c for c in cells if c.value == "<5"]
    assert withheld and all(c.data_type == "s" for c in withheld)  # text only in a withheld cell
    assert all(c.data_type == "n" for c in cells if c.value != "<5")
    hours = header.index("Uren per maand toegezegd") + 1
    assert commit.cell(row=2, column=hours).number_format == "#,##0.0"


def test_xlsx_headers_are_dutch(demo) -> None:
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(report.build_report(BEST, demo))))
    for ws in wb.worksheets:
        headers = [c.value for c in ws[1]]
        assert len(set(headers)) == len(headers), ws.title
        english = [h for h in headers if re.fullmatch(r"[a-z]+(_[a-z]+)+", str(h))]
        assert not english, (ws.title, english)
        assert ws.freeze_panes == "A2"


def test_no_count_in_the_report_gives_back_a_withheld_one(demo) -> None:
    """Every count cell of the workbook is "<5" or a multiple of 5, so no sum, difference or
    total minus its parts of shown counts can be 1 to 4 (a "<5" recovered); every share is
    computed from such counts. The coordinator's report is the same bestuurder's view."""
    for viewer in (BEST, Viewer("coord", "coordinator")):
        wb = load_workbook(io.BytesIO(renderers.report_xlsx(report.build_report(viewer, demo))))
        counts = [c.value for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row
                  if c.data_type == "n" and c.number_format == "#,##0"]
        assert len(counts) > 100
        assert all(v % 5 == 0 for v in counts), sorted({v for v in counts if v % 5})
        withheld = [c.value for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row if c.value == "<5"]
        assert withheld


def test_time_lapse_weights_are_rounded_for_a_bestuurder(demo) -> None:
    """The organisation time-lapse's tie weights count pairs of people: a bestuurder gets them
    rounded (the demo's first quarter has pairs of organisations joined by 1 to 4 people)."""
    exact = trust.organisation_network_by_period(Viewer("coord", "coordinator"), demo)
    shown = trust.organisation_network_by_period(BEST, demo)
    assert [label for label, _, _ in exact] == [label for label, _, _ in shown]
    weights = [w for _, _, edges in shown for w in edges["weight"]]
    assert "<5" in weights and all(w == "<5" or w % 5 == 0 for w in weights)
    assert any(0 < w < 5 for _, _, edges in exact for w in edges["weight"])


def test_broker_direction_says_why_it_moved_when_the_position_did_not(demo) -> None:
    """Basisteam Politie Sallandrug keeps makelaarspositie 0,00 between the first and last
    quarter, yet its row says 'steeg': its beperking fell from 0,76 to 0,60 (Gemeente Raalte:
    0,20 both times, 'daalde', beperking 0,53 to 0,54). The table's note
    (PDF) and the column's header (XLSX) say that an equal position takes the beperking's
    direction; before, the reader saw '0,00 -> 0,00 steeg' under 'Makelaarspositie gestegen'."""
    rep = report.build_report(BEST, demo)
    b = rep.period_diff.brokerage.set_index("organisation")
    politie = b.loc["Basisteam Politie Sallandrug"]
    assert politie["betweenness_before"] == politie["betweenness_after"] == 0.0
    assert (round(politie["constraint_before"], 2), round(politie["constraint_after"], 2)) == (0.76, 0.6)
    assert politie["direction"] == "steeg"
    gemeente = b.loc["Gemeente Raalte"]
    assert round(gemeente["betweenness_before"], 2) == round(gemeente["betweenness_after"], 2) == 0.2
    assert gemeente["direction"] == "daalde"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages)
    assert ("Richting: steeg of daalde de makelaarspositie; is die gelijk gebleven, dan telt de beperking "
            "(lager = steeg).") in text
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(rep)))
    assert "Richting (makelaarspositie; bij gelijke stand de beperking)" in [c.value for c in wb["Makelaars"][1]]


def test_two_withheld_counts_are_not_called_equal() -> None:
    """Two activities in the first quarter and four in the last are both shown as "<5": the
    first page may not say they stayed the same ("gelijk gebleven"); it says both were
    fewer than 5. Equal shown counts (10 and 10 organisation pairs) do stay "gelijk"."""
    growth = pd.DataFrame({"period": ["2025-K1", "2025-K4"], "activities": ["<5", "<5"],
                           "organisation_ties": [10, 10]})
    page = report.first_page(growth, [], None, None, pd.DataFrame())
    lines = page.periods.not_grew
    assert f"{FIGURES['activities'].label}: beide keren minder dan 5." in lines, lines
    assert not any("gelijk gebleven (minder dan 5)" in x for x in lines)
    assert any(x.startswith(FIGURES["organisation_ties"].label) and x.endswith("gelijk gebleven (10).") for x in lines)
