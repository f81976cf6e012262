"""One truth across surfaces: the same figure for the same thing on every page, report,
export and CLI command, on both stores.

The demo store and one period (2025-K4, the fourth quarter of the demo year). Every
surface that shows a figure for that period is asked through the service it uses (the
pages only call these services) or, for the report and the CLI, read back from the file
or output the user gets. The figures are named in the tie model's glossary
(:data:`netwerk.analysis.ties.FIGURES`); a figure added there must be added here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from netwerk import report as renderers
from netwerk.access import SYSTEM, Viewer, round_count
from netwerk.analysis.ties import FIGURES
from netwerk.cli import app
from netwerk.services import colleagues, network, report, trust
from netwerk.services.seeding import seed

K3 = (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
K4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
K1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
TODAY = dt.date(2026, 12, 7)
BESTUURDER = Viewer("b", "bestuurder")


def _row(table, label: str) -> dict:
    rows = table[table["period"] == label]
    assert len(rows) == 1, label
    return rows.iloc[0].to_dict()


def test_every_surface_shows_the_same_figures_for_the_same_period(backend) -> None:
    seed(backend, "demo")
    ov = network.overview(SYSTEM, backend, period="2025-K4", today=TODAY)
    fig = ov.current
    assert set(fig) == set(FIGURES)  # every figure of the glossary is on Overzicht
    # The demo's fourth quarter, computed once by hand from the tie model's definitions would
    # be long; these are the values every surface must agree on (a change here is a change of
    # definition, to be made in netwerk.analysis.ties and its glossary).
    assert (fig["persons"], fig["activities"], fig["organisation_ties"]) == (157, 67, 44)

    # Overzicht, automatic choice: the latest complete quarter is the same K4, compared with K3.
    auto = network.overview(SYSTEM, backend, today=TODAY)
    assert (auto.period_label, auto.previous_label) == ("2025-K4", "2025-K3")
    assert auto.current == fig

    # Groei: the row of K4 holds the same figures.
    growth = network.growth_table(SYSTEM, backend)
    k4 = _row(growth, "2025-K4")
    assert {k: k4[k] for k in FIGURES} == pytest.approx(fig)
    k3, k1 = _row(growth, "2025-K3"), _row(growth, "2025-K1")

    # Verschil (K3 -> K4): its tie counts are the organisation ties of the two quarters.
    diff = trust.compare_periods(SYSTEM, backend, K3, K4)
    assert diff.tie_label == FIGURES["organisation_ties"].label
    assert (diff.counts["ties_before"], diff.counts["ties_after"]) == (k3["organisation_ties"], fig["organisation_ties"])

    # netwerk analyse --json over the same quarter.
    out = CliRunner().invoke(app, ["--store", backend.url, "analyse", "--json", "--from", "01-10-2025",
                                   "--to", "31-12-2025"])
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert {k: cli[k] for k in FIGURES} == pytest.approx(fig)

    # Inzet: the organisations taking part in K4 are the organisations of Overzicht.
    inzet = trust.commitments_vs_participation(SYSTEM, backend, "quarter")
    active = inzet[(inzet["period"] == "2025-K4") & (inzet["participations"] != 0)]
    assert active["org_id"].nunique() == fig["organisations"]

    # The bestuurdersrapport over the year: its growth table, its period comparison (K1 -> K4),
    # the PDF's text and the XLSX's cells. The report is the bestuurder's view for everyone:
    # the same figures rounded to multiples of 5 (CBS, issue 14; 44 organisation ties -> 45).
    rep = report.build_report(SYSTEM, backend, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    r4 = _row(rep.growth, "2025-K4")
    assert (r4["organisation_ties"], r4["ties"], r4["cross_org_ties"]) == (
        round_count(fig["organisation_ties"]), round_count(fig["ties"]), round_count(fig["cross_org_ties"]))
    before, after = round_count(k1["organisation_ties"]), round_count(fig["organisation_ties"])
    assert (rep.period_diff.counts["ties_before"], rep.period_diff.counts["ties_after"]) == (before, after)
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages)
    pdf = re.sub(r"\s+", " ", pdf)
    label = FIGURES["organisation_ties"].label
    assert f"{label}: van {before} naar {after}" in pdf
    assert f"van {before} naar {after}" in " ".join(rep.narrative)
    wb = openpyxl.load_workbook(io.BytesIO(renderers.report_xlsx(rep)), read_only=True)
    rows = list(wb["Groei per kwartaal"].iter_rows(values_only=True))
    head = list(rows[0])
    xlsx_k4 = next(r for r in rows if r[0] == "2025-K4")
    assert xlsx_k4[head.index(label)] == round_count(fig["organisation_ties"])
    assert xlsx_k4[head.index(FIGURES["ties"].label)] == round_count(fig["ties"])

    # Collega's "Organisaties die elkaar nog niet vonden" never lists a pair that the whole
    # network's organisation ties connect; their count is the organisation_ties of analyse.
    whole = network.analyse_report(SYSTEM, backend)
    gaps = colleagues.organisation_gaps(SYSTEM, backend)
    from netwerk.access import visible_snapshot
    from netwerk.analysis import organisation_network

    orgs = organisation_network(visible_snapshot(SYSTEM, backend))
    assert orgs.number_of_edges() == whole["organisation_ties"]
    assert not [(a, b) for a, b in zip(gaps["org_a"], gaps["org_b"], strict=True) if orgs.has_edge(a, b)]

    # A bestuurder sees the same figures, from the same computation, rounded as CBS does (issue 14):
    # every count to a multiple of 5 (none is below 5 in K4), density and average degree from the
    # rounded counts, clustering to one decimal.
    b = network.overview(BESTUURDER, backend, period="2025-K4", today=TODAY).current
    counts = {k: round_count(int(fig[k])) for k in network.COUNT_KEYS}
    assert {k: b[k] for k in network.COUNT_KEYS} == counts
    assert all(isinstance(v, int) and v % 5 == 0 for v in counts.values())
    n, m = counts["persons"], counts["ties"]
    assert b["density"] == pytest.approx(min(1.0, 2 * m / (n * (n - 1))))
    assert b["average_degree"] == pytest.approx(2 * m / n)
    assert b["clustering"] == round(fig["clustering"], 1)
    assert set(b) == set(fig)
    # The same rounding on Groei's K4 row for the bestuurder.
    bk4 = _row(network.growth_table(BESTUURDER, backend), "2025-K4")
    assert {k: bk4[k] for k in FIGURES} == pytest.approx(b)

    # The directed figures on Overzicht are analyse's "kent" and "beoordelingen".
    directed = network.directed_figures(SYSTEM, backend).set_index("network")
    whole_kent = {k: directed.loc["Kent (gemeld)", k] for k in whole["kent"]}
    assert whole_kent == pytest.approx(whole["kent"])
    assert len(directed) == 1 + len(whole["beoordelingen"])


def test_change_with_intervals_is_the_same_on_cli_page_and_report(backend) -> None:
    """Issue 17: every figure of the change between two moments (before, after, difference, 95%
    interval, QAP, verdict) is one computation (netwerk.services.growth_change) that the CLI's
    --json, the Verschil page (tests/dashboard/test_trust_pages.py checks the page against the
    service) and the report's PDF and XLSX show unchanged."""
    from netwerk.analysis import organisation_network
    from netwerk.analysis.growth import period_snapshot
    from netwerk.services import growth_change as gc

    seed(backend, "demo")
    rep = report.build_report(SYSTEM, backend, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    pdf = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages))
    wb = openpyxl.load_workbook(io.BytesIO(renderers.report_xlsx(rep)), read_only=True)
    sheet = list(wb["Groei met intervallen"].iter_rows(values_only=True))
    head = list(sheet[0])
    assert [c.before.key for c in rep.changes] == ["nulmeting-2025", "2025-K1"]
    for (a, b), in_report in zip((("nulmeting", "jaarevaluatie"), ("2025-K1", "2025-K4")), rep.changes, strict=True):
        out = CliRunner().invoke(app, ["--store", backend.url, "verschil", "--van", a, "--naar", b, "--json"])
        assert out.exit_code == 0, out.output
        cli = json.loads(out.stdout)
        service = gc.growth_change(SYSTEM, backend, a, b)
        assert cli["figures"] == service.as_dict()["figures"]
        assert (cli["n_samples"], cli["seed"]) == (gc.N_SAMPLES, gc.SEED)
        # The report is the bestuurder's view: the same figures, counts rounded.
        best = gc.growth_change(BESTUURDER, backend, a, b)
        assert in_report.as_dict()["figures"] == best.as_dict()["figures"]
        for f, g in zip(best.figures, service.figures, strict=True):
            if f.key in ("density", "transitivity", "degree_centralisation", "qap"):
                assert (f.after, f.ci_low, f.ci_high, f.verdict) == (g.after, g.ci_low, g.ci_high, g.verdict)
        assert "95%-interval" in service.headline
        assert f"{in_report.before.label} → {in_report.after.label}: {in_report.headline}" in pdf
        rows = [r for r in sheet if r[0] == f"{in_report.before.label} → {in_report.after.label}"]
        assert [r[head.index("Oordeel")] for r in rows] == [f.verdict for f in in_report.figures]
    # The periods' ties are the tie model's organisation ties among the organisations active in both quarters.
    snap = backend.snapshot()
    parts = [period_snapshot(snap, *q) for q in (K1, K4)]
    active = [{o for o in p.persons["org_id"] if o} for p in parts]
    common = sorted(active[0] & active[1])
    k4 = gc.growth_change(SYSTEM, backend, "2025-K1", "2025-K4").figure("ties")
    assert k4.after == organisation_network(parts[1]).subgraph(common).number_of_edges()
