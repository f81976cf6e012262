"""The schema is data: the domain models, the SQLite DDL and the store agree with it."""

from __future__ import annotations

import sqlite3

import pytest

import graph_schema as gs
from graph_schema.migrations import MIGRATIONS
from netwerk import domain
from netwerk.store.base import CHANGESET_SCHEMA

MODELS = domain.MODELS


@pytest.mark.parametrize("field", sorted(MODELS))
def test_model_fields_are_schema_properties(field):
    defn = CHANGESET_SCHEMA[field]
    props = {p.name for p in defn.props}
    if isinstance(defn, gs.RelationshipType):
        props |= {defn.start_col, defn.end_col}
    assert set(MODELS[field].model_fields) == props


def test_every_changeset_field_has_a_schema_entry():
    assert set(domain.ChangeSet.__dataclass_fields__) == set(CHANGESET_SCHEMA)


def test_ddl_creates_one_table_per_node_and_relationship():
    conn = sqlite3.connect(":memory:")
    for m in MIGRATIONS:
        for stmt in m.sqlite:
            conn.execute(stmt)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    expected = {n.table for n in gs.NODES.values()} | {r.table for r in gs.RELATIONSHIPS.values()} | {"meta"}
    assert tables == expected | {"app_user", "audit_log"}  # accounts and audit log (migration 2), not network data
    cols = [r[1] for r in conn.execute("PRAGMA table_info(activity)")]
    assert cols[:4] == ["activity_id", "kind", "date", "date_utc"]
    assert cols[-2:] == ["created_at", "updated_at"]


def test_migration_versions_increase():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_resident_name_requires_consent():
    with pytest.raises(ValueError, match="toestemming"):
        domain.Person(person_id="r1", kind="resident", display_name="Jan Modaal")
    p = domain.Person(person_id="r1", kind="resident", display_name="Jan Modaal", consent_named=True,
                      consent_date="2025-03-01")
    assert domain.person_label(p.person_id, p.kind, p.display_name, p.pseudonym, p.consent_named) == "Jan Modaal"
    assert domain.person_label("r2", "resident", None, None, False) == "Bewoner r2"


def test_vocabulary_values_are_checked_in_dutch():
    with pytest.raises(ValueError, match="onbekende sector 'bakkerij'"):
        domain.Organisation(org_id="o", name="X", sector="bakkerij")
    assert domain.Organisation(org_id="o", name="X", sector=" Zorg ").sector == "zorg"


def test_added_properties_get_their_column_from_their_migration():
    # Prop(since=N) yields migration N's ALTER TABLE; each column is added exactly once.
    from graph_schema.sqlite_ddl import columns

    conn = sqlite3.connect(":memory:")
    for m in MIGRATIONS:
        for stmt in m.sqlite:
            conn.execute(stmt)
    for defn in (*gs.NODES.values(), *gs.RELATIONSHIPS.values()):
        got = [r[1] for r in conn.execute(f"PRAGMA table_info({defn.table})")]
        assert sorted(got) == sorted([*columns(gs.table_props(defn)), "created_at", "updated_at"]), defn.table
    alters = [s for m in MIGRATIONS for s in m.sqlite if s.startswith("ALTER TABLE person")]
    assert alters[:3] == ["ALTER TABLE person ADD COLUMN email TEXT", "ALTER TABLE person ADD COLUMN phone TEXT",
                          "ALTER TABLE person ADD COLUMN attributes TEXT"]


def test_migration_one_seeds_the_theme_vocabulary():
    (label, rows), = MIGRATIONS[0].seeds
    assert label == gs.Label.THEME and {r["name"]: r["category"] for r in rows} == gs.THEMES


def test_generated_entities_are_up_to_date():
    # netwerk/entities.py is written from graph_schema; when this fails, run `make schema`.
    from graph_schema import codegen

    assert codegen.ENTITIES.read_text(encoding="utf-8") == codegen.generate(), (
        "netwerk/entities.py is stale: run `make schema` (python -m graph_schema.codegen)")


def test_one_model_map():
    # ChangeSet fields, the store port's tables and the model map are the registry's types, in one order.
    assert list(domain.MODELS) == list(gs.SCHEMA) == list(domain.ChangeSet.__dataclass_fields__) == list(CHANGESET_SCHEMA)
    assert all(domain.MODELS[f].__name__ == d.model for f, d in gs.SCHEMA.items())


def test_import_kinds_are_derived_from_the_registry():
    # Each type with an import kind is one file kind; its columns are the importable
    # properties plus the import-only columns other types declare for it.
    from netwerk.ingest.kinds import FILE_KINDS

    assert set(FILE_KINDS) == {f for f, d in gs.SCHEMA.items() if d.import_kind}
    for fname, kind in FILE_KINDS.items():
        d = gs.SCHEMA[fname]
        assert kind.dutch == d.import_kind.dutch
        declared = {p.name for p in gs.table_props(d) if p.imp} | {
            i.column for other in gs.SCHEMA.values() for i in other.imports if i.file == fname}
        assert declared <= {c.name for c in kind.columns}, fname
    persons = [c.name for c in FILE_KINDS["persons"].columns]
    assert persons.index("org_id") == persons.index("role_title") + 1  # WORKS_FOR's import-only column


def test_vocabularies_and_bounds_come_from_the_registry():
    with pytest.raises(ValueError, match="onbekende zichtbaarheid 'geheim'"):
        domain.Asset(asset_id="a", category="place", name="Tuin", visibility="geheim")
    with pytest.raises(ValueError, match="less than or equal to 4"):
        domain.Rating(round_id="r", rater_id="a", rater_type="person", rated_id="b", rated_type="person", power=5)
    assert domain.Participation(activity_id="a", person_id="p").role == "participant"
    assert domain.Knows(from_id="a", to_id="b").source == "gemeld"


def test_a_prop_refuses_min_and_max_on_a_type_they_cannot_bound():
    # Found by following the "add a property" recipe: max=80 on a text Prop passed `make schema`
    # and mypy, then every import crashed in pydantic ("Unable to apply constraint 'le'").
    with pytest.raises(ValueError, match="min/max only for an int or real property"):
        gs.Prop("name", "text", max=80)
    with pytest.raises(ValueError, match="unknown type 'string'"):
        gs.Prop("name", "string")
    assert gs.Prop("hours", "real", min=0).min == 0


def test_a_property_added_to_a_kind_with_a_column_order_follows_the_ordered_columns():
    # Found by following the recipe: a new Prop on commitments (whose import kind has an ``order``)
    # made every later template or import die with "order must name every import column".
    from dataclasses import replace

    from netwerk.ingest.kinds import FILE_KINDS, kind_columns

    commitments = gs.SCHEMA["commitments"]
    until = gs.Prop("until", "date", imp=gs.imp("Einddatum van de toezegging.", "tot", example="31-12-2026"))
    grown = replace(commitments, props=(*commitments.props, until))
    names = [c.name for c in kind_columns(grown)]
    assert names == [*commitments.import_kind.order, "until"]
    assert names[:-1] == [c.name for c in FILE_KINDS["commitments"].columns]
    wrong = replace(commitments, import_kind=replace(commitments.import_kind, order=("org_id", "einde")))
    with pytest.raises(ValueError, match=r"names no import column \['einde'\]"):
        kind_columns(wrong)
