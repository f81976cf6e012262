"""Issue 14: a real name typed as a resident's pseudonym is imported with a Dutch warning
naming file, row and column (the privacy page's check, netwerk.services.pseudonyms); the
import itself is not refused. Hand-made files, a real SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from netwerk.access import Viewer
from netwerk.cli import app
from netwerk.domain import ChangeSet, Person
from netwerk.services.exchange import prepare_import
from netwerk.services.importing import import_files

COORD = Viewer("coord", "coordinator")
PERSONS = (
    "person_id;soort;naam;pseudoniem\n"
    "R1;resident;;Jan de Vries\n"          # row 2: the shape of a personal name
    "R2;resident;;Bewoner 2\n"             # row 3: fine
    "P1;professional;Anna Bakker;\n"       # row 4: a professional with her name
    "R3;resident;;anna bakker\n"           # row 5: the name of a person in the run
    "R4;resident;;Buurvrouw Lindelaan\n"   # row 6: fine
    "R5;resident;;kees smit\n"             # row 7: the name of a person already stored
)


def _file(tmp_path: Path, text: str = PERSONS) -> Path:
    path = tmp_path / "personen.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _stored_kees(store) -> None:
    store.apply(ChangeSet(persons=[Person(person_id="V1", kind="volunteer", display_name="Kees Smit")]))


def test_import_warns_per_resident_with_file_row_and_column_and_imports_anyway(tmp_path, store):
    _stored_kees(store)
    report = import_files(store, [_file(tmp_path)], viewer=COORD)
    flagged = [(w.file, w.row, w.column) for w in report.warnings]
    assert flagged == [("personen.csv", 2, "pseudoniem"), ("personen.csv", 5, "pseudoniem"),
                       ("personen.csv", 7, "pseudoniem")]
    assert "'Jan de Vries'" in report.warnings[0].message and "lijkt op een echte naam" in report.warnings[0].message
    assert "naam van een persoon" in report.warnings[1].message
    assert "naam van een persoon" in report.warnings[2].message
    assert "Let op: personen.csv, rij 2, kolom 'pseudoniem': 'Jan de Vries'" in report.summary()
    assert set(store.table("persons")["person_id"]) == {"V1", "R1", "R2", "P1", "R3", "R4", "R5"}


def test_no_warning_for_good_pseudonyms_or_named_non_residents(tmp_path, store):
    text = "person_id;kind;display_name;pseudonym\nR1;resident;;Bewoner 1\nP1;professional;Jan de Vries;\n"
    assert import_files(store, [_file(tmp_path, text)]).warnings == []


def test_exchange_preview_lists_the_warning(tmp_path, store):
    plan = prepare_import(COORD, store, [("personen.csv", PERSONS.encode())])
    warned = [n for n in plan.notices if "pseudoniem" in n]
    assert [n.split(":")[0] for n in warned] == ["personen.csv, rij 2, kolom 'pseudoniem'",
                                                "personen.csv, rij 5, kolom 'pseudoniem'"]
    assert "Let op: personen.csv, rij 2, kolom 'pseudoniem'" in plan.summary()
    assert store.counts()["persons"] == 0  # a preview writes nothing


def test_cli_import_prints_the_warning(tmp_path, store_url, monkeypatch):
    monkeypatch.setenv("NETWERK_USER", "tester")
    result = CliRunner().invoke(app, ["--store", store_url, "import", str(_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "Let op: personen.csv, rij 2, kolom 'pseudoniem': 'Jan de Vries': Dit pseudoniem lijkt op een echte naam" \
        in result.output
    assert "rij 5, kolom 'pseudoniem'" in result.output


def test_invoer_warns_for_a_pseudonym_like_a_name_without_revealing_a_residents_name(store):
    from netwerk.services import entry

    store.apply(ChangeSet(persons=[Person(person_id="V1", kind="volunteer", display_name="Kees Smit"),
                                   Person(person_id="R1", kind="resident", display_name="Fien Nooit",
                                          consent_named=True, consent_date=dt.date(2026, 1, 5), pseudonym="Bewoner 1")]))
    prof = Viewer("prof", "professional")
    assert entry.resident_pseudonym_warning(COORD, store, "Bewoner 9") is None
    assert "lijkt op een echte naam" in entry.resident_pseudonym_warning(prof, store, "Jan de Vries")
    assert "naam van een persoon" in entry.resident_pseudonym_warning(prof, store, "kees smit")
    assert "naam van een persoon" in entry.resident_pseudonym_warning(COORD, store, "fien nooit")
    assert entry.resident_pseudonym_warning(prof, store, "fien nooit") is None  # a resident's name stays hidden
