"""PARTNER trust/value, the rating network of a round and Himmelman levels, on a
three-organisation example computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from netwerk.analysis import ratings as rt

NAN = float("nan")


def _r(rater, rated, trust_items, value_items, level, round_id="r1", rater_type="organisation",
       rated_type="organisation") -> dict:
    rel, mis, ope = trust_items
    pow_, inv, res = value_items
    return {"round_id": round_id, "rater_id": rater, "rater_type": rater_type, "rated_id": rated, "rated_type": rated_type,
            "reliability": rel, "mission": mis, "openness": ope, "power": pow_, "involvement": inv, "resources": res,
            "himmelman_level": level, "contact_frequency": None}


@pytest.fixture
def three() -> pd.DataFrame:
    # A->B trust (4+3+2)/3 = 3, value 2; B->A trust 3, value (4+4+1)/3 = 3;
    # A->C trust incomplete (openness missing), value 1; C->B trust (1+2+3)/3 = 2, value incomplete.
    return pd.DataFrame([
        _r("A", "B", (4, 3, 2), (2, 2, 2), 2),
        _r("B", "A", (3, 3, 3), (4, 4, 1), 3),
        _r("A", "C", (2, 2, None), (1, 1, 1), 1),
        _r("C", "B", (1, 2, 3), (None, 2, 2), 0),
    ])


def test_trust_and_value_are_item_means_and_missing_items_give_none(three) -> None:
    s = rt.rating_scores(three)
    assert s["trust"].tolist()[:2] == [3.0, 3.0]
    assert s["value"].tolist()[:3] == [2.0, 3.0, 1.0]
    assert math.isnan(s.loc[2, "trust"]) and not s.loc[2, "trust_complete"]
    assert math.isnan(s.loc[3, "value"]) and not s.loc[3, "value_complete"]
    assert s.loc[3, "trust"] == pytest.approx(2.0)
    assert s.loc[0, "trust_pct"] == pytest.approx(75.0)  # 3 / 4 * 100
    assert s.loc[0, "value_pct"] == pytest.approx(50.0)


def test_round_summary_by_hand(three) -> None:
    s = rt.round_summary(three, "r1")
    assert (s.actors, s.ratings, s.pairs) == (3, 4, 4)
    assert s.density == pytest.approx(4 / 6)  # 4 of 3*2 ordered pairs
    assert s.reciprocity == pytest.approx(2 / 4)  # A->B and B->A are mutual
    assert s.mean_trust == pytest.approx((3 + 3 + 2) / 3)
    assert s.mean_value == pytest.approx((2 + 3 + 1) / 3)
    assert s.mean_trust_pct == pytest.approx((8 / 3) / 4 * 100)
    assert (s.incomplete_trust, s.incomplete_value) == (1, 1)
    assert s.mean_himmelman == pytest.approx(1.5)


def test_round_summary_counts_extra_respondents_in_density(three) -> None:
    s = rt.round_summary(three, "r1", nodes=["D"])
    assert s.density == pytest.approx(4 / 12)
    empty = rt.round_summary(three.iloc[0:0], "r0")
    assert empty.pairs == 0 and math.isnan(empty.reciprocity) and math.isnan(empty.mean_trust)


def test_actor_scores_received_and_given(three) -> None:
    a = rt.actor_scores(three).set_index("actor_id")
    assert a.loc["A", "received"] == 1 and a.loc["A", "trust_received"] == pytest.approx(3.0)
    assert a.loc["A", "given"] == 2
    assert a.loc["A", "trust_given"] == pytest.approx(3.0)  # the incomplete A->C rating has no trust
    assert a.loc["A", "value_given"] == pytest.approx(1.5)
    assert a.loc["B", "received"] == 2 and a.loc["B", "trust_received"] == pytest.approx(2.5)
    assert a.loc["B", "value_received"] == pytest.approx(2.0)
    assert math.isnan(a.loc["C", "trust_received"]) and a.loc["C", "value_received"] == pytest.approx(1.0)
    assert a.loc["B", "trust_received_pct"] == pytest.approx(62.5)


def test_organisation_matrix(three) -> None:
    M = rt.organisation_matrix(three, "trust")
    assert list(M.index) == ["A", "B", "C"] and list(M.columns) == ["A", "B", "C"]
    assert M.loc["A", "B"] == 3.0 and M.loc["B", "A"] == 3.0 and M.loc["C", "B"] == 2.0
    assert math.isnan(M.loc["A", "C"])  # incomplete
    assert all(math.isnan(M.loc[x, x]) for x in "ABC")
    V = rt.organisation_matrix(three, "value", order=["C", "B", "A", "D"])
    assert list(V.index) == ["C", "B", "A", "D"] and V.loc["B", "A"] == pytest.approx(3.0)
    with pytest.raises(ValueError):
        rt.organisation_matrix(three, "macht")


def test_himmelman_distribution(three) -> None:
    two_rounds = pd.concat([three, pd.DataFrame([_r("A", "B", (4, 4, 4), (4, 4, 4), 4, round_id="r2"),
                                                 _r("B", "A", (4, 4, 4), (4, 4, 4), None, round_id="r2")])])
    h = rt.himmelman_distribution(two_rounds)
    r1 = h[h["round_id"] == "r1"]
    assert r1["count"].tolist() == [1, 1, 1, 1, 0]
    assert r1["share"].tolist() == [0.25, 0.25, 0.25, 0.25, 0.0]
    assert r1["label"].tolist()[0] == "geen"
    r2 = h[h["round_id"] == "r2"]
    assert r2["count"].tolist() == [0, 0, 0, 0, 1] and r2["share"].tolist()[-1] == 1.0  # a rating without level left out


def test_to_organisations_counts_persons_through_their_organisation() -> None:
    ratings = pd.DataFrame([
        _r("p1", "B", (4, 4, 4), (2, 2, 2), 3, rater_type="person"),
        _r("p2", "B", (2, 2, 2), (2, 2, 2), 1, rater_type="person"),
        _r("p3", "A", (1, 1, 1), (1, 1, 1), 1, rater_type="person"),  # p3 has no organisation
        _r("p1", "p2", (3, 3, 3), (3, 3, 3), 2, rater_type="person", rated_type="person"),  # within A
        _r("p1", "p4", (3, 3, 3), (3, 3, 3), 2, rater_type="person", rated_type="person"),  # A -> B
    ])
    org = rt.to_organisations(ratings, {"p1": "A", "p2": "A", "p3": None, "p4": "B"})
    assert list(zip(org["rater_id"], org["rated_id"], strict=True)) == [("A", "B"), ("A", "B"), ("A", "B")]
    assert set(org["rater_type"]) == {"organisation"} and set(org["rated_type"]) == {"organisation"}
    pairs = rt.pair_scores(org)
    assert len(pairs) == 1
    row = pairs.iloc[0]
    assert row["ratings"] == 3 and row["trust"] == pytest.approx((4 + 2 + 3) / 3)
    assert row["himmelman_level"] == pytest.approx(2.0)


def test_rating_digraph_carries_pair_means(three) -> None:
    D = rt.rating_digraph(three)
    assert sorted(D.edges) == [("A", "B"), ("A", "C"), ("B", "A"), ("C", "B")]
    assert D.edges["A", "B"]["trust"] == 3.0 and D.edges["A", "C"]["trust"] is None
    assert D.nodes["A"]["type"] == "organisation"
