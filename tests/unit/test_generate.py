"""netwerk.services.generate: a synthetic network at scale (determinism, structure, validity, writing
into SQLite, and the ``netwerk generate`` command). The chunked write into Neo4j:
tests/contract/test_generate_neo4j.py."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from typer.testing import CliRunner

import graph_schema as gs
from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.bootstrap import open_store
from netwerk.cli import app
from netwerk.domain import ChangeSet, InputError
from netwerk.ingest.parse import parse_datetime
from netwerk.services.generate import generate, generate_changeset, split_in_chunks
from netwerk.store.base import CHANGESET_SCHEMA, key_columns

PERSONS, ACTIVITIES = 300, 600


@pytest.fixture(scope="module")
def cs() -> ChangeSet:
    return generate_changeset(PERSONS, ACTIVITIES, seed=5)


def _dump(cs: ChangeSet) -> dict[str, list[dict]]:
    return {f: [m.model_dump() for m in getattr(cs, f)] for f in CHANGESET_SCHEMA}


def test_same_seed_same_network_other_seed_another(cs):
    assert _dump(generate_changeset(PERSONS, ACTIVITIES, seed=5)) == _dump(cs)
    other = generate_changeset(PERSONS, ACTIVITIES, seed=6)
    assert [p.model_dump() for p in other.participations] != [p.model_dump() for p in cs.participations]


def test_sizes_and_every_kind_present(cs):
    c = cs.counts()
    assert c["persons"] == PERSONS and c["activities"] == ACTIVITIES
    kinds = Counter(p.kind for p in cs.persons)
    assert set(kinds) == set(gs.PERSON_KINDS)
    assert kinds["professional"] == 30 and kinds["bestuurder"] == 3 and kinds["volunteer"] == 15  # 10%, 1%, 5%
    assert {a.kind for a in cs.activities} == set(gs.ACTIVITY_KINDS)
    assert {o.sector for o in cs.organisations} == set(gs.SECTORS)
    # 30 professionals in one wijk make one or two teams of 10-25: a kernteam, perhaps a werkgroep.
    assert {"bewonersgroep", "kernteam", "overleg"} <= {g.kind for g in cs.groups} <= set(gs.GROUP_KINDS)
    assert {r.round_id for r in cs.ratings} == {r.round_id for r in cs.survey_rounds} and len(cs.survey_rounds) == 2
    assert {a.level for a in cs.areas} == {"gemeente", "wijk", "buurt"} and all(a.name_uncertain for a in cs.areas)
    # 300 persons: about 250 per buurt -> one wijk of one gemeente; codes follow CBS's pattern, above CBS's own.
    assert sorted(a.code for a in cs.areas if a.level != "buurt") == ["GM9001", "WK900101"]


def test_references_are_complete(cs):
    ids = {f: {getattr(m, CHANGESET_SCHEMA[f].key) for m in getattr(cs, f)} for f in
           ("organisations", "persons", "groups", "activities", "themes", "survey_rounds")}
    assert all(p.person_id in ids["persons"] and p.activity_id in ids["activities"] for p in cs.participations)
    assert all(m.person_id in ids["persons"] and m.group_id in ids["groups"] for m in cs.memberships)
    assert all(w.person_id in ids["persons"] and w.org_id in ids["organisations"] for w in cs.works_for)
    assert all(t.theme in ids["themes"] for t in cs.activity_themes)
    assert all(k.from_id in ids["persons"] and k.to_id in ids["persons"] and k.from_id != k.to_id for k in cs.knows)
    assert all(r.rater_id in ids["organisations"] and r.rated_id in ids["organisations"] and r.rater_id != r.rated_id
               for r in cs.ratings)
    buurten = {a.code for a in cs.areas if a.level == "buurt"}
    assert {p.buurt_code for p in cs.persons if p.kind == "resident"} <= buurten
    for f in CHANGESET_SCHEMA:  # no duplicate keys: an upsert would silently merge them
        keys = [tuple(getattr(m, c) for c in key_columns(f)) for m in getattr(cs, f)]
        assert len(keys) == len(set(keys)), f


def test_residents_are_pseudonyms_professionals_have_dutch_names(cs):
    residents = [p for p in cs.persons if p.kind in ("resident", "volunteer")]
    assert all(p.display_name is None and p.email is None and not p.consent_named for p in residents)
    assert all(p.pseudonym.startswith(("Bewoner ", "Vrijwilliger ")) for p in residents)
    pros = [p for p in cs.persons if p.kind == "professional"]
    assert all(p.display_name and p.role_title and p.email.endswith(".example") for p in pros)
    assert any(f" {particle} " in p.display_name for p in pros for particle in ("van", "van der", "de", "ter", "van den"))


def test_activity_sizes_and_dates(cs):
    size = Counter(p.activity_id for p in cs.participations)
    kind = {a.activity_id: a.kind for a in cs.activities}
    street = [size[a] for a, k in kind.items() if k == "straatgesprek"]
    assert street and min(street) >= 2 and max(street) <= 4
    meetings = [size[a] for a, k in kind.items() if k in ("bewonersbijeenkomst", "professionalsoverleg", "evaluatie")]
    assert min(meetings) >= 5 and max(meetings) <= 25
    # Ties repeat: meetings draw on recurring groups, so distinct pairs are far fewer than co-participations.
    people: dict[str, list[str]] = {}
    for p in cs.participations:
        people.setdefault(p.activity_id, []).append(p.person_id)
    pairs = [tuple(sorted((u, v))) for ps in people.values() for i, u in enumerate(ps) for v in ps[i + 1:]]
    assert len(set(pairs)) < 0.3 * len(pairs)
    for a in cs.activities:
        assert a.date.tzinfo is not None and a.date.weekday() < 5 and 2022 <= a.date.year <= 2025
        # Exactly what the importer makes of the same wall-clock text.
        assert a.date == parse_datetime(a.date.strftime("%Y-%m-%dT%H:%M"))
    organisers = Counter(p.activity_id for p in cs.participations if p.role == "organiser")
    assert set(organisers.values()) == {1}


def test_chunks_keep_every_row_in_order_nodes_first(cs):
    chunks = split_in_chunks(cs, 1000)
    assert all(sum(c.counts().values()) <= 1000 for c in chunks)
    assert len(chunks) == math.ceil(sum(cs.counts().values()) / 1000)
    for f in CHANGESET_SCHEMA:
        assert [m for c in chunks for m in getattr(c, f)] == getattr(cs, f)
    # No chunk holds a relationship row before every node row has been written.
    last_node_chunk = max(i for i, c in enumerate(chunks) for f in CHANGESET_SCHEMA
                          if isinstance(CHANGESET_SCHEMA[f], gs.NodeType) and getattr(c, f))
    first_rel_chunk = min(i for i, c in enumerate(chunks) for f in CHANGESET_SCHEMA
                          if isinstance(CHANGESET_SCHEMA[f], gs.RelationshipType) and getattr(c, f))
    assert first_rel_chunk >= last_node_chunk


def test_generate_into_sqlite_round_trip(store, cs):
    seen = []
    report = generate(SYSTEM, store, PERSONS, ACTIVITIES, seed=5, progress=lambda d, t: seen.append((d, t)))
    total = sum(cs.counts().values())
    assert report.transactions == 1 and seen == [(0, total), (total, total)]
    assert store.counts() == cs.counts() == report.counts
    persons = store.table("persons").set_index("person_id")
    assert persons.loc[cs.persons[0].person_id, "display_name"] == cs.persons[0].display_name
    assert "300 personen" in report.summary()
    with pytest.raises(InputError, match="niet leeg"):
        generate(SYSTEM, store, PERSONS, ACTIVITIES, seed=5)
    version = store.data_version()
    generate(SYSTEM, store, PERSONS, ACTIVITIES, seed=5, add_to_existing=True)  # idempotent: nothing changes
    assert store.data_version() == version


def test_generate_requires_a_coordinator_and_sane_sizes(store):
    for role in ("professional", "bestuurder"):
        with pytest.raises(PermissionDenied):
            generate(Viewer("x", role), store, PERSONS, ACTIVITIES)
    with pytest.raises(InputError, match="Minstens 30 personen"):
        generate_changeset(10, 10)
    assert store.counts()["persons"] == 0


def test_cli_generate(store_url):
    runner = CliRunner()
    result = runner.invoke(app, ["--store", store_url, "generate", "--persons", "60", "--activities", "80", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "Gegenereerd: 60 personen" in result.output and "80 activiteiten" in result.output
    again = runner.invoke(app, ["--store", store_url, "generate", "--persons", "60"])
    assert again.exit_code == 2 and "niet leeg" in again.output
    s = open_store(store_url)
    try:
        assert s.counts()["persons"] == 60 and s.counts()["activities"] == 80
    finally:
        s.close()


def test_generated_network_passes_the_importer(tmp_path, store):
    """Written as ordinary import files, the generated network passes the importer's own
    validation (types, vocabularies, references, privacy rules) and arrives complete."""
    from bench.ingest import write_import_files
    from netwerk.services.importing import import_files

    cs = generate_changeset(120, 240, seed=4)
    report = import_files(store, write_import_files(cs, tmp_path / "csv"))
    assert report.changed
    counts = store.counts()
    for f in ("organisations", "persons", "groups", "activities", "areas", "survey_rounds", "commitments", "works_for",
              "memberships", "participations", "activity_themes", "knows", "ratings"):
        assert counts[f] == len(getattr(cs, f)), f
    assert sorted(store.table("participations")["person_id"]) == sorted(p.person_id for p in cs.participations)
