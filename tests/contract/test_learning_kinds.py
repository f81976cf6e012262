"""Decisions, lessons and plans (migration 9) flow through the registry: templates, an import
into both stores with its reference checks, the full-workbook export and import, a copy
between stores, erasure of a lesson's author, and the migration of a version-7 database."""

from __future__ import annotations

import sqlite3

import pytest

from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import ImportValidationError
from netwerk.ingest.templates import write_template
from netwerk.services.copying import copy_store
from netwerk.services.exchange import apply_import, export_network, prepare_import
from netwerk.services.importing import import_files

COORD = Viewer(user_id="coordinator", role="coordinator")

FILES = {
    "personen.csv": "person_id;kind;display_name\nP1;professional;Pim Zwaluw\n",
    "groepen.csv": "group_id;naam;soort\nG1;Bewonersgroep Oost;bewonersgroep\n",
    "activiteiten.csv": "activity_id;kind;date;title\nA1;bewonersbijeenkomst;10-03-2025 19:30;Buurtavond\n",
    "besluiten.csv": "besluit_id;activiteit_id;voorstel;voor;tegen;onthouding;minderheid\n"
                     "BS1;A1;Elke maand een buurtmaaltijd;9;2;1;Een proefperiode van drie maanden\n",
    "lessen.csv": "les_id;activiteit_id;tekst;themas;auteur\nL1;A1;Buren nodigen buren uit;groen|ontmoeting;P1\n",
    "plannen.csv": "plan_id;titel;groep;themas;buurt;status;start;eind\n"
                   "PL1;Moestuin achter de flat;G1;groen;BU01770100;gestart;01-04-2025;\n"
                   "PL2;Speeltuin;;spelen;;;;\n",
}


def _write(tmp_path, files=FILES):
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def _check(store):
    d = store.table("decisions").set_index("decision_id").loc["BS1"]
    assert (d["activity_id"], d["proposal"], d["votes_for"], d["votes_against"], d["votes_abstain"], d["minority_needs"]) == (
        "A1", "Elke maand een buurtmaaltijd", 9, 2, 1, "Een proefperiode van drie maanden")
    les = store.table("lessons").set_index("lesson_id").loc["L1"]
    assert (les["text"], tuple(les["themes"]), les["author_id"]) == ("Buren nodigen buren uit", ("groen", "ontmoeting"), "P1")
    plans = store.table("plans").set_index("plan_id")
    assert (plans.loc["PL1", "status"], plans.loc["PL1", "group_id"], str(plans.loc["PL1", "start_date"])) == (
        "gestart", "G1", "2025-04-01")
    assert plans.loc["PL1", "end_date"] is None
    assert plans.loc["PL2", "status"] == "idee"  # empty status is idee


def test_templates_have_the_registry_columns(tmp_path):
    heads = {k: write_template(k, tmp_path / f"{k}.csv").read_text(encoding="utf-8-sig").strip()
             for k in ("besluiten", "lessen", "plannen")}
    assert heads == {
        "besluiten": "decision_id;activity_id;proposal;votes_for;votes_against;votes_abstain;minority_needs",
        "lessen": "lesson_id;activity_id;text;themes;author_id",
        "plannen": "plan_id;title;group_id;themes;buurt_code;status;start_date;end_date",
    }


def test_import_workbook_round_trip_copy_and_erasure(backend, tmp_path):
    import_files(backend, _write(tmp_path))
    _check(backend)

    f = export_network(COORD, backend, "xlsx")
    dst = open_store(f"sqlite:///{tmp_path / 'werkboek.sqlite'}")
    apply_import(COORD, dst, prepare_import(COORD, dst, [(f.filename, f.data)]))
    _check(dst)

    copy = open_store(f"sqlite:///{tmp_path / 'kopie.sqlite'}")
    assert copy_store(COORD, backend, copy).complete
    _check(copy)

    backend.erase_person("P1")
    assert backend.table("lessons").set_index("lesson_id").loc["L1", "author_id"] is None
    for s in (dst, copy):
        s.close()


def test_unknown_references_are_refused(store, tmp_path):
    files = dict(FILES)
    files["lessen.csv"] = "les_id;activiteit_id;tekst;themas;auteur\nL1;A9;Iets;vliegen;P9\n"
    files["plannen.csv"] = "plan_id;titel;groep;status\nPL1;Moestuin;G9;lopend\nPL2;Speeltuin;;bezig\n"
    files["besluiten.csv"] = "besluit_id;activiteit_id;voorstel;voor\nBS1;A1;Iets;-3\n"
    with pytest.raises(ImportValidationError) as err:
        import_files(store, _write(tmp_path, files))
    messages = " | ".join(e.message for e in err.value.errors)
    for expected in ("onbekende activiteit 'A9'", "onbekende persoon 'P9'", "onbekende groep 'G9'", "vliegen", "bezig"):
        assert expected in messages
    assert store.table("lessons").empty and store.table("plans").empty and store.table("decisions").empty


def test_migration_8_adds_the_tables_to_a_version_7_database(tmp_path):
    from graph_schema.migrations import MIGRATIONS

    path = tmp_path / "oud.sqlite"
    conn = sqlite3.connect(path)
    for m in MIGRATIONS[:7]:
        for stmt in m.sqlite:
            conn.execute(stmt)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    conn.executemany("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01T00:00:00+00:00')",
                     [(m.version, m.name) for m in MIGRATIONS[:7]])
    conn.commit()
    conn.close()
    store = open_store(f"sqlite:///{path}")
    assert store.schema_version() >= 9
    for fname in ("decisions", "lessons", "plans"):
        assert store.table(fname).empty
    store.close()
