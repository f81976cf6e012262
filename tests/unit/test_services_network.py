"""The network services on a real SQLite store, with hand-computed figures."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from dashboard.map_view import network_map_data
from netwerk.access import SYSTEM
from netwerk.analysis import GROWTH_COLUMNS, SUMMARY_KEYS
from netwerk.domain import (
    Activity,
    ActivityTheme,
    ChangeSet,
    InputError,
    Knows,
    Organisation,
    Participation,
    Person,
    Rating,
    SnapshotFilter,
    SurveyRound,
    WorksFor,
)
from netwerk.palette import KIND_COLOURS, MISSING_COLOUR, PALETTE, SECTOR_COLOURS
from netwerk.services.network import (
    actor_table,
    analyse_report,
    filter_options,
    growth_table,
    overview,
)

HOSTILE = "<img src=x onerror=alert(1)>"

REPORT_KEYS = [
    "persons", "organisations", "activities", "participations", "ties", "density", "components", "average_degree",
    "clustering", "isolates", "cross_org_ties", "organisation_ties", "communities", "modularity", "ei_index_organisation",
    "ei_index_sector", "louvain_runs", "louvain_seed", "diameter", "betweenness", "kent", "beoordelingen", "top_brokers",
]


def network() -> ChangeSet:
    """Working ties (Newman weight 1/(n-1) per shared activity, + 1 per KNOWS report): b1-p1 1 (a1,
    two people), p1-p2 1/2, p1-p3 1/2 + KNOWS = 3/2, p2-p3 1/2 (a2, three people), p2-r1 1, p3-r1 1;
    r2 alone."""
    part = [("a1", "b1"), ("a1", "p1"), ("a2", "p1"), ("a2", "p2"), ("a2", "p3"), ("a3", "p2"), ("a3", "r1"),
            ("a4", "p3"), ("a4", "r1")]
    return ChangeSet(
        organisations=[
            Organisation(org_id="gem", name="Gemeente Raalte", sector="gemeente"),
            Organisation(org_id="wsv", name="Woonstichting Voorbeeld", sector="woningcorporatie"),
            Organisation(org_id="pol", name="Politie Oost", sector="politie"),
        ],
        persons=[
            Person(person_id="p1", kind="professional", display_name="Anna", role_title="opbouwwerker"),
            Person(person_id="p2", kind="professional", display_name="Bram"),
            Person(person_id="p3", kind="professional", display_name=HOSTILE, role_title="wijkagent"),
            Person(person_id="b1", kind="bestuurder", display_name="Carla"),
            Person(person_id="r1", kind="resident", pseudonym="Bewoner 1"),
            Person(person_id="r2", kind="resident", pseudonym="Bewoner 2"),
        ],
        works_for=[
            WorksFor(person_id="p1", org_id="gem"),
            WorksFor(person_id="b1", org_id="gem"),
            WorksFor(person_id="p2", org_id="wsv"),
            WorksFor(person_id="p3", org_id="pol"),
        ],
        activities=[
            Activity(activity_id="a1", kind="bestuurdersoverleg", date=datetime(2025, 1, 15, 10)),
            Activity(activity_id="a2", kind="professionalsoverleg", date=datetime(2025, 2, 10, 14)),
            Activity(activity_id="a3", kind="straatgesprek", date=datetime(2025, 4, 2, 15), buurt_code="BU01770101"),
            Activity(activity_id="a4", kind="straatgesprek", date=datetime(2025, 5, 20, 16)),
        ],
        participations=[Participation(activity_id=a, person_id=p) for a, p in part],
        activity_themes=[ActivityTheme(activity_id="a3", theme="verkeersveiligheid")],
        knows=[Knows(from_id="p1", to_id="p3", since=date(2025, 3, 1))],
    )


@pytest.fixture
def filled(store):
    store.apply(network())
    return store


def test_analyse_report_values(filled):
    r = analyse_report(SYSTEM, filled)
    assert list(r) == REPORT_KEYS
    assert json.loads(json.dumps(r, allow_nan=False)) == r
    assert (r["persons"], r["organisations"], r["activities"], r["participations"], r["ties"]) == (6, 3, 4, 9, 6)
    assert r["density"] == pytest.approx(6 / 15)
    assert (r["components"], r["isolates"], r["cross_org_ties"]) == (2, 1, 3)
    # Organisation pairs: p1-p2 gem-wsv, p1-p3 gem-pol, p2-p3 wsv-pol; b1-p1 is inside gem, r1 has none.
    assert r["organisation_ties"] == 3
    assert r["average_degree"] == pytest.approx(2.0)
    # local clustering: b1 0, p1 1/3, p2 2/3, p3 2/3, r1 1, r2 0
    assert r["clustering"] == pytest.approx(4 / 9)
    # with an organisation: b1-p1 internal (gem); p1-p2, p1-p3, p2-p3 external
    assert r["ei_index_organisation"] == pytest.approx(0.5)
    assert r["ei_index_sector"] == pytest.approx(0.5)
    # Louvain on Newman weights: m = 11/2, strengths b1 1, p1 3, p2 2, p3 3, r1 2 (2m = 11).
    # {b1, p1, p3}, {p2, r1}: (5/2)/(11/2) - (7/11)^2 + 1/(11/2) - (4/11)^2 = 6/121 + 6/121;
    # {b1, p1}, {p2, p3, r1} gives the same 12/121; every other split is lower. Plus {r2}: 3.
    assert r["communities"] == 3
    assert r["modularity"] == pytest.approx(12 / 121)
    # Distances 1/w: b1-p1 1, p1-p2 2, p1-p3 2/3, p2-p3 2, p2-r1 1, p3-r1 1. p1 brokers b1-p2
    # (3 vs 11/3), b1-p3, b1-r1 (8/3); p3 brokers b1-r1 and p1-r1 (5/3 vs 3); p2-p3 has two
    # shortest paths of 2 (direct, via r1): r1 gets 1/2. Normalised by (n-1)(n-2)/2 = 10.
    top = r["top_brokers"]
    assert top[0] == {"person_id": "p1", "name": "Anna", "betweenness": pytest.approx(0.3)}
    assert top[1] == {"person_id": "p3", "name": HOSTILE, "betweenness": pytest.approx(0.2)}
    assert top[2] == {"person_id": "r1", "name": "Bewoner 1", "betweenness": pytest.approx(0.05)}
    assert [b["person_id"] for b in top[3:]] == ["b1", "p2", "r2"]
    assert [b["name"] for b in top if b["person_id"].startswith("r")] == ["Bewoner 1", "Bewoner 2"]
    assert len(analyse_report(SYSTEM, filled, top=1)["top_brokers"]) == 1


def test_analyse_report_directed_figures_diameter_and_method(filled):
    r = analyse_report(SYSTEM, filled)
    assert r["louvain_runs"] == 10 and 42 <= r["louvain_seed"] <= 51
    # largest component b1, p1, p2, p3, r1 (r2 alone): b1-p1-p2-r1 is 3 steps
    assert r["diameter"] == {"diameter": 3, "lower_bound": 3, "upper_bound": 3, "component_persons": 5, "persons": 6,
                             "searches": r["diameter"]["searches"], "exact": True}
    assert r["betweenness"] == {"normalised": True, "weighted": True, "distance": "1/w", "exact": True,
                                "sample_pivots": None, "seed": 42}
    # one KNOWS tie p1 -> p3 among 6 persons: 15 dyads, 1 asymmetric, 14 null
    k = r["kent"]
    assert (k["actors"], k["actors_with_ties"], k["ties"]) == (6, 2, 1)
    assert (k["mutual_dyads"], k["asymmetric_dyads"], k["null_dyads"]) == (0, 1, 14)
    assert k["density"] == pytest.approx(1 / 30)
    assert k["reciprocity_dyadic"] == pytest.approx(14 / 15)
    assert k["reciprocity_dyadic_nonnull"] == 0.0 and k["reciprocity_edgewise"] == 0.0
    assert k["mean_in_degree"] == pytest.approx(1 / 6) and (k["max_in_degree"], k["max_out_degree"]) == (1, 1)
    assert r["beoordelingen"] == {}


def test_analyse_report_per_survey_round(filled):
    filled.apply(ChangeSet(
        survey_rounds=[SurveyRound(round_id="z-nul", name="nulmeting", date=date(2025, 1, 1)),
                       SurveyRound(round_id="a-jaar", name="jaarevaluatie", date=date(2026, 1, 1))],
        ratings=[Rating(round_id="z-nul", rater_id="p1", rater_type="person", rated_id="p2", rated_type="person"),
                 Rating(round_id="z-nul", rater_id="p2", rater_type="person", rated_id="p1", rated_type="person"),
                 Rating(round_id="z-nul", rater_id="p3", rater_type="person", rated_id="gem",
                        rated_type="organisation"),
                 Rating(round_id="a-jaar", rater_id="p1", rater_type="person", rated_id="p2", rated_type="person")],
    ))
    r = analyse_report(SYSTEM, filled)
    json.dumps(r, allow_nan=False)
    rounds = r["beoordelingen"]
    assert list(rounds) == ["z-nul", "a-jaar"]  # oldest first
    # z-nul: p1 <-> p2, p3 -> gem: n = 4, m = 3, 1 mutual, 1 asymmetric, 4 null dyads
    z = rounds["z-nul"]
    assert (z["actors"], z["ties"], z["mutual_dyads"], z["null_dyads"]) == (4, 3, 1, 4)
    assert z["density"] == pytest.approx(3 / 12)
    assert z["reciprocity_edgewise"] == pytest.approx(2 / 3) and z["reciprocity_dyadic"] == pytest.approx(5 / 6)
    a = rounds["a-jaar"]
    assert (a["actors"], a["ties"], a["density"], a["reciprocity_edgewise"]) == (2, 1, 0.5, 0.0)


def test_analyse_report_with_a_filter(filled):
    r = analyse_report(SYSTEM, filled, SnapshotFilter(person_kinds=("professional",)))
    assert (r["persons"], r["ties"], r["cross_org_ties"]) == (3, 3, 3)
    assert r["ei_index_organisation"] == 1.0


def test_empty_store_gives_answers(store):
    r = analyse_report(SYSTEM, store)
    assert list(r) == REPORT_KEYS
    assert all(r[k] == 0 for k in SUMMARY_KEYS)
    assert r["ei_index_organisation"] is None and r["ei_index_sector"] is None
    assert (r["communities"], r["modularity"], r["top_brokers"]) == (0, 0.0, [])
    json.dumps(r, allow_nan=False)
    assert growth_table(SYSTEM, store).empty
    assert actor_table(SYSTEM, store).empty
    m = network_map_data(SYSTEM, store)
    assert m.nodes.empty and m.edges.empty and m.legend == {}
    ov = overview(SYSTEM, store)
    assert ov.period_label == "totaal" and ov.previous is None and ov.current["persons"] == 0
    opts = filter_options(SYSTEM, store)
    assert opts.organisations == [] and opts.themes == [] and opts.first_date is None


def test_actor_table(filled):
    t = actor_table(SYSTEM, filled)
    assert list(t.columns) == [
        "person_id", "name", "kind", "organisation", "sector", "degree", "weighted_degree", "betweenness",
        "eigenvector", "constraint", "effective_size", "community",
    ]
    # betweenness (p1 0.3, p3 0.2, r1 0.05, see test_analyse_report_values), then id
    assert t["person_id"].tolist() == ["p1", "p3", "r1", "b1", "p2", "r2"]
    row = t.set_index("person_id").loc["p1"]
    assert (row["name"], row["kind"]) == ("Anna", "professional")
    assert (row["organisation"], row["sector"]) == ("Gemeente Raalte", "gemeente")
    assert (row["degree"], row["weighted_degree"]) == (3, pytest.approx(3.0))  # b1 1 + p2 1/2 + p3 3/2
    r2 = t.set_index("person_id").loc["r2"]
    assert r2["organisation"] is None and r2["degree"] == 0 and r2["constraint"] != r2["constraint"]  # NaN


def test_growth_table_quarters_and_months(filled):
    q = growth_table(SYSTEM, filled)
    assert list(q.columns) == list(GROWTH_COLUMNS)
    assert q["period"].tolist() == ["2025-K1", "2025-K2"]
    k1, k2 = q.to_dict("records")
    # K1: a1, a2 and the KNOWS tie of March among b1, p1, p2, p3
    assert (k1["activities"], k1["participations"], k1["persons"], k1["ties"]) == (2, 5, 4, 4)
    # K2: a3 (p2, r1), a4 (p3, r1), and the KNOWS tie p1-p3 (since March, still held): p1 is
    # active too; ties p2-r1, p3-r1, p1-p3.
    assert (k2["activities"], k2["participations"], k2["persons"], k2["ties"]) == (2, 4, 4, 3)
    m = growth_table(SYSTEM, filled, freq="month")
    assert m["period"].tolist() == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    march = m.set_index("period").loc["2025-03"]
    assert (march["activities"], march["persons"], march["ties"]) == (0, 2, 1)
    assert growth_table(SYSTEM, filled, freq="year")["period"].tolist() == ["2025"]


def test_overview_latest_and_previous_period(filled):
    ov = overview(SYSTEM, filled, today=date(2025, 7, 15))
    assert (ov.period_label, ov.previous_label) == ("2025-K2", "2025-K1")
    assert list(ov.current) == list(SUMMARY_KEYS)
    # K2: p2, p3, r1 in activities and p1 through the KNOWS tie p1-p3 held since March.
    assert (ov.current["persons"], ov.previous["persons"]) == (4, 4)
    monthly = overview(SYSTEM, filled, freq="month", today=date(2025, 7, 15))
    assert (monthly.period_label, monthly.previous_label) == ("2025-05", "2025-04")
    first = overview(SYSTEM, filled, SnapshotFilter(end=date(2025, 1, 31)), freq="month", today=date(2025, 7, 15))
    assert (first.period_label, first.previous_label, first.previous) == ("2025-01", None, None)


def _straatgesprek(aid: str, when: datetime, people: tuple[str, ...]) -> ChangeSet:
    return ChangeSet(activities=[Activity(activity_id=aid, kind="straatgesprek", date=when)],
                     participations=[Participation(activity_id=aid, person_id=p) for p in people])


def test_overview_skips_a_running_or_nearly_empty_quarter(filled):
    # The latest record is one straatgesprek (p3, r2) in 2025-K3, which is still running on
    # 1 August: Overzicht compares the last complete quarters, K2 with K1.
    filled.apply(_straatgesprek("k3", datetime(2025, 7, 10, 10), ("p3", "r2")))
    ov = overview(SYSTEM, filled, today=date(2025, 8, 1))
    assert (ov.period_label, ov.previous_label) == ("2025-K2", "2025-K1")
    assert (ov.current["activities"], ov.previous["activities"]) == (2, 2)
    assert "2025-K3 loopt nog" in ov.note and "1 activiteit tot nu toe" in ov.note
    assert ov.choices == ("2025-K1", "2025-K2", "2025-K3")
    # Four more straatgesprekken in K1 and in K2 (p2, r1): 6 activities each. On 15 October K3
    # is complete but has 1 activity, below a quarter of the median 6 (1.5): skipped.
    for i, month in enumerate((1, 2, 3, 3, 4, 5, 6, 6)):
        filled.apply(_straatgesprek(f"extra{i}", datetime(2025, month, 20 + i, 10), ("p2", "r1")))
    ov = overview(SYSTEM, filled, today=date(2025, 10, 15))
    assert (ov.period_label, ov.previous_label) == ("2025-K2", "2025-K1")
    assert (ov.current["activities"], ov.previous["activities"]) == (6, 6)
    assert "2025-K3 is overgeslagen" in ov.note and "maar 1 activiteit" in ov.note and "mediaan) 6" in ov.note
    # Asked for explicitly, K3 is shown: k3 (p3, r2) and the KNOWS tie p1-p3 held since
    # March, so persons p1, p3, r2 and working ties p3-r2 (two people: 1) and p1-p3.
    k3 = overview(SYSTEM, filled, period="2025-K3", today=date(2025, 10, 15))
    assert (k3.period_label, k3.previous_label) == ("2025-K3", "2025-K2")
    assert (k3.current["activities"], k3.current["persons"], k3.current["ties"]) == (1, 3, 2)
    assert "overgeslagen" not in k3.note
    with pytest.raises(InputError):
        overview(SYSTEM, filled, period="2025-K4", today=date(2025, 10, 15))


def test_network_map_data_by_organisation_and_betweenness(filled):
    m = network_map_data(SYSTEM, filled, colour_by="organisation", size_by="betweenness")
    assert list(m.nodes.columns) == ["id", "label", "kind", "colour_key", "colour", "size", "title", "measure"]
    assert list(m.edges.columns) == ["source", "target", "weight", "kind"]
    assert len(m.nodes) == 6 and len(m.edges) == 6
    assert m.legend == {
        "Gemeente Raalte": PALETTE[0],
        "Politie Oost": PALETTE[1],
        "Woonstichting Voorbeeld": PALETTE[2],
        "Geen organisatie": MISSING_COLOUR,
    }
    n = m.nodes.set_index("id")
    assert n.loc["p1", "size"] == pytest.approx(50) and n.loc["p3", "size"] == pytest.approx(10 + 40 * 0.2 / 0.3)
    assert n.loc["r2", "size"] == pytest.approx(10)
    assert n["size"].between(10, 50).all()
    assert n.loc["r1", "colour"] == MISSING_COLOUR and n.loc["r1", "label"] == "Bewoner 1"
    # Titles are plain text: the hostile name is kept verbatim for the renderer to escape.
    assert n.loc["p3", "label"] == HOSTILE and n.loc["p3", "title"].startswith(HOSTILE + "\n")
    assert "Rol: wijkagent" in n.loc["p3", "title"] and "&lt;" not in n.loc["p3", "title"]
    e = m.edges.set_index(["source", "target"])
    assert n.loc["r1", "size"] == pytest.approx(10 + 40 * 0.05 / 0.3)  # r1 on one of p2-p3's two shortest paths
    # p1-p3: a2 has three people (1/2) plus one KNOWS report.
    assert (e.loc[("p1", "p3"), "weight"], e.loc[("p1", "p3"), "kind"]) == (pytest.approx(1.5), "both")
    assert set(m.edges["kind"]) == {"both", "co-participation"}


def test_network_map_tooltips_use_the_dutch_decimal_comma(filled):
    n = network_map_data(SYSTEM, filled, size_by="betweenness").nodes.set_index("id")
    # The tooltip (and the focus panel beside the map) names betweenness as the map's size
    # picker, "Toon makelaars" and the brokers table do: makelaarspositie, not "tussenpositie".
    assert "Makelaarspositie (betweenness): 0,300" in n.loc["p1", "title"]
    assert "Tussenpositie" not in n.loc["p1", "title"]
    assert "0.300" not in n.loc["p1", "title"]


def test_network_map_data_colourings(filled):
    by_sector = network_map_data(SYSTEM, filled, colour_by="sector")
    assert by_sector.legend == {
        "Gemeente": SECTOR_COLOURS["gemeente"],
        "Woningcorporatie": SECTOR_COLOURS["woningcorporatie"],
        "Politie": SECTOR_COLOURS["politie"],
        "Geen sector": MISSING_COLOUR,
    }
    by_kind = network_map_data(SYSTEM, filled, colour_by="kind", size_by="constraint")
    assert by_kind.legend == {"bewoner": KIND_COLOURS["resident"], "wijkprofessional": KIND_COLOURS["professional"],
                              "bestuurder": KIND_COLOURS["bestuurder"]}
    n = by_kind.nodes.set_index("id")
    assert n.loc["r2", "measure"] is None and n.loc["r2", "size"] == 10  # an isolate has no constraint
    by_comm = network_map_data(SYSTEM, filled, colour_by="community", size_by="degree")
    assert list(by_comm.legend)[0] == "Cluster 1" and by_comm.legend["Cluster 1"] == PALETTE[0]
    assert set(by_comm.nodes["colour_key"]) == set(by_comm.legend)
    for cb in ("organisation", "sector", "community", "kind"):
        for sb in ("degree", "weighted_degree", "betweenness", "eigenvector", "constraint", "effective_size"):
            md = network_map_data(SYSTEM, filled, colour_by=cb, size_by=sb)
            assert md.nodes["size"].between(10, 50).all()
            assert md.nodes["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()


def test_network_map_data_refuses_unknown_choices(filled):
    with pytest.raises(InputError):
        network_map_data(SYSTEM, filled, colour_by="hair")
    with pytest.raises(InputError):
        network_map_data(SYSTEM, filled, size_by="height")


def test_filter_options(filled):
    o = filter_options(SYSTEM, filled)
    assert o.organisations == [("gem", "Gemeente Raalte"), ("pol", "Politie Oost"), ("wsv", "Woonstichting Voorbeeld")]
    assert o.sectors == [("gemeente", "Gemeente"), ("woningcorporatie", "Woningcorporatie"), ("politie", "Politie")]
    assert [k for k, _ in o.person_kinds] == ["resident", "professional", "bestuurder"]
    assert [k for k, _ in o.activity_kinds] == ["bestuurdersoverleg", "professionalsoverleg", "straatgesprek"]
    assert o.themes == [("verkeersveiligheid", "verkeersveiligheid")]
    assert o.buurten == [("BU01770101", "BU01770101")]
    assert (o.first_date, o.last_date) == (date(2025, 1, 15), date(2025, 5, 20))
