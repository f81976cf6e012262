"""The change between two moments with its uncertainty and a Dutch verdict per figure
(netwerk.services.growth_change), on a hand-built network with hand-computed figures."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
from typer.testing import CliRunner

from netwerk.access import SUPPRESSED_DERIVED, PermissionDenied, Viewer
from netwerk.cli import app
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ChangeSet,
    InputError,
    Organisation,
    Participation,
    Person,
    Rating,
    SurveyRound,
    WorksFor,
)
from netwerk.services import growth_change as gc

COORD = Viewer("coord", "coordinator")
BEST = Viewer("best", "bestuurder")

# One professional per organisation (p1 at O1 ...); two-person conversations tie their organisations.
K1 = [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)]  # a path over six organisations
K2 = [(1, 2), (2, 3), (1, 3), (5, 6), (4, 6), (1, 7)]  # O7 joins in K2
R1 = [(1, 2, 2), (2, 1, 2), (3, 4, 1), (5, 6, 0), (6, 5, 3)]  # (rater, rated, Himmelman level)
R2 = [(1, 2, 2), (2, 1, 3), (3, 4, 1), (4, 3, 2), (5, 6, 1), (6, 5, 3)]


def network() -> ChangeSet:
    orgs = [Organisation(org_id=f"O{i}", name=f"Organisatie {i}", sector="zorg") for i in range(1, 8)]
    persons = [Person(person_id=f"p{i}", kind="professional", display_name=f"Prof {i}") for i in range(1, 8)]
    works = [WorksFor(person_id=f"p{i}", org_id=f"O{i}") for i in range(1, 8)]
    acts, parts = [], []
    for month, ties in ((2, K1), (5, K2)):
        for k, (a, b) in enumerate(ties):
            aid = f"a{month}-{k}"
            acts.append(Activity(activity_id=aid, kind="straatgesprek", date=dt.datetime(2025, month, 1 + k, 10,
                                                                                           tzinfo=AMSTERDAM)))
            parts += [Participation(activity_id=aid, person_id=f"p{x}") for x in (a, b)]
    rounds = [SurveyRound(round_id="nul", name="Nulmeting 2025", date=dt.date(2025, 2, 1)),
              SurveyRound(round_id="jaar", name="Jaarevaluatie 2025", date=dt.date(2025, 12, 1))]
    ratings = [Rating(round_id=r, rater_id=f"O{a}", rater_type="organisation", rated_id=f"O{b}",
                      rated_type="organisation", himmelman_level=lvl, reliability=3, mission=3, openness=3, power=2,
                      involvement=2, resources=2)
               for r, rows in (("nul", R1), ("jaar", R2)) for a, b, lvl in rows]
    return ChangeSet(organisations=orgs, persons=persons, works_for=works, activities=acts, participations=parts,
                     survey_rounds=rounds, ratings=ratings)


@pytest.fixture
def net(store):
    store.apply(network())
    return store


def test_verdict_wording():
    assert gc.verdict("density", 0.21, 0.34, 0.05, 0.21) == (
        "De samenwerking tussen organisaties is gegroeid (dichtheid 0,21 → 0,34; 95%-interval van de toename 0,05 tot "
        "0,21).")
    assert gc.verdict("transitivity", 0.5, 0.3, -0.3, -0.1) == (
        "De onderlinge samenhang is afgenomen (transitiviteit 0,50 → 0,30; 95%-interval van de afname 0,10 tot 0,30).")
    assert gc.verdict("density", 0.2, 0.25, -0.02, 0.12) == (
        "Dit verschil is niet te onderscheiden van toeval (dichtheid 0,20 → 0,25; 95%-interval van het verschil -0,02 "
        "tot +0,12).")
    assert gc.verdict("density", 0.2, 0.25, math.nan, math.nan) == gc.TOO_FEW == "Te weinig gegevens om iets te zeggen."
    assert gc.verdict("density", 0.2, 0.25, 0.01, 0.1, too_few=True) == gc.TOO_FEW


def test_moments_from_text(net):
    snap = net.snapshot()
    assert gc.resolve_moment_in(snap, "2025-K2") == gc.Moment("period", "2025-K2", "2025-K2", dt.date(2025, 4, 1),
                                                              dt.date(2025, 6, 30))
    assert gc.resolve_moment_in(snap, "2025-03").end == dt.date(2025, 3, 31)
    assert gc.resolve_moment_in(snap, "2025").start == dt.date(2025, 1, 1)
    assert gc.resolve_moment_in(snap, "NULMETING") == gc.Moment("round", "nul", "Nulmeting 2025")
    assert gc.resolve_moment_in(snap, "jaar").key == "jaar"  # an id first
    for bad in ("e", "zomer", "2025-13"):  # two rounds, none, no month
        with pytest.raises(InputError):
            gc.resolve_moment_in(snap, bad)
    with pytest.raises(InputError):
        gc.growth_change(COORD, net, "2025-K1", "nulmeting")  # a period beside a round


def test_periods_hand_computed(net):
    c = gc.growth_change(COORD, net, "2025-K1", "2025-K2")
    assert (c.actors, c.joined, c.left, c.n_samples, c.seed) == (6, 1, 0, 1000, 17)
    f = {x.key: x for x in c.figures}
    # kept 1-2, 2-3, 5-6; new 1-3, 4-6; lost 3-4, 4-5 (1-7 is outside: O7 only in K2).
    assert (f["ties"].before, f["ties"].after) == (5, 5)
    assert f["jaccard"].after == pytest.approx(3 / 7) and f["hamming"].after == 4
    assert f["jaccard"].verdict == ("43% van alle relaties op de twee momenten bestond op beide (Jaccard 0,43): 3 bleven, "
                                    "2 kwamen erbij, 2 verdwenen.")
    # Density 5/15 at both; transitivity 0 (a path) -> 3 closed of 4 two-paths; Freeman degree
    # centralisation sum(max - d) / ((n-1)(n-2)) = 2/20 at both.
    assert (f["density"].before, f["density"].after) == pytest.approx((1 / 3, 1 / 3))
    assert (f["transitivity"].before, f["transitivity"].after) == pytest.approx((0, 0.75))
    assert (f["degree_centralisation"].before, f["degree_centralisation"].after) == pytest.approx((0.1, 0.1))
    assert "reciprocity_dyadic" not in f  # undirected
    for key in ("density", "transitivity", "degree_centralisation", "mean_strength"):
        assert f[key].ci_low <= f[key].difference <= f[key].ci_high
        assert "95%-interval" in f[key].verdict or f[key].verdict.startswith("Geen verschil")
    assert c.headline == f["density"].verdict
    assert gc.growth_change(COORD, net, "2025-K1", "2025-K2").table().equals(c.table())  # seeded: the same again
    assert c.table().columns.tolist() == gc.FIGURE_COLUMNS


def test_rounds_directed_hand_computed(net):
    c = gc.growth_change(COORD, net, "nulmeting", "jaarevaluatie")
    f = {x.key: x for x in c.figures}
    # Ties rater -> rated with level >= 1: R1 has 4 (5->6 is level 0), R2 6; 6 organisations rate or are rated.
    assert c.actors == 6 and (f["ties"].before, f["ties"].after) == (4, 6)
    assert (f["density"].before, f["density"].after) == pytest.approx((4 / 30, 6 / 30))
    # Dyadic: (mutual + null dyads) / 15 = (1 + 12) / 15 -> (3 + 12) / 15; edgewise 2M/m = 2/4 -> 6/6.
    assert (f["reciprocity_dyadic"].before, f["reciprocity_dyadic"].after) == pytest.approx((13 / 15, 1))
    assert (f["reciprocity_edgewise"].before, f["reciprocity_edgewise"].after) == pytest.approx((0.5, 1))
    assert f["jaccard"].after == pytest.approx(4 / 6) and f["hamming"].after == 2
    assert (f["trust"].before, f["trust"].after) == pytest.approx((3, 3))
    assert c.tie_label.startswith("Beoordelingen tussen organisaties")


def test_bestuurder_sees_rounded_counts_and_no_person_level(net):
    c = gc.growth_change(BEST, net, "2025-K1", "2025-K2")
    f = {x.key: x for x in c.figures}
    assert (c.actors, c.joined) == (5, "<5")
    assert (f["ties"].before, f["ties"].after) == (5, 5)
    assert f["jaccard"].after == SUPPRESSED_DERIVED  # kept 3 is "<5"
    assert f["hamming"].after == "<5" and "<5 relaties kwamen erbij of verdwenen" in f["hamming"].verdict
    with pytest.raises(PermissionDenied):
        gc.growth_change(BEST, net, "2025-K1", "2025-K2", level="person")
    person = gc.growth_change(COORD, net, "2025-K1", "2025-K2", level="person")
    assert person.figure("density").before == pytest.approx(1 / 3)  # one professional per organisation: the same
    assert person.figure("density").verdict.startswith(("De samenwerking tussen personen", "Dit verschil", "Geen"))


def test_too_few_organisations(net):
    c = gc.growth_change(COORD, net, "2025-01", "2025-05")  # K1's first month has one conversation: 2 organisations
    assert c.actors < gc.MIN_ACTORS
    assert {x.verdict for x in c.figures if x.key not in ("trust", "value")} == {gc.TOO_FEW}


def test_cli_text_and_json(net):
    runner = CliRunner()
    out = runner.invoke(app, ["--store", net.url, "verschil", "--van", "nulmeting", "--naar", "jaarevaluatie", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    expected = gc.growth_change(COORD, net, "nulmeting", "jaarevaluatie")
    assert data["figures"] == expected.as_dict()["figures"]
    assert (data["n_samples"], data["seed"], data["before"]["key"]) == (1000, 17, "nul")
    text = runner.invoke(app, ["--store", net.url, "verschil", "--van", "2025-K1", "--naar", "2025-K2"])
    assert text.exit_code == 0 and "95%-intervallen uit 1.000 bootstrap-steekproeven" in text.output
    assert "Stabiliteit (Jaccard): 0,43" in text.output
    sector = runner.invoke(app, ["--store", net.url, "verschil", "--van", "2025-K1", "--naar", "2025-K2", "--niveau",
                                 "sector", "--json"])
    assert sector.exit_code == 0 and json.loads(sector.output)["level"] == "sector"
    assert runner.invoke(app, ["--store", net.url, "verschil", "--van", "2025-K1", "--naar", "2025-K2", "--niveau",
                               "wijk"]).exit_code == 2
    bad = runner.invoke(app, ["--store", net.url, "verschil", "--van", "2025-K1", "--naar", "jaar"])
    assert bad.exit_code == 2 and "niet een periode met een ronde" in bad.output


def test_sector_level_contracts_organisations(net):
    from netwerk.domain import Organisation

    # O1-O3 welzijn, O4-O7 zorg: two sectors at both moments, fewer than 5.
    net.apply(ChangeSet(organisations=[Organisation(org_id=f"O{i}", name=f"Organisatie {i}", sector="welzijn")
                                       for i in (1, 2, 3)]))
    c = gc.growth_change(BEST, net, "2025-K1", "2025-K2", level="sector")
    assert c.level == "sector" and c.actors == "<5"  # two sectors: too few to say anything
    assert c.figure("density").verdict == gc.TOO_FEW
    assert "2 sectoren" in gc.describe(gc.growth_change(COORD, net, "2025-K1", "2025-K2", level="sector"))[1]


def test_bestuurder_gets_no_figure_computed_from_fewer_than_five_ties(net):
    best = gc.growth_change(BEST, net, "2025-K1", "2025-K2")
    assert best.figure("density").before == pytest.approx(1 / 3)  # 5 ties at both moments: shown
    # Without K1's conversation 5-6, O6 is not active in K1: among O1-O5 K1 has 4 ties, K2 3 (1-2, 2-3, 1-3).
    net.delete("participations", [("a2-4", "p6")])
    coord = gc.growth_change(COORD, net, "2025-K1", "2025-K2")
    assert (coord.actors, coord.figure("ties").before, coord.figure("ties").after) == (5, 4, 3)
    few = gc.growth_change(BEST, net, "2025-K1", "2025-K2")
    for key in ("density", "transitivity", "degree_centralisation", "mean_strength", "betweenness_centralisation", "qap"):
        f = few.figure(key)
        assert (f.before, f.after, f.difference, f.ci_low, f.p_value) == (
            SUPPRESSED_DERIVED, SUPPRESSED_DERIVED, SUPPRESSED_DERIVED, None, None), key
        assert f.verdict == "Afgeschermd: berekend uit minder dan 5 relaties (zoals het CBS doet)."
    assert few.figure("ties").before == "<5" and few.figure("jaccard").after == SUPPRESSED_DERIVED


def test_demo_trust_and_value_have_intervals_and_equal_vertrouwen(tmp_path) -> None:
    """Mean trust and value between organisations (PARTNER) carry a node-bootstrap interval whose
    estimates are Vertrouwen's means over all ratings of each round (one definition)."""
    from netwerk.bootstrap import open_store
    from netwerk.services import seeding, trust

    s = open_store(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    seeding.seed(s, "demo")
    change = gc.growth_change(BEST, s, "nulmeting", "jaarevaluatie")
    rounds = trust.compare_rounds(BEST, s)
    m = rounds.means
    t, v = change.figure("trust"), change.figure("value")
    assert (t.before, t.after) == (pytest.approx(m["trust_before"]), pytest.approx(m["trust_after"]))
    assert (v.before, v.after) == (pytest.approx(m["value_before"]), pytest.approx(m["value_after"]))
    # 1,000 samples, seed 17: both grew beyond chance on the demo (trust 2,05 -> 2,77 exactly; a bestuurder sees
    # one decimal, as on Verschil; the interval of the exact difference is 0,34 to 1,09).
    assert t.verdict == ("Het vertrouwen tussen organisaties is gegroeid (gemiddeld vertrouwen 2,1 → 2,8; "
                         "95%-interval van de toename 0,3 tot 1,1).")
    coord = gc.growth_change(COORD, s, "nulmeting", "jaarevaluatie").figure("trust")
    assert (coord.before, coord.after) == (pytest.approx(2.0533, abs=1e-4), pytest.approx(2.7667, abs=1e-4))
    assert (coord.ci_low, coord.ci_high) == (pytest.approx(0.3352, abs=1e-4), pytest.approx(1.0914, abs=1e-4))
    assert 0 < v.ci_low < v.difference < v.ci_high and v.p_value < 0.05
    s.close()
