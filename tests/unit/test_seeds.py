"""The bundled seeds, loaded through the normal importer into a real SQLite store.

Davis and Krackhardt must reproduce their published figures; the demo must look like
the year of the buurtaanpak it claims to be (see seeds/demo/README.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from netwerk.analysis import louvain_communities, social_graph
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, InputError, Snapshot
from netwerk.services.importing import import_files
from netwerk.services.seeding import SEEDS, seed, seed_files
from tests.unit.test_analysis_real_data import assert_davis_groups

MEETINGS = ("bestuurdersoverleg", "professionalsoverleg", "introductie", "bewonersbijeenkomst", "evaluatie")


@pytest.fixture
def demo(store) -> Snapshot:
    seed(store, "demo")
    return store.snapshot()


# --- davis -------------------------------------------------------------------------


def test_davis_southern_women_through_the_importer(store) -> None:
    seed(store, "davis")
    snap = store.snapshot()
    assert len(snap.persons) == 18
    assert len(snap.activities) == 14
    assert len(snap.participations) == 89
    events_of = snap.participations.groupby("person_id")["activity_id"].agg(frozenset)
    pairs = list(itertools.combinations(sorted(snap.persons["person_id"]), 2))
    assert len(pairs) == 153
    assert sum(bool(events_of.get(a, frozenset()) & events_of.get(b, frozenset())) for a, b in pairs) == 139
    assert "Evelyn Jefferson" in set(snap.persons["label"])


def test_louvain_same_partition_when_import_rows_are_shuffled(store, tmp_path: Path) -> None:
    # Issue 2: the partition must not depend on the order of the rows in the import files.
    seed(store, "davis")
    reference = louvain_communities(social_graph(store.snapshot()))
    labels = dict(zip(store.snapshot().persons["person_id"], store.snapshot().persons["label"], strict=True))
    assert_davis_groups(reference.groups, label=labels.__getitem__)
    rng = random.Random(2025)
    for run in range(2):
        folder = tmp_path / f"shuffled{run}"
        folder.mkdir()
        paths = []
        for f in seed_files("davis")[::-1]:  # files in reverse order too
            header, *rows = f.read_text(encoding="utf-8").splitlines()
            rng.shuffle(rows)
            path = folder / f.name
            path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
            paths.append(path)
        other = open_store(f"sqlite:///{folder / 'netwerk.sqlite'}")
        try:
            import_files(other, paths)
            shuffled = louvain_communities(social_graph(other.snapshot()))
        finally:
            other.close()
        assert shuffled.groups == reference.groups
        assert shuffled.modularity == reference.modularity


# --- krackhardt --------------------------------------------------------------------


def _knows_graph(snap: Snapshot, source: str) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(snap.persons["person_id"])
    ties = snap.knows[snap.knows["source"] == source]
    g.add_edges_from(zip(ties["from_id"], ties["to_id"], strict=True))
    return g


@pytest.mark.parametrize(
    ("source", "ties", "density", "reciprocity"),
    [("advies", 190, 0.452, 0.474), ("vriendschap", 102, 0.243, 0.451)],
)
def test_krackhardt_managers_through_the_importer(store, source, ties, density, reciprocity) -> None:
    seed(store, "krackhardt")
    g = _knows_graph(store.snapshot(), source)
    assert g.number_of_nodes() == 21
    assert g.number_of_edges() == ties
    assert nx.number_of_selfloops(g) == 0
    assert nx.density(g) == pytest.approx(density, abs=5e-4)
    assert nx.reciprocity(g) == pytest.approx(reciprocity, abs=5e-4)


def test_krackhardt_manager_2_is_asked_for_advice_most(store) -> None:
    seed(store, "krackhardt")
    g = _knows_graph(store.snapshot(), "advies")
    assert g.in_degree("m02") == 18
    assert max(d for _, d in g.in_degree()) == 18


# --- the seeding service -----------------------------------------------------------


def test_unknown_seed_is_refused_in_dutch_listing_the_seeds(store) -> None:
    version = store.data_version()
    with pytest.raises(InputError) as exc:
        seed(store, "padgett")
    assert "Onbekende seed 'padgett'" in str(exc.value)
    for name in SEEDS:
        assert name in str(exc.value)
    assert store.data_version() == version


@pytest.mark.parametrize("name", list(SEEDS))
def test_seeding_twice_changes_nothing(store, name: str) -> None:
    seed(store, name)
    counts, version = store.counts(), store.data_version()
    seed(store, name)
    assert store.counts() == counts
    assert store.data_version() == version


def test_all_seeds_fit_in_one_store(store) -> None:
    for name in SEEDS:
        seed(store, name)
    snap = store.snapshot()
    assert len(snap.persons) == 186 + 18 + 21
    assert len(snap.activities) == len(set(snap.activities["activity_id"]))


# --- demo --------------------------------------------------------------------------


def test_demo_counts(demo: Snapshot) -> None:
    kinds = demo.persons["kind"].value_counts()
    assert 8 <= len(demo.organisations) <= 12
    assert 25 <= kinds["professional"] <= 35
    assert kinds["bestuurder"] == 6
    assert 140 <= kinds["resident"] <= 160
    assert 180 <= len(demo.activities) <= 220
    assert set(demo.activities["kind"]) == {
        "bestuurdersoverleg", "professionalsoverleg", "straatgesprek", "bewonersbijeenkomst", "evaluatie", "introductie",
    }
    assert len(demo.groups) >= 3 and {"kernteam", "bewonersgroep"} <= set(demo.groups["kind"])
    assert len(demo.survey_rounds) == 2
    assert len(demo.knows) > 0
    # ids with leading zeros stay text
    assert "001" in set(demo.persons["person_id"])


def test_demo_runs_in_the_order_of_the_approach(demo: Snapshot) -> None:
    acts = demo.activities
    first = acts.groupby("kind")["date"].min()
    assert first["bestuurdersoverleg"] == acts["date"].min()
    assert first["bestuurdersoverleg"].month == 1
    assert first["bestuurdersoverleg"] < first["professionalsoverleg"] < first["straatgesprek"]
    assert first["straatgesprek"] < first["bewonersbijeenkomst"]
    evaluations = acts.loc[acts["kind"] == "evaluatie", "date"]
    assert evaluations.min() > acts.loc[acts["kind"] != "evaluatie", "date"].max()
    assert {d.month for d in evaluations} == {12}
    assert all(d.year == 2025 for d in acts["date"])


def test_demo_dates_are_amsterdam_wall_clock_times(demo: Snapshot) -> None:
    first = demo.activities.set_index("activity_id").loc["a001", "date"]
    assert first == dt.datetime(2025, 1, 14, 15, 0, tzinfo=AMSTERDAM)


def test_demo_themes_and_methods(demo: Snapshot) -> None:
    acts = demo.activities.set_index("activity_id")
    with_theme = set(demo.activity_themes["activity_id"])
    for kind in ("straatgesprek", "bewonersbijeenkomst"):
        assert set(acts.index[acts["kind"] == kind]) <= with_theme
    methods = {m for ms in acts.loc[acts["kind"] == "professionalsoverleg", "methods"] for m in ms}
    assert {"deep_democracy", "abcd"} <= methods


def test_demo_keeps_text_that_needs_escaping(demo: Snapshot) -> None:
    assert any("&" in t and "<" in t for t in demo.activities["title"].dropna())


def _participants(snap: Snapshot) -> pd.DataFrame:
    kinds = snap.persons.set_index("person_id")["kind"]
    parts = snap.participations.assign(kind=lambda p: p["person_id"].map(kinds))
    return parts.merge(snap.activities[["activity_id", "kind"]], on="activity_id", suffixes=("", "_activity"))


def test_demo_participation_sizes_are_realistic(demo: Snapshot) -> None:
    parts = _participants(demo)
    per_activity = parts.groupby(["activity_id", "kind_activity"]).size().reset_index(name="n")
    meetings = per_activity[per_activity["kind_activity"].isin(MEETINGS)]
    assert meetings["n"].between(5, 25).all()
    street = parts[parts["kind_activity"] == "straatgesprek"]
    pros = street[street["kind"] == "professional"].groupby("activity_id").size()
    residents = street[street["kind"] == "resident"].groupby("activity_id").size()
    n_street = (demo.activities["kind"] == "straatgesprek").sum()
    assert len(pros) == len(residents) == n_street
    assert pros.between(1, 3).all() and residents.between(1, 6).all()


def _cross_org_by_quarter(snap: Snapshot) -> dict[int, tuple[set, set]]:
    """Quarter -> (cross-organisation professional pairs that co-participated, organisation pairs they connect)."""
    org = snap.persons.set_index("person_id")["org_id"]
    quarter = {a: d.quarter for a, d in zip(snap.activities["activity_id"], snap.activities["date"], strict=True)}
    pros = set(snap.persons.loc[snap.persons["kind"] == "professional", "person_id"])
    out: dict[int, tuple[set, set]] = {q: (set(), set()) for q in range(1, 5)}
    parts = snap.participations[snap.participations["person_id"].isin(pros)]
    for activity_id, people in parts.groupby("activity_id")["person_id"]:
        pairs, org_pairs = out[quarter[activity_id]]
        for a, b in itertools.combinations(sorted(people), 2):
            if org[a] != org[b]:
                pairs.add((a, b))
                org_pairs.add(tuple(sorted((org[a], org[b]))))
    return out


def test_demo_collaboration_between_organisations_grows(demo: Snapshot) -> None:
    by_quarter = _cross_org_by_quarter(demo)
    pairs = [len(by_quarter[q][0]) for q in range(1, 5)]
    org_pairs = [len(by_quarter[q][1]) for q in range(1, 5)]
    assert pairs[3] > pairs[0] and org_pairs[3] > org_pairs[0]
    assert pairs == sorted(pairs) and org_pairs == sorted(org_pairs)


def test_demo_trust_rises_between_the_survey_rounds(demo: Snapshot) -> None:
    r = demo.ratings.assign(trust=lambda d: d[["reliability", "mission", "openness"]].mean(axis=1))
    # organisations rate organisations; kernteam professionals rate organisations and colleagues (never residents)
    assert set(r["rater_type"]) == {"organisation", "person"} and set(r["rated_type"]) == {"organisation", "person"}
    kinds = demo.persons.set_index("person_id")["kind"]
    assert set(kinds[r.loc[r["rated_type"] == "person", "rated_id"]]) == {"professional"}
    mean = r.groupby("round_id")[["trust", "himmelman_level"]].mean()
    assert mean.loc["jaarevaluatie-2025", "trust"] > mean.loc["nulmeting-2025", "trust"]
    assert mean.loc["jaarevaluatie-2025", "himmelman_level"] > mean.loc["nulmeting-2025", "himmelman_level"]


def test_demo_residents_named_only_with_consent(demo: Snapshot) -> None:
    residents = demo.persons[demo.persons["kind"] == "resident"]
    named = residents[residents["display_name"].notna()]
    assert 1 <= len(named) <= 10
    assert named["label"].tolist() == named["display_name"].tolist()
    assert (residents.loc[residents["display_name"].isna(), "label"].str.startswith("Bewoner ")).all()


def test_seed_if_empty_seeds_only_an_empty_store(store):
    from netwerk.services.seeding import seed_if_empty

    assert seed_if_empty(store, "davis") is not None
    counts, version = store.counts(), store.data_version()
    assert counts["persons"] == 18
    assert seed_if_empty(store, "demo") is None  # the store had data: nothing loaded
    assert store.counts() == counts and store.data_version() == version
    with pytest.raises(InputError):
        seed_if_empty(store, "bestaat-niet")
