"""Two organisations with the same name (the schema allows it): the trust services label
them "Naam (org_id)", so matrices, tables and the bestuurders' report never get duplicate
labels (a 10,000-person generated store failed with "duplicate labels" before)."""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from netwerk import report as renderers
from netwerk.access import Viewer
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ChangeSet,
    Commitment,
    Organisation,
    Participation,
    Person,
    Rating,
    SurveyRound,
    WorksFor,
)
from netwerk.services import report, trust

COORD = Viewer("c", "coordinator")
BEST = Viewer("b", "bestuurder")


def _rating(round_id: str, rater: str, rated: str, t: int, v: int, level: int) -> Rating:
    return Rating(round_id=round_id, rater_id=rater, rater_type="organisation", rated_id=rated, rated_type="organisation",
                  reliability=t, mission=t, openness=t, power=v, involvement=v, resources=v, himmelman_level=level)


def twins_changeset() -> ChangeSet:
    """Organisations W1 and W2 both named "Welzijn", and G "Gemeente"; two rounds, two activities, two commitments."""
    when = lambda m, d: dt.datetime(2025, m, d, 10, 0, tzinfo=AMSTERDAM)  # noqa: E731
    return ChangeSet(
        organisations=[Organisation(org_id="W1", name="Welzijn", sector="welzijn"),
                       Organisation(org_id="W2", name="Welzijn", sector="zorg"),
                       Organisation(org_id="G", name="Gemeente", sector="gemeente")],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries"),
                 Person(person_id="p2", kind="professional", display_name="Bram Bos"),
                 Person(person_id="p3", kind="professional", display_name="Cees Kok")],
        works_for=[WorksFor(person_id="p1", org_id="W1"), WorksFor(person_id="p2", org_id="W2"),
                   WorksFor(person_id="p3", org_id="G")],
        survey_rounds=[SurveyRound(round_id="r1", name="Nulmeting", date=dt.date(2025, 2, 1)),
                       SurveyRound(round_id="r2", name="Jaarevaluatie", date=dt.date(2025, 12, 1))],
        ratings=[_rating("r1", "W1", "W2", 4, 2, 2), _rating("r1", "W2", "W1", 2, 3, 1), _rating("r1", "G", "W1", 3, 3, 3),
                 _rating("r2", "W1", "W2", 3, 3, 3), _rating("r2", "W2", "W1", 4, 4, 4), _rating("r2", "G", "W1", 3, 3, 3)],
        activities=[Activity(activity_id="a1", kind="professionalsoverleg", date=when(1, 15)),
                    Activity(activity_id="a2", kind="professionalsoverleg", date=when(10, 10))],
        participations=[Participation(activity_id="a1", person_id=p) for p in ("p1", "p2")]
        + [Participation(activity_id="a2", person_id=p) for p in ("p1", "p2", "p3")],
        commitments=[Commitment(commitment_id="t1", org_id="W1", hours_per_month=8, date=dt.date(2025, 2, 1)),
                     Commitment(commitment_id="t2", org_id="W2", hours_per_month=3, date=dt.date(2025, 2, 1))],
    )


@pytest.fixture
def twins(store):
    store.apply(twins_changeset())
    return store


def test_organisation_labels_are_unique() -> None:
    orgs = pd.DataFrame({"org_id": ["a", "b", "c", "d"], "name": ["Welzijn", "Welzijn", "Zorg", None]})
    assert trust._org_labels(orgs) == {"a": "Welzijn (a)", "b": "Welzijn (b)", "c": "Zorg", "d": "d"}
    # A disambiguated label that is itself another organisation's name still ends up unique.
    orgs = pd.DataFrame({"org_id": ["a", "b", "c"], "name": ["X", "X", "X (a)"]})
    labels = trust._org_labels(orgs)
    assert len(set(labels.values())) == 3 and labels["b"] == "X (b)"


def test_round_view_matrix_keeps_both_organisations(twins) -> None:
    rv = trust.round_view(COORD, twins, "r1")
    assert list(rv.trust_matrix.index) == ["Gemeente", "Welzijn (W1)", "Welzijn (W2)"]
    assert list(rv.trust_matrix.columns) == list(rv.trust_matrix.index)
    assert rv.trust_matrix.loc["Welzijn (W1)", "Welzijn (W2)"] == 4.0
    assert rv.trust_matrix.loc["Welzijn (W2)", "Welzijn (W1)"] == 2.0
    assert rv.value_matrix.loc["Gemeente", "Welzijn (W1)"] == 3.0
    assert math.isnan(rv.trust_matrix.loc["Welzijn (W1)", "Gemeente"])
    actors = rv.actors.set_index("name")
    assert actors.loc["Welzijn (W1)", "received"] == 2 and actors.loc["Welzijn (W1)", "trust_received"] == pytest.approx(2.5)
    assert actors.loc["Welzijn (W2)", "sector"] == "zorg"


def test_compare_rounds_and_commitments_by_organisation(twins) -> None:
    d = trust.compare_rounds(BEST, twins)
    pairs = d.pairs.set_index(["rater", "rated"])
    assert pairs.loc[("Welzijn (W1)", "Welzijn (W2)"), "trust_change"] == pytest.approx(-1.0)  # 4 -> 3
    assert pairs.loc[("Welzijn (W2)", "Welzijn (W1)"), "trust_change"] == pytest.approx(2.0)  # 2 -> 4
    t = trust.commitments_vs_participation(COORD, twins).set_index(["org_id", "period"])
    assert t.loc[("W1", "2025-K1"), "organisation"] == "Welzijn (W1)"
    assert (t.loc[("W1", "2025-K1"), "committed_hours_per_month"], t.loc[("W2", "2025-K1"), "committed_hours_per_month"]) \
        == (8.0, 3.0)
    nodes = dict(trust.organisation_network_by_period(COORD, twins)[0][1][["org_id", "organisation"]].itertuples(index=False))
    assert nodes == {"G": "Gemeente", "W1": "Welzijn (W1)", "W2": "Welzijn (W2)"}


def test_report_with_two_organisations_of_one_name(twins) -> None:
    rep = report.build_report(BEST, twins)
    reader = PdfReader(io.BytesIO(renderers.report_pdf(rep)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    # The change matrix (after - before): W1 -> W2 4 -> 3, W2 -> W1 2 -> 4, G -> W1 3 -> 3.
    assert "1. Gemeente 0,0 2. Welzijn (W1) -1,0 3. Welzijn (W2) +2,0" in text
    assert "Welzijn (W1) (Welzijn) 8 <5" in text and "Welzijn (W2) (Zorg) 3 <5" in text  # commitments, one row each
    wb = load_workbook(io.BytesIO(renderers.report_xlsx(rep)))
    assert any(r[1] == "Welzijn (W2)" for ws in wb.worksheets for r in ws.iter_rows(values_only=True) if len(r) > 1)
