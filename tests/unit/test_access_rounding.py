"""Suppression that holds (issue 14): a bestuurder cannot recover a "<5" count by
subtracting two views, nor from the ratios beside it.

Every count a bestuurder sees is rounded to a multiple of 5 (CBS, "afronden op
vijftallen"), 1-4 stays "<5"; ratios are recomputed from the rounded counts. So two
bestuurder views differ by 0 or by 5 or more, never by the 1-4 a "<5" cell hides.
"""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

import pytest

from netwerk.access import Viewer, round_count, suppress_small
from netwerk.domain import Activity, ChangeSet, Organisation, Participation, Person, SnapshotFilter, WorksFor
from netwerk.services.network import COUNT_KEYS, growth_table, overview

COORD = Viewer(user_id="coord", role="coordinator")
BEST = Viewer(user_id="best", role="bestuurder")
KINDS = ("professional", "resident", "bestuurder")


def small_network() -> ChangeSet:
    """Nine professionals, three residents and one bestuurder, in one quarter: 13 persons.

    Two meetings of professionals (p1-p5, p5-p9) and a street talk of p1 with the three
    residents; the bestuurder meets p1. The resident count (3) is "<5" for a bestuurder.
    """
    pros = [f"p{i}" for i in range(1, 10)]
    residents = ["r1", "r2", "r3"]
    part = ([("a1", p) for p in pros[:5]] + [("a2", p) for p in pros[4:]]
            + [("a3", p) for p in ["p1", *residents]] + [("a4", "p1"), ("a4", "b1")])
    return ChangeSet(
        organisations=[Organisation(org_id="gem", name="Gemeente", sector="gemeente")],
        persons=[*(Person(person_id=p, kind="professional", display_name=p.upper()) for p in pros),
                 *(Person(person_id=r, kind="resident", pseudonym=f"Bewoner {r}") for r in residents),
                 Person(person_id="b1", kind="bestuurder", display_name="B")],
        works_for=[*(WorksFor(person_id=p, org_id="gem") for p in pros), WorksFor(person_id="b1", org_id="gem")],
        activities=[Activity(activity_id=f"a{i}", kind="professionalsoverleg", date=datetime(2025, 2, i, 10))
                    for i in range(1, 5)],
        participations=[Participation(activity_id=a, person_id=p) for a, p in part],
    )


@pytest.fixture
def small(store):
    store.apply(small_network())
    return store


def _views(store) -> dict[str, dict]:
    """The bestuurder's Overzicht figures: all persons, and filtered to each kind and to all but each kind."""
    out = {"alle": overview(BEST, store, period="2025-K1").current}
    for k in KINDS:
        out[k] = overview(BEST, store, SnapshotFilter(person_kinds=(k,)), period="2025-K1").current
        rest = tuple(x for x in KINDS if x != k)
        out[f"niet-{k}"] = overview(BEST, store, SnapshotFilter(person_kinds=rest), period="2025-K1").current
    return out


def test_round_count_is_cbs_rounding_to_fives() -> None:
    assert [round_count(n) for n in (0, 1, 4, 5, 7, 8, 12, 13, 100, 102, 103)] == \
        [0, "<5", "<5", 5, 5, 10, 10, 15, 100, 100, 105]
    assert [suppress_small(BEST, n) for n in (0, 3, 6, 13)] == [0, "<5", 5, 15]
    assert [suppress_small(COORD, n) for n in (0, 3, 6, 13)] == [0, 3, 6, 13]


def test_bestuurder_cannot_subtract_two_views_to_recover_a_suppressed_count(small) -> None:
    # The coordinator sees the exact counts: 13 persons, 3 of them residents.
    coord = overview(COORD, small, period="2025-K1").current
    assert coord["persons"] == 13
    assert overview(COORD, small, SnapshotFilter(person_kinds=("resident",)), period="2025-K1").current["persons"] == 3
    views = _views(small)
    assert views["resident"]["persons"] == "<5"
    # All persons minus everyone but residents would give the residents (13 - 10 = 3) with exact counts.
    difference = views["alle"]["persons"] - views["niet-resident"]["persons"]
    assert difference not in range(1, 5)
    assert views["alle"]["persons"] == 15 and views["niet-resident"]["persons"] == 10


def test_no_two_bestuurder_views_differ_by_one_to_four(small) -> None:
    views = _views(small)
    growth = growth_table(BEST, small).set_index("period").loc["2025-K1"].to_dict()
    views["groei"] = growth
    for key in COUNT_KEYS:
        shown = {name: v[key] for name, v in views.items()}
        for (a, x), (b, y) in combinations(shown.items(), 2):
            if isinstance(x, int) and isinstance(y, int):
                assert (x - y) % 5 == 0, (key, a, x, b, y)
            else:
                assert x in ("<5", 0) or x % 5 == 0, (key, a, x)
        assert growth[key] == views["alle"][key], key  # the growth row is the Overzicht's period, the same figures


def test_bestuurder_ratios_reveal_only_the_rounded_counts(small) -> None:
    coord = overview(COORD, small, period="2025-K1").current
    best = overview(BEST, small, period="2025-K1").current
    # Exactly: average degree / density + 1 = persons. For the bestuurder that gives the rounded 15, not 13.
    assert coord["average_degree"] / coord["density"] + 1 == pytest.approx(13)
    assert best["average_degree"] / best["density"] + 1 == pytest.approx(best["persons"]) and best["persons"] == 15
    assert best["average_degree"] == pytest.approx(2 * best["ties"] / best["persons"])
    assert best["clustering"] == round(coord["clustering"], 1)
    for v in _views(small).values():  # with a "<5" count behind it a ratio stays withheld
        if v["persons"] == "<5" or v["ties"] == "<5":
            assert v["density"] == v["average_degree"] == v["clustering"] == "afgeschermd"


def test_directed_ratios_are_computed_from_the_rounded_counts() -> None:
    from netwerk.access import suppress_derived
    from netwerk.services.network import _DIRECTED_COUNTS, DIRECTED_DERIVED_FROM, DIRECTED_RECOMPUTE

    # 7 actors, 13 ties: 4 mutual dyads (8 ties) and 5 asymmetric, 12 null dyads (21 in all).
    exact = {"actors": 7, "actors_with_ties": 7, "ties": 13, "density": 13 / 42, "mutual_dyads": 4,
             "asymmetric_dyads": 5, "null_dyads": 12, "reciprocity_dyadic": 16 / 21, "reciprocity_dyadic_nonnull": 4 / 9,
             "reciprocity_edgewise": 8 / 13, "mean_in_degree": 13 / 7, "mean_out_degree": 13 / 7,
             "max_in_degree": 3, "max_out_degree": 4}
    counts = {k: suppress_small(BEST, v) if k in _DIRECTED_COUNTS else v for k, v in exact.items()}
    shown = suppress_derived(BEST, counts, DIRECTED_DERIVED_FROM, DIRECTED_RECOMPUTE)
    assert (shown["actors"], shown["ties"], shown["mutual_dyads"], shown["asymmetric_dyads"]) == (5, 15, "<5", 5)
    assert shown["density"] == pytest.approx(15 / 20) and shown["mean_in_degree"] == pytest.approx(3.0)
    assert shown["reciprocity_edgewise"] == shown["reciprocity_dyadic_nonnull"] == "afgeschermd"  # from "<5" mutual
    assert suppress_derived(COORD, exact, DIRECTED_DERIVED_FROM, DIRECTED_RECOMPUTE) == exact
