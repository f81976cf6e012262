"""Roles are enforced in the services: every service is called as each role and everything
it returns is scanned for names.

- a bestuurder never receives a person's display name or pseudonym (residents and
  professionals alike), only aggregates by organisation and sector;
- a professional never receives a resident's real name, even with consent;
- a coordinator receives a consenting resident's name (which proves the scan finds names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest

from dashboard import map_view
from netwerk.access import SYSTEM, PermissionDenied, Viewer, redact_snapshot, round_count, suppress_small
from netwerk.analysis import SUMMARY_KEYS
from netwerk.domain import AMSTERDAM, Activity, Participation, Person, SnapshotFilter
from netwerk.services import audit, network, privacy, users
from tests.dashboard.small_network import HOSTILE_NAME, small_network

COORD = Viewer(user_id="coord", role="coordinator")
PRO = Viewer(user_id="pro", role="professional", person_id="p-anna")
BESTUURDER = Viewer(user_id="best", role="bestuurder", person_id="p-bert")
CONSENTED = "Riet Hofman"


def strings(obj) -> Iterator[str]:  # noqa: C901
    """Every piece of text inside a service result (DataFrames, dataclasses, dicts, figures)."""
    if obj is None or isinstance(obj, bool | int | float | dt.date):
        return
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, bytes):
        yield obj.decode("utf-8", "replace")
    elif isinstance(obj, pd.DataFrame):
        yield from (str(c) for c in obj.columns)
        yield from (str(i) for i in obj.index)
        for col in obj.columns:
            for v in obj[col]:
                yield from strings(v)
    elif isinstance(obj, pd.Series):
        for v in obj:
            yield from strings(v)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from strings(v)
    elif hasattr(obj, "to_json"):  # a plotly figure
        yield obj.to_json()
    else:
        yield str(obj)


def names_in(result, names: set[str]) -> set[str]:
    text = "\n".join(strings(result))
    return {n for n in names if n in text}


@pytest.fixture
def filled(store):
    cs = small_network()
    cs.persons.append(Person(person_id="r-9", kind="resident", pseudonym="Bewoner 9", display_name=CONSENTED,
                             consent_named=True, consent_date=dt.date(2025, 2, 1), consent_scope="naam zichtbaar"))
    cs.activities.append(Activity(activity_id="a-x", kind="straatgesprek", date=dt.datetime(2025, 2, 3, 15, tzinfo=AMSTERDAM)))
    cs.participations += [Participation(activity_id="a-x", person_id="r-9"), Participation(activity_id="a-x", person_id="p-anna")]
    store.apply(cs)
    return store


def _people(store) -> tuple[set[str], set[str], set[str]]:
    p = store.table("persons")
    display = {str(v) for v in p["display_name"] if v}
    pseudo = {str(v) for v in p["pseudonym"] if v}
    resident_names = {str(v) for v, k in zip(p["display_name"], p["kind"], strict=True) if v and k == "resident"}
    return display, pseudo, resident_names


def _network_calls(store):
    flt = SnapshotFilter()
    return {
        "filter_options": lambda v: network.filter_options(v, store),
        "overview": lambda v: network.overview(v, store, flt, "quarter"),
        "network_map_data": lambda v: map_view.network_map_data(v, store, flt, "organisation", "degree"),
        "network_map_data_kind": lambda v: map_view.network_map_data(v, store, flt, "kind", "betweenness"),
        "growth_table": lambda v: network.growth_table(v, store, flt, "month"),
        "actor_table": lambda v: network.actor_table(v, store, flt),
        "analyse_report": lambda v: network.analyse_report(v, store, flt),
        "participant_counts": lambda v: network.participant_counts(v, store, flt, "quarter"),
    }


PERSON_LEVEL = {"network_map_data", "network_map_data_kind", "actor_table"}


def test_bestuurder_never_receives_a_persons_name(filled):
    display, pseudo, _ = _people(filled)
    assert HOSTILE_NAME in display and "Bewoner 1" in pseudo
    for name, call in _network_calls(filled).items():
        if name in PERSON_LEVEL:
            with pytest.raises(PermissionDenied):
                call(BESTUURDER)
            continue
        result = call(BESTUURDER)
        assert names_in(result, display | pseudo) == set(), name
    report = network.analyse_report(BESTUURDER, filled)
    assert "top_brokers" not in report and report["persons"] == len(filled.table("persons")) == 13


def test_professional_never_receives_a_residents_real_name(filled):
    _, _, resident_names = _people(filled)
    assert resident_names == {CONSENTED}
    for name, call in _network_calls(filled).items():
        assert names_in(call(PRO), resident_names) == set(), name
    # ...but does see colleagues by name and residents by pseudonym.
    actors = network.actor_table(PRO, filled).set_index("person_id")
    assert actors.loc["p-anna", "name"] == "Anna de Vries"
    assert actors.loc["r-9", "name"] == "Bewoner 9"
    nodes = map_view.network_map_data(PRO, filled).nodes.set_index("id")
    assert nodes.loc["r-9", "label"] == "Bewoner 9" and CONSENTED not in nodes.loc["r-9", "title"]


def test_coordinator_sees_a_consenting_residents_name(filled):
    # The same scan finds the name when the role may see it: the tests above can fail.
    assert names_in(network.actor_table(COORD, filled), {CONSENTED}) == {CONSENTED}
    assert names_in(map_view.network_map_data(COORD, filled), {CONSENTED}) == {CONSENTED}
    assert network.actor_table(COORD, filled).set_index("person_id").loc["r-1", "name"] == "Bewoner 1"


def as_bestuurder(figures: dict) -> dict:
    """The coordinator's summary figures as a bestuurder sees them (CBS rounding, issue 14):
    counts of 1-4 "<5", other counts rounded to a multiple of 5; a ratio "afgeschermd" when a
    count it derives from is "<5", else density and average degree from the rounded counts
    and clustering to one decimal."""
    out = {k: round_count(int(v)) if k in network.COUNT_KEYS else v for k, v in figures.items()}
    n, m = out["persons"], out["ties"]
    if n == 0:  # an empty period: nothing to round
        return out
    if "<5" in (n, m):
        return {**out, "density": "afgeschermd", "average_degree": "afgeschermd", "clustering": "afgeschermd"}
    return {**out, "density": min(1.0, 2 * m / (n * (n - 1))), "average_degree": 2 * m / n,
            "clustering": round(out["clustering"], 1)}


def test_aggregates_are_the_same_for_every_role_except_small_counts(filled):
    # Redaction changes names, never numbers; a bestuurder sees the same figures rounded (CBS practice).
    ov = {v.role: network.overview(v, filled) for v in (COORD, PRO, BESTUURDER)}
    assert ov["coordinator"].current == ov["professional"].current
    expected = as_bestuurder(ov["coordinator"].current)
    assert ov["bestuurder"].current == expected
    assert any(v == "<5" for v in expected.values())  # the tiny network has small counts, so this is tested
    g = {v.role: network.growth_table(v, filled) for v in (COORD, PRO, BESTUURDER)}
    assert g["coordinator"].equals(g["professional"])
    want = [as_bestuurder(row) for row in g["coordinator"][list(SUMMARY_KEYS)].to_dict("records")]
    for key in g["coordinator"].columns:
        if key in SUMMARY_KEYS:
            assert list(g["bestuurder"][key]) == [w[key] for w in want], key
        else:
            assert list(g["bestuurder"][key]) == list(g["coordinator"][key]), key
    report = network.analyse_report(BESTUURDER, filled)
    full = network.analyse_report(COORD, filled)
    assert {k: v for k, v in full.items() if k != "top_brokers"} == report


@pytest.mark.parametrize("viewer", [PRO, BESTUURDER], ids=["professional", "bestuurder"])
def test_administration_services_refuse_other_roles(filled, viewer):
    for call in (
        lambda: users.add_user(viewer, filled, "x", "coordinator", "wachtwoord-123"),
        lambda: users.list_users(viewer, filled),
        lambda: users.ensure_demo_accounts(viewer, filled),
        lambda: audit.audit_log(viewer, filled),
        lambda: privacy.export_person(viewer, filled, "r-9"),
        lambda: privacy.erase_person(viewer, filled, "r-9"),
        lambda: privacy.withdraw_consent(viewer, filled, "r-9"),
        lambda: privacy.retention_plan(viewer, filled),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert filled.users().empty and "r-9" in filled.existing_ids("persons")


def test_redact_snapshot_for_each_role(filled):
    snap = filled.snapshot()
    assert redact_snapshot(COORD, snap) is snap
    pro = redact_snapshot(PRO, snap).persons.set_index("person_id")
    assert pro.loc["r-9", "display_name"] is None and pro.loc["r-9", "label"] == "Bewoner 9"
    assert pro.loc["p-anna", "display_name"] == "Anna de Vries"
    best = redact_snapshot(BESTUURDER, snap).persons
    assert set(best["label"]) == {"persoon"}
    assert best["display_name"].isna().all() and best["pseudonym"].isna().all()
    assert snap.persons.set_index("person_id").loc["r-9", "display_name"] == CONSENTED  # input untouched


def test_small_counts_are_suppressed_for_bestuurders():
    assert [suppress_small(BESTUURDER, n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 10]
    assert suppress_small(COORD, 3) == 3


HOSTILE_FILTER_VALUES = ("' OR '1'='1", "x'); DROP TABLE person; --", "MATCH (n) DETACH DELETE n //", "%", "*")


def test_filter_values_are_data_never_query_text(filled):
    counts = filled.counts()
    flt = SnapshotFilter(organisations=HOSTILE_FILTER_VALUES, themes=HOSTILE_FILTER_VALUES, buurten=HOSTILE_FILTER_VALUES)
    snap = filled.snapshot(flt)
    assert snap.persons.empty and snap.activities.empty
    assert network.actor_table(SYSTEM, filled, SnapshotFilter(themes=HOSTILE_FILTER_VALUES)).empty
    assert filled.counts() == counts  # nothing was dropped or deleted
    assert filled.get_user("' OR '1'='1") is None
    assert filled.audit_events(limit=1).empty
