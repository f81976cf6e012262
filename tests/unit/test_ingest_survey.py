"""Survey import (long and wide formats) and the toezeggingen kind, through the normal
importer into a real SQLite store: values, Dutch errors naming file, row and column,
all or nothing, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from netwerk.domain import ImportValidationError
from netwerk.ingest.survey import survey_format
from netwerk.services.importing import import_files

DATA = Path(__file__).resolve().parents[1] / "data" / "survey"
BASE = [DATA / "organisaties.csv", DATA / "personen.csv", DATA / "rondes.csv"]


def _ratings(store) -> dict[tuple[str, str, str], dict]:
    t = store.table("ratings")
    return {(r["round_id"], r["rater_id"], r["rated_id"]): r for r in t.to_dict("records")}


def _errors(store, paths) -> list[str]:
    version = store.data_version()
    with pytest.raises(ImportValidationError) as exc:
        import_files(store, paths)
    assert store.data_version() == version  # nothing written
    return [str(e) for e in exc.value.errors]


def test_formats_are_detected_from_the_header() -> None:
    assert survey_format(["beoordelaar", "beoordeelde", "item", "score", "ronde"]) == "long"
    assert survey_format(["Rater", "Rated", "Item", "Score", "Round"]) == "long"
    assert survey_format(["Uw organisatie", "Ronde", "Woonstichting Vecht - betrouwbaarheid"]) == "wide"
    assert survey_format(["Respondent", "Ronde", "Gemeente: reliability"]) == "wide"
    assert survey_format(["round_id", "rater_id", "rated_id", "reliability"]) is None  # the beoordelingen kind
    assert survey_format(["org_id", "name", "sector"]) is None


def test_long_format_with_dutch_excel_conventions(store) -> None:
    report = import_files(store, [*BASE, DATA / "enquete_lang.csv"])
    assert report.created["ratings"] == 3
    r = _ratings(store)
    a = r[("nulmeting", "o-gem", "o-woon")]
    assert (a["reliability"], a["mission"], a["openness"], a["power"], a["involvement"], a["resources"]) == (3, 2, 4, 2, 2, 1)
    assert a["himmelman_level"] == 2  # "coördineren" in words
    assert a["contact_frequency"] == "maandelijks"
    assert (a["rater_type"], a["rated_type"]) == ("organisation", "organisation")
    b = r[("nulmeting", "o-woon", "o-gem")]  # English item names, round by its name
    assert (b["reliability"], b["mission"], b["openness"], b["resources"]) == (4, 4, 3, 3)
    c = r[("nulmeting", "p-ans", "o-wel")]
    assert c["rater_type"] == "person" and c["mission"] is None  # not answered: no trust score later


def test_wide_format_one_row_per_respondent(store) -> None:
    import_files(store, [*BASE, DATA / "enquete_breed.csv"])
    r = _ratings(store)
    assert set(r) == {("jaarevaluatie", "o-gem", "o-woon"), ("jaarevaluatie", "o-gem", "o-wel"),
                      ("jaarevaluatie", "o-wel", "o-woon"), ("jaarevaluatie", "o-wel", "o-gem")}
    gw = r[("jaarevaluatie", "o-gem", "o-woon")]
    assert (gw["reliability"], gw["mission"], gw["openness"], gw["power"], gw["involvement"], gw["resources"],
            gw["himmelman_level"]) == (4, 3, 4, 3, 3, 2, 3)
    ww = r[("jaarevaluatie", "o-wel", "o-gem")]  # a partner with only two answers
    assert ww["reliability"] == 4 and ww["contact_frequency"] == "wekelijks" and ww["mission"] is None
    # Gemeente left its own column empty: no self-rating; Welzijn skipped "Welzijn Vecht-Oost" (itself) too.
    assert ("jaarevaluatie", "o-gem", "o-gem") not in r and ("jaarevaluatie", "o-wel", "o-wel") not in r


def test_reimport_changes_nothing(store) -> None:
    import_files(store, [*BASE, DATA / "enquete_lang.csv", DATA / "enquete_breed.csv"])
    version, counts = store.data_version(), store.counts()
    report = import_files(store, [DATA / "enquete_breed.csv", DATA / "enquete_lang.csv"])
    assert not report.changed
    assert store.data_version() == version and store.counts() == counts


def test_malformed_wide_file_names_row_and_column(store) -> None:
    import_files(store, BASE)
    errors = _errors(store, [DATA / "enquete_breed_fout.csv"])
    assert errors == [
        "enquete_breed_fout.csv, rij 1, kolom 'Woonstichting Vechtdal - openheid': onbekende organisatie of persoon "
        "'Woonstichting Vechtdal': staat niet in deze import en niet in de store; bedoelt u 'o-woon'?",
        "enquete_breed_fout.csv, rij 2, kolom 'Woonstichting Vecht - betrouwbaarheid': ongeldige score '5': kies 1, 2, 3 of 4",
        "enquete_breed_fout.csv, rij 3, kolom 'Welzijn Vecht-Oost - betrouwbaarheid': ongeldige score 'drie': "
        "kies 1, 2, 3 of 4",
    ]
    assert store.counts()["ratings"] == 0


def test_one_bad_survey_file_refuses_the_whole_run(store, tmp_path: Path) -> None:
    errors = _errors(store, [*BASE, DATA / "enquete_lang.csv", DATA / "enquete_breed_fout.csv"])
    assert len(errors) == 3
    assert store.counts()["organisations"] == 0 and store.counts()["ratings"] == 0


def test_long_format_errors(store, tmp_path: Path) -> None:
    import_files(store, BASE)
    path = tmp_path / "enquete.csv"
    path.write_text(
        "rater;rated;item;score;round\n"
        "o-gem;o-woon;betrouwbaarheid;3;nulmeting\n"
        "o-gem;o-woon;betrouwbaarheid;4;nulmeting\n"  # conflicts with row 2
        "o-gem;r-01;openheid;3;nulmeting\n"  # a resident
        "o-gem;o-wel;vriendelijkheid;3;nulmeting\n"  # unknown item
        "o-gem;o-wel;openheid;0;nulmeting\n"  # out of range
        "o-xyz;o-wel;openheid;3;nulmeting\n"  # unknown organisation
        "o-gem;o-wel;openheid;3;tussenmeting\n"  # unknown round
        "o-gem;o-wel;himmelman;7;nulmeting\n",
        encoding="utf-8",
    )
    errors = _errors(store, [path])
    assert errors[0].startswith("enquete.csv, rij 3, kolom 'score': item 'betrouwbaarheid' van o-gem over o-woon staat al "
                                "in rij 2")
    assert errors[1] == ("enquete.csv, rij 4, kolom 'rated': 'r-01' is een bewoner: beoordelingen van bewoners zijn niet "
                         "toegestaan")
    assert errors[2].startswith("enquete.csv, rij 5, kolom 'item': onbekend item 'vriendelijkheid'")
    assert errors[3] == "enquete.csv, rij 6, kolom 'score': ongeldige score '0': kies 1, 2, 3 of 4"
    assert errors[4].startswith("enquete.csv, rij 7, kolom 'rater': onbekende organisatie of persoon 'o-xyz'")
    assert errors[5].startswith("enquete.csv, rij 8, kolom 'round': onbekende ronde 'tussenmeting'")
    assert errors[6].startswith("enquete.csv, rij 9, kolom 'score': ongeldig Himmelman-niveau '7'")
    assert len(errors) == 7


def test_wide_xlsx_export_with_english_items(store, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Timestamp", "Respondent", "Round", "Woonstichting Vecht - reliability", "Woonstichting Vecht - mission",
               "Woonstichting Vecht - openness", "Woonstichting Vecht - level of collaboration",
               "Woonstichting Vecht - contact frequency"])
    ws.append(["2025-12-10 09:00", "p-ans", "Jaarevaluatie 2025", 2, 3, 4, "collaborating", "monthly"])
    wb.save(tmp_path / "forms_export.xlsx")
    with pytest.raises(ImportValidationError) as exc:  # "collaborating" is not a Dutch level name
        import_files(store, [*BASE, tmp_path / "forms_export.xlsx"])
    assert "kolom 'Woonstichting Vecht - level of collaboration'" in str(exc.value)
    ws["G2"] = 4
    wb.save(tmp_path / "forms_export.xlsx")
    import_files(store, [*BASE, tmp_path / "forms_export.xlsx"])
    r = _ratings(store)[("jaarevaluatie", "p-ans", "o-woon")]
    assert (r["reliability"], r["mission"], r["openness"], r["himmelman_level"], r["contact_frequency"]) == (
        2, 3, 4, 4, "maandelijks")


def test_survey_may_name_organisations_of_the_same_run(store, tmp_path: Path) -> None:
    # organisations, persons and rounds only in this run, survey file first in the list
    shutil.copy(DATA / "enquete_breed.csv", tmp_path / "a_enquete.csv")
    import_files(store, [tmp_path / "a_enquete.csv", *BASE])
    assert store.counts()["ratings"] == 4


def test_toezeggingen_import(store, tmp_path: Path) -> None:
    import_files(store, BASE)
    path = tmp_path / "toezeggingen.csv"
    path.write_text("organisatie;uren per maand;datum;omschrijving\n"
                    "o-gem;16;11-02-2025;Wijkregisseur twee dagen per maand\n"
                    "o-woon;7,5;11-02-2025;Woonconsulent bij straatgesprekken\n", encoding="utf-8")
    report = import_files(store, [path])
    assert report.files[0].kind == "commitments"
    c = store.table("commitments").set_index("commitment_id")
    assert c.loc["o-woon-2025-02-11", "hours_per_month"] == 7.5
    assert c.loc["o-gem-2025-02-11", "description"] == "Wijkregisseur twee dagen per maand"
    assert not import_files(store, [path]).changed  # idempotent: the id is organisation and date
    bad = tmp_path / "toezeggingen2.csv"
    bad.write_text("org_id;hours_per_month;date\no-bestaat-niet;4;01-03-2025\no-gem;-2;01-03-2025\n", encoding="utf-8")
    errors = _errors(store, [bad])
    assert any(e.startswith("toezeggingen2.csv, rij 2, kolom 'org_id': onbekende organisatie 'o-bestaat-niet'")
               for e in errors), errors
    assert any(e.startswith("toezeggingen2.csv, rij 3, kolom 'hours_per_month'") for e in errors), errors
