"""The trust services and the bestuurders' report on a real SQLite store: a
three-organisation example computed by hand, the roles (a bestuurder never receives a
person's name; counts below 5 as "<5"), Krackhardt's networks as two rounds, the demo's
story and the report's content (PDF read back with pypdf, XLSX with openpyxl)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from netwerk import report as renderers
from netwerk.access import PermissionDenied, Viewer
from netwerk.cli import app
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ChangeSet,
    Commitment,
    NotFoundError,
    Organisation,
    Participation,
    Person,
    Rating,
    SurveyRound,
    WorksFor,
)
from netwerk.report import pdf as report_pdf
from netwerk.report.xlsx import XLSX_SHEETS
from netwerk.services import report, seeding, trust
from netwerk.services.importing import import_files

COORD = Viewer("c", "coordinator")
PROF = Viewer("p", "professional", "p1")
BEST = Viewer("b", "bestuurder")
HOSTILE_ORG = "Woon <script>alert(1)</script> & Co"
NAMES = ("Anna de Vries", "Bram Bos", "Cees Kok", "Bert Mulder", "Riet Hofman")


def _rating(round_id, rater, rated, t, v, level, rater_type="organisation", rated_type="organisation") -> Rating:
    return Rating(round_id=round_id, rater_id=rater, rater_type=rater_type, rated_id=rated, rated_type=rated_type,
                  reliability=t[0], mission=t[1], openness=t[2], power=v[0], involvement=v[1], resources=v[2],
                  himmelman_level=level)


@pytest.fixture
def three(store):
    when = lambda m, d: dt.datetime(2025, m, d, 10, 0, tzinfo=AMSTERDAM)  # noqa: E731
    store.apply(ChangeSet(
        organisations=[Organisation(org_id="A", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="B", name=HOSTILE_ORG, sector="woningcorporatie"),
                       Organisation(org_id="C", name="Zorg", sector="zorg")],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries"),
                 Person(person_id="p2", kind="professional", display_name="Bram Bos"),
                 Person(person_id="p3", kind="professional", display_name="Cees Kok"),
                 Person(person_id="b1", kind="bestuurder", display_name="Bert Mulder"),
                 Person(person_id="res1", kind="resident", display_name="Riet Hofman", pseudonym="Bewoner 1",
                        consent_named=True, consent_date=dt.date(2025, 1, 1))],
        works_for=[WorksFor(person_id="p1", org_id="A"), WorksFor(person_id="p2", org_id="B"),
                   WorksFor(person_id="p3", org_id="C"), WorksFor(person_id="b1", org_id="A")],
        survey_rounds=[SurveyRound(round_id="r1", name="Nulmeting", date=dt.date(2025, 2, 1)),
                       SurveyRound(round_id="r2", name="Jaarevaluatie", date=dt.date(2025, 12, 1))],
        ratings=[
            _rating("r1", "A", "B", (4, 3, 2), (2, 2, 2), 2),
            _rating("r1", "B", "A", (3, 3, 3), (4, 4, 1), 3),
            _rating("r1", "p1", "C", (2, 2, None), (1, 1, 1), 1, rater_type="person"),
            _rating("r1", "p2", "A", (1, 2, 3), (None, 2, 2), 0, rater_type="person"),
            _rating("r1", "res1", "A", (4, 4, 4), (4, 4, 4), 4, rater_type="person"),  # a resident (no organisation)
            _rating("r2", "A", "B", (4, 4, 4), (3, 3, 3), 4),
            _rating("r2", "B", "A", (2, 2, 2), (2, 2, 2), 1),
            _rating("r2", "p1", "C", (3, 3, 3), (3, 3, 3), 2, rater_type="person"),
            _rating("r2", "p1", "p2", (3, 3, 3), (3, 3, 3), 3, rater_type="person", rated_type="person"),
        ],
        activities=[Activity(activity_id="a1", kind="bestuurdersoverleg", date=when(1, 15)),
                    Activity(activity_id="a2", kind="professionalsoverleg", date=when(10, 10))],
        participations=[Participation(activity_id="a1", person_id=p) for p in ("p1", "p2", "b1")]
        + [Participation(activity_id="a2", person_id=p) for p in ("p1", "p2", "p3", "res1")],
        commitments=[Commitment(commitment_id="t1", org_id="A", hours_per_month=8, date=dt.date(2025, 2, 1)),
                     Commitment(commitment_id="t2", org_id="A", hours_per_month=4, date=dt.date(2025, 9, 1)),
                     Commitment(commitment_id="t3", org_id="C", hours_per_month=2, date=dt.date(2025, 11, 1),
                                description="Wijkverpleging")],
    ))
    return store


def test_round_view_at_organisation_level_by_hand(three) -> None:
    rv = trust.round_view(COORD, three, "r1")
    s = rv.summary
    # Persons count through their organisation: p1 -> A, p2 -> B; the resident has none and is left out.
    assert (s["actors"], s["ratings"], s["pairs"]) == (3, 4, 3)
    assert s["density"] == pytest.approx(3 / 6) and s["reciprocity"] == pytest.approx(2 / 3)
    assert s["mean_trust"] == pytest.approx((3 + 3 + 2) / 3)
    assert s["mean_value"] == pytest.approx((2 + 3 + 1) / 3)
    assert (s["incomplete_trust"], s["incomplete_value"]) == (1, 1)
    assert "1 beoordeling zonder vertrouwensscore en 1 zonder waardescore" in rv.incomplete_note
    assert rv.trust_matrix.loc[HOSTILE_ORG, "Gemeente"] == pytest.approx(2.5)  # B->A: (3 + 2) / 2
    assert rv.value_matrix.loc[HOSTILE_ORG, "Gemeente"] == pytest.approx(3.0)  # p2's rating has no value
    assert math.isnan(rv.trust_matrix.loc["Gemeente", "Zorg"])  # only an incomplete rating
    actors = rv.actors.set_index("name")
    assert actors.loc["Gemeente", "received"] == 2 and actors.loc["Gemeente", "trust_received"] == pytest.approx(2.5)
    assert actors.loc["Zorg", "sector"] == "zorg"
    assert rv.himmelman["count"].tolist() == [1, 1, 1, 1, 0]


def test_actor_level_is_for_coordinators_and_professionals(three) -> None:
    rv = trust.round_view(COORD, three, "r1", "actor")
    assert "Riet Hofman" in set(rv.actors["name"])  # a consenting resident, for the coordinator
    prof = trust.round_view(PROF, three, "r1", "actor")
    assert "Riet Hofman" not in set(prof.actors["name"]) and "Bewoner 1" in set(prof.actors["name"])
    assert "Anna de Vries" in set(prof.actors["name"])
    with pytest.raises(PermissionDenied):
        trust.round_view(BEST, three, "r1", "actor")
    with pytest.raises(NotFoundError, match="Ronde 'r9' bestaat niet"):
        trust.round_view(COORD, three, "r9")


def test_bestuurder_counts_below_five_are_suppressed(three) -> None:
    rv = trust.round_view(BEST, three, "r1")
    assert rv.summary["ratings"] == "<5" and rv.summary["pairs"] == "<5"
    # A ratio or mean derived from a "<5" count is withheld: a mean trust of 2,67 = 8/3 gives back
    # 3 ratings (issue 14).
    assert rv.summary["density"] == rv.summary["mean_trust"] == rv.summary["reciprocity"] == "afgeschermd"
    assert rv.summary["actors"] == "<5"
    assert set(rv.actors["received"]) <= {"<5", 0}
    assert list(trust.survey_rounds(BEST, three)["ratings"]) == [5, "<5"]
    assert list(trust.survey_rounds(COORD, three)["ratings"]) == [5, 4]
    assert trust.suppress(pd.DataFrame({"n": [0, 1, 4, 5, 12, 13]}), ["n"])["n"].tolist() == [0, "<5", "<5", 5, 10, 15]


def test_compare_rounds_by_hand(three) -> None:
    d = trust.compare_rounds(BEST, three)
    assert (d.before_label, d.after_label) == ("Nulmeting", "Jaarevaluatie")
    ties = {(r.organisation_a, r.organisation_b): (r.weight_before, r.weight_after, r.change) for r in d.ties.itertuples()}
    # A-B: levels (2 and (3+0)/2) -> 1.75, then ((4+3)/2 and 1) -> 2.25; A-C: 1 -> 2.
    assert ties == {("Gemeente", HOSTILE_ORG): (1.75, 2.25, "sterker"), ("Gemeente", "Zorg"): (1.0, 2.0, "sterker")}
    pairs = d.pairs.set_index(["rater", "rated"])
    assert pairs.loc[("Gemeente", HOSTILE_ORG), "trust_change"] == pytest.approx(0.5)  # 3 -> (4+3)/2
    assert pairs.loc[(HOSTILE_ORG, "Gemeente"), "trust_change"] == pytest.approx(-0.5)  # 2.5 -> 2
    # The counts are rounded for a bestuurder ("<5"), exact for a coordinator (issue 14).
    assert (d.counts["trust_up"], d.counts["trust_down"]) == ("<5", "<5")
    exact = trust.compare_rounds(COORD, three)
    assert (exact.counts["trust_up"], exact.counts["trust_down"]) == (1, 1)
    # Both rounds have fewer than 5 ratings between organisations: the means (8/3 gives back 3) are withheld.
    assert d.means["trust_before"] is None and d.means["trust_after"] is None and d.means["ratings_before"] == "<5"
    assert exact.means["trust_before"] == pytest.approx(8 / 3) and exact.means["trust_after"] == pytest.approx(3.0)
    text = "\n".join(d.narrative)
    assert "ontstonden 0 nieuwe samenwerkingsrelaties tussen organisaties; 0 verdwenen, <5 werden sterker en 0 zwakker" in text
    assert "Gemiddeld vertrouwen en waarde: afgeschermd (minder dan 5 beoordelingen)." in text
    coord = "\n".join(exact.narrative)
    assert "ontstonden 0 nieuwe samenwerkingsrelaties tussen organisaties; 0 verdwenen, 2 werden sterker en 0 zwakker" in coord
    assert "Het gemiddelde vertrouwen steeg van 2,7 naar 3,0 op een schaal van 1 tot 4 (67% → 75% van het maximum)" in coord
    assert f"De grootste daling: het vertrouwen van {HOSTILE_ORG} in Gemeente ging van 2,5 naar 2,0." in text


def test_compare_periods_by_hand(three) -> None:
    d = trust.compare_periods(BEST, three, (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
                              (dt.date(2025, 10, 1), dt.date(2025, 12, 31)))
    changes = dict(zip(zip(d.ties["organisation_a"], d.ties["organisation_b"], strict=True), d.ties["change"], strict=True))
    # Q1: a1 ties p1-p2 and b1-p2 (two A-B person pairs); Q4: a2 ties p1-p2, p1-p3, p2-p3 (one pair each).
    assert changes == {("Gemeente", HOSTILE_ORG): "zwakker", ("Gemeente", "Zorg"): "nieuw", (HOSTILE_ORG, "Zorg"): "nieuw"}
    assert d.newly_connected == ["Zorg"]
    assert len(d.pairs) == 0
    assert "Voor het eerst verbonden: Zorg." in d.narrative
    from netwerk.domain import InputError

    with pytest.raises(InputError):
        trust.compare_periods(BEST, three, (dt.date(2025, 3, 1), dt.date(2025, 1, 1)), (dt.date(2025, 1, 1),) * 2)


def test_commitments_beside_participation(three) -> None:
    t = trust.commitments_vs_participation(COORD, three).set_index(["org_id", "period"])
    assert t.loc[("A", "2025-K1"), "committed_hours_per_month"] == 8.0
    assert t.loc[("A", "2025-K3"), "committed_hours_per_month"] == 12.0  # commitments add up
    assert t.loc[("A", "2025-K1"), "participations"] == 2 and t.loc[("A", "2025-K1"), "persons"] == 2  # p1 and b1
    assert t.loc[("A", "2025-K4"), "participations"] == 1
    assert t.loc[("C", "2025-K4"), "committed_hours_per_month"] == 2.0
    assert t.loc[("C", "2025-K3"), "committed_hours_per_month"] == 0
    assert t.loc[("B", "2025-K2"), "participations"] == 0
    assert "res1" not in set(t.reset_index()["org_id"])  # the resident counts for nobody
    best = trust.commitments_vs_participation(BEST, three).set_index(["org_id", "period"])
    assert best.loc[("A", "2025-K1"), "participations"] == "<5" and best.loc[("B", "2025-K2"), "participations"] == 0
    c = trust.commitments_table(BEST, three)
    assert list(c["organisation"]) == ["Gemeente", "Gemeente", "Zorg"] and list(c["hours_per_month"]) == [8, 4, 2]


def _strings(obj) -> list[str]:
    """Every text in a service result: dataclass fields, dicts, lists, DataFrames (cells,
    index and columns)."""
    out: list[str] = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            out += _strings(getattr(obj, f.name))
    elif isinstance(obj, pd.DataFrame):
        out += [str(c) for c in obj.columns] + [str(i) for i in obj.index]
        for col in obj.columns:
            out += [str(v) for v in obj[col]]
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out += [str(k), *_strings(v)]
    elif isinstance(obj, list | tuple):
        for v in obj:
            out += _strings(v)
    else:
        out.append(str(obj))
    return out


def test_a_bestuurder_never_receives_a_persons_name_or_id(three) -> None:
    results = [
        trust.survey_rounds(BEST, three),
        trust.round_view(BEST, three, "r1"),
        trust.round_view(BEST, three, "r2"),
        trust.compare_rounds(BEST, three, "r1", "r2"),
        trust.compare_periods(BEST, three, (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
                              (dt.date(2025, 7, 1), dt.date(2025, 12, 31))),
        trust.commitments_vs_participation(BEST, three, "month"),
        trust.commitments_table(BEST, three),
        trust.organisation_network_by_period(BEST, three),
        report.build_report(BEST, three),
    ]
    texts = _strings(results)
    texts.append(renderers.report_html(report.build_report(BEST, three)))
    texts.append(_pdf_text(renderers.report_pdf(report.build_report(COORD, three))))  # the bestuurder's view for everyone
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(report.build_report(COORD, three))))
    texts += [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    blob = "\n".join(texts)
    assert "Gemeente" in blob and "Zorg" in blob
    for name in NAMES:
        assert name not in blob, name
    for pid in ("p1", "p2", "p3", "b1", "res1"):
        assert pid not in texts, pid  # never a whole cell holding a person id


def test_report_html_has_the_sections_and_escapes_names(three) -> None:
    rep = report.build_report(COORD, three)
    assert (rep.start, rep.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    html = renderers.report_html(rep)
    for heading in ("Samenvatting: wat u moet weten", "Samenwerking per kwartaal", "Vertrouwen en waarde per ronde",
                    "Verschil tussen de rondes: Nulmeting → Jaarevaluatie", "Verschil tussen perioden",
                    "Toezeggingen en deelname"):
        assert f"<h2>{heading}" in html, heading
    assert "<script" not in html and "Woon &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    # The report is the bestuurder's view for every role: means over fewer than 5 ratings are withheld.
    assert "Gemiddeld vertrouwen: niet te tonen (minder dan 5 beoordelingen)." in html
    assert "@page { size: A4" in html and "<svg" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing loaded from elsewhere


def _pdf_text(pdf: bytes) -> str:
    """All text of a PDF, whitespace (line breaks inside paragraphs) collapsed to single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _chapters(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, 1-based page) of the top-level bookmarks."""
    return [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline if not isinstance(o, list)]


def test_report_pdf_pages_chapters_and_text(three) -> None:
    pdf = renderers.report_pdf(report.build_report(BEST, three))
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert all(sorted(s) == [595, 842] for s in sizes)  # A4 (210 x 297 mm in points)
    # The first page is the summary alone (each comparison's verdict in one line). The tiny example fits every
    # other chapter on one page, except the
    # matrices: one landscape page per round (trust above value) and one for the change; the commitments start a
    # new page; "Wat we leerden en wat er loopt" (here without lessons, decisions or plans) starts the tenth,
    # portrait page, and the glossary (Begrippen: 5 tie kinds and 12 figures) follows it there.
    assert len(reader.pages) == 10
    assert [w > h for w, h in sizes] == [False, False, False, True, True, True, False, False, False, False]
    chapters = _chapters(reader)
    assert [t for t, _ in chapters] == ["Samenvatting: wat u moet weten", "Is de groei meer dan toeval?",
                                        "Samenwerking per kwartaal",
                                        "Vertrouwen en waarde per ronde", "Matrices per ronde",
                                        "Verschil tussen de rondes: Nulmeting → Jaarevaluatie",
                                        "Verschil tussen perioden: 01-01-2025 t/m 31-03-2025 → 01-10-2025 t/m 31-12-2025",
                                        "Toezeggingen en deelname", "Wat we leerden en wat er loopt", "Begrippen"]
    assert all(t.startswith(s) for (t, _), s in zip(chapters, report_pdf.SECTIONS, strict=True))
    assert [p for _, p in chapters] == [1, 2, 2, 3, 4, 7, 8, 9, 10, 10]  # the verdicts' details on page 2
    assert "Werkrelatie: Een ontmoeting met sterkte van ten minste 1/7" in " ".join(reader.pages[9].extract_text().split())
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Periode: 01-01-2025 t/m 31-12-2025" in first
    assert "Rondes: Nulmeting (01-02-2025) en Jaarevaluatie (01-12-2025)" in first
    # Each comparison's verdict stands in its own section of the first page; the details follow on page 2.
    assert "Meer dan toeval? • Te weinig gegevens om iets te zeggen" in first, first
    second = " ".join(reader.pages[1].extract_text().split())
    assert ("Is de groei meer dan toeval? • Nulmeting → Jaarevaluatie: Te weinig gegevens om iets te zeggen. Er zijn "
            "minder dan 5 organisaties op beide momenten.") in second
    text = _pdf_text(pdf)
    assert "Gemiddeld vertrouwen en waarde: afgeschermd (minder dan 5 beoordelingen)." in text
    assert f"De grootste daling: het vertrouwen van {HOSTILE_ORG} in Gemeente ging van 2,5 naar 2,0." in text
    assert "Gemeente" in text and "Zorg" in text and "Nulmeting" in text and "Jaarevaluatie" in text
    # Matrices: B -> A trust 2.5 in the Nulmeting (one rating), 2.0 later: -0.5; A -> B 3.0 -> (4 + 3) / 2: +0.5.
    nul = " ".join(reader.pages[3].extract_text().split())
    assert f"Vertrouwen: Nulmeting beoordelaar \\ beoordeelde 1 2 3 1. Gemeente 3,0 2. {HOSTILE_ORG} 2,5 3. Zorg" in nul
    change = " ".join(reader.pages[5].extract_text().split())
    assert f"1. Gemeente +0,5 2. {HOSTILE_ORG} -0,5 3. Zorg" in change
    # Counts below 5 stay "<5": the Nulmeting has 5 ratings, 4 of them between organisations; the
    # ratios and means derived from them are withheld (2,67 = 8/3 would give back 3 ratings).
    rounds_page = " ".join(reader.pages[2].extract_text().split())
    assert "Nulmeting 01-02-2025 <5 afgeschermd afgeschermd afgeschermd afgeschermd afgeschermd" in rounds_page


def test_report_pdf_prints_hostile_names_as_written(three) -> None:
    three.apply(ChangeSet(organisations=[Organisation(org_id="B", name="<b>Woon & Co</b><script>", sector="woningcorporatie"),
                                         Organisation(org_id="C", name="Zorg ǎ Ψ", sector="zorg")]))
    pdf = renderers.report_pdf(report.build_report(BEST, three))
    text = _pdf_text(pdf)
    assert "1. <b>Woon & Co</b><script> 2,5 2. Gemeente 3,0" in text  # sorts first; not bold-and-gone, no markup error
    assert "Zorg a ?" in text and "Ψ" not in text  # Vera lacks these: the accent is dropped, the rest is "?"
    assert "<b>Woon &amp; Co" not in text  # escaped once, not twice


def test_report_xlsx_sheets_and_values(three) -> None:
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(report.build_report(COORD, three))))
    assert tuple(wb.sheetnames) == XLSX_SHEETS
    rounds = list(wb["Vertrouwen per ronde"].values)
    header = rounds[0]
    row = dict(zip(header, rounds[1], strict=True))
    assert row["Ronde"] == "Nulmeting" and row["Beoordelingen"] == "<5"
    assert row["Vertrouwen"] == "afgeschermd" and row["Dichtheid"] == "afgeschermd"  # derived from "<5"
    diff = list(wb["Verschil rondes"].values)
    cols = diff[0]
    rows = [dict(zip(cols, r, strict=True)) for r in diff[1:]]
    drop = next(r for r in rows if r["Beoordelaar"] == HOSTILE_ORG)
    assert drop["Vertrouwen verschil"] == pytest.approx(-0.5)
    commit = [dict(zip(list(wb["Toezeggingen"].values)[0], r, strict=True)) for r in list(wb["Toezeggingen"].values)[1:]]
    assert any(r["Organisatie"] == "Gemeente" and r["Periode"] == "2025-K3" and r["Uren per maand toegezegd"] == 12
               for r in commit)
    sheet = list(wb["Verschil perioden"].values)
    periods = [dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]]
    ab = next(r for r in periods if r["Organisatie B"] == HOSTILE_ORG and r["Organisatie A"] == "Gemeente")
    assert (ab["Werkrelaties voor"], ab["Werkrelaties na"], ab["Verandering"]) == ("<5", "<5", "zwakker")  # 2 and 1 person pairs


def test_report_command(three, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = three.url
    runner = CliRunner()
    result = runner.invoke(app, ["--store", url, "report"])
    assert result.exit_code == 0, result.output
    assert "Rapport geschreven: bestuurdersrapport.pdf" in result.output
    reader = PdfReader(tmp_path / "bestuurdersrapport.pdf")  # a PDF by default, in the working directory
    assert [t for t, _ in _chapters(reader)][0] == "Samenvatting: wat u moet weten" and len(reader.pages) == 10
    result = runner.invoke(app, ["--store", url, "report", "--format", "html", "-o", "r.html"])
    assert result.exit_code == 0, result.output
    assert "<h2>Samenvatting: wat u moet weten</h2>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["--store", url, "report", "--format", "xlsx", "-o", "r.xlsx", "--round", "r2", "--vs", "r1",
                                 "--from", "01-07-2025", "--to", "31-12-2025"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(tmp_path / "r.xlsx")
    assert [r[0] for r in wb["Groei per kwartaal"].values][1:] == ["2025-K4"]  # the first activity from July
    result = runner.invoke(app, ["--store", url, "report", "--format", "docx"])
    assert result.exit_code == 2 and "Onbekend formaat 'docx': kies pdf, xlsx of html." in result.output
    result = runner.invoke(app, ["--store", url, "report", "--round", "nul"])
    assert result.exit_code == 1 and "Ronde 'nul' bestaat niet" in result.output


def test_krackhardt_networks_as_two_rounds(store, tmp_path: Path) -> None:
    # Krackhardt (1987): advice and friendship among the same 21 managers, imported as two survey rounds
    # (long format, one Himmelman answer per tie). Published: densities 0.452 / 0.243, reciprocity 0.474 / 0.451.
    seeding.seed(store, "krackhardt")
    rounds = tmp_path / "rondes.csv"
    rounds.write_text("round_id;name;date\nadvies;Advies;01-01-1987\nvriendschap;Vriendschap;02-01-1987\n", encoding="utf-8")
    data = Path(__file__).resolve().parents[1] / "data" / "krackhardt"
    lines = ["beoordelaar;beoordeelde;item;score;ronde"]
    for file, round_id in (("krackhardt_advice.csv", "advies"), ("krackhardt_friendship.csv", "vriendschap")):
        ties = pd.read_csv(data / file)
        for ego, alter, tie in ties.itertuples(index=False):
            if tie and ego != alter:
                lines.append(f"m{ego:02d};m{alter:02d};himmelman;1;{round_id}")
    survey = tmp_path / "enquete.csv"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_files(store, [rounds, survey])
    for round_id, n, density, reciprocity in (("advies", 190, 0.452, 0.474), ("vriendschap", 102, 0.243, 0.451)):
        s = trust.round_view(COORD, store, round_id, "actor").summary
        assert s["pairs"] == n and s["actors"] == 21
        assert s["density"] == pytest.approx(density, abs=5e-4)
        assert s["reciprocity"] == pytest.approx(reciprocity, abs=5e-4)


def test_demo_trust_grows_for_all_pairs_but_one(store) -> None:
    seeding.seed(store, "demo")
    d = trust.compare_rounds(BEST, store)
    both = d.pairs.dropna(subset=["trust_change"])
    fell = both[both["trust_change"] < 0]
    woon, politie = "Woonstichting Heuvelrand", "Basisteam Politie Sallandrug"
    assert set(zip(fell["rater"], fell["rated"], strict=True)) == {(woon, politie), (politie, woon)}
    assert (both["trust_change"] > 0).sum() >= len(both) - 2 >= 20
    assert d.means["trust_after"] > d.means["trust_before"]
    assert d.counts["new"] > 20 and d.counts["lost"] == 0
    assert len(trust.commitments_table(BEST, store)) == 8
    assert trust.round_view(COORD, store, "nulmeting-2025").summary["incomplete_value"] == 1



def test_demo_report_pdf_fits_a4_and_names_no_person(store) -> None:
    seeding.seed(store, "demo")
    pdf = renderers.report_pdf(report.build_report(BEST, store))
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert all(sorted(s) == [595, 842] for s in sizes)
    # Two rounds of 11 organisations: trust and value of a round share one landscape page, the change a third.
    assert sum(w > h for w, h in sizes) == 3
    matrices = dict(_chapters(reader))["Matrices per ronde"]
    assert [w > h for w, h in sizes[matrices - 1: matrices + 2]] == [True, True, True]
    page = " ".join(reader.pages[matrices - 1].extract_text().split())
    orgs = sorted(store.table("organisations")["name"], key=str.casefold)
    assert len(orgs) == 11
    for i, name in enumerate(orgs, start=1):  # every organisation's full name, numbered as its column
        assert f"{i}. {name}" in page, name
    text = _pdf_text(pdf)
    assert "De grootste daling: het vertrouwen van Woonstichting Heuvelrand in Basisteam Politie Sallandrug" in text
    people = store.table("persons")
    for name in {n for n in [*people["display_name"], *people["pseudonym"]] if isinstance(n, str) and n}:
        assert name not in text, name


def test_report_xlsx_writes_a_formula_like_name_as_text(three) -> None:
    """OWASP CSV/XLSX injection: an organisation named like a formula stays text, in cells and headers."""
    evil = '=HYPERLINK("http://example.invalid","klik")'
    three.apply(ChangeSet(organisations=[Organisation(org_id="C", name=evil, sector="zorg")]))
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(report.build_report(COORD, three))))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + evil for c in cells)


def test_organisation_time_lapse_lays_out_600_organisations_without_scipy(store):
    """networkx's spring_layout needs scipy from 500 nodes on (not a dependency): the
    soak test crashed Groei with 500+ organisations. The time-lapse uses the map's layout."""
    import datetime as dt

    from netwerk.access import SYSTEM
    from netwerk.domain import AMSTERDAM, Activity, ChangeSet, Organisation, Participation, Person, WorksFor

    n = 600
    when = dt.datetime(2025, 3, 1, 10, tzinfo=AMSTERDAM)
    store.apply(ChangeSet(
        organisations=[Organisation(org_id=f"o{i:03d}", name=f"Organisatie {i}", sector="overig") for i in range(n)],
        persons=[Person(person_id=f"p{i:03d}", kind="professional", display_name=f"Prof {i}") for i in range(n)],
        works_for=[WorksFor(person_id=f"p{i:03d}", org_id=f"o{i:03d}") for i in range(n)],
        activities=[Activity(activity_id=f"a{i:03d}", kind="straatgesprek", date=when) for i in range(n)],
        participations=[Participation(activity_id=f"a{i:03d}", person_id=f"p{j % n:03d}", role="participant")
                        for i in range(n) for j in (i, i + 1)],
    ))
    [(label, nodes, edges)] = trust.organisation_network_by_period(SYSTEM, store, "quarter")
    # A ring: every organisation talks once with the next (600 conversations of two).
    assert (label, len(nodes), len(edges)) == ("2025-K1", n, n)
    assert nodes[["x", "y"]].drop_duplicates().shape[0] == n  # every organisation has its own place


def test_bestuurder_round_means_and_percentages_are_those_of_the_round_table(store) -> None:
    """The demo's Nulmeting mean trust is 2,0533: a bestuurder's table shows 2,1 and
    52,5% of the maximum (from the mean as shown). The comparison's means and its sentence must
    say the same, not 51% from the unrounded mean (nor a bar at 2,0533 on Verschil)."""
    seeding.seed(store, "demo")
    d = trust.compare_rounds(BEST, store)
    rows = {key: trust.round_view(BEST, store, rid).summary
            for key, rid in (("before", "nulmeting-2025"), ("after", "jaarevaluatie-2025"))}
    for key, s in rows.items():
        assert d.means[f"trust_{key}"] == s["mean_trust"]
        assert d.means[f"value_{key}"] == s["mean_value"]
    assert (rows["before"]["mean_trust"], rows["before"]["mean_trust_pct"]) == (2.1, 52.5)
    assert (rows["after"]["mean_trust"], rows["after"]["mean_trust_pct"]) == (2.8, 70.0)
    line = next(x for x in d.narrative if "van het maximum" in x)
    assert "(52% → 70% van het maximum)" in line, line  # 52,5 shown without decimals (Babel: half to even)
    exact = trust.compare_rounds(COORD, store)  # others keep the exact means: 2,0533 is 51% of 4
    assert "(51% → 69% van het maximum)" in next(x for x in exact.narrative if "van het maximum" in x)
