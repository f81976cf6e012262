"""Import runs into a real SQLite store (netwerk.services.importing): rules, references,
all-or-nothing and idempotence."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from netwerk.domain import AMSTERDAM, ImportValidationError, InputError
from netwerk.ingest.kinds import detect_kind, kind_from_filename
from netwerk.services.importing import ImportReport, import_files

DATA = Path(__file__).parents[1] / "data" / "ingest"

ORGS = b"org_id;name;sector\r\n007;Gemeente Raalte;gemeente\r\n012;Salland Wonen;woningcorporatie\r\n"
PERSONS = (
    b"person_id;kind;display_name;pseudonym;role_title;org_id;consent_named;consent_date\r\n"
    b"P1;professional;Anna de Vries;;opbouwwerker;007;;\r\n"
    b"P2;professional;Bram Smit;;woonconsulent;012;;\r\n"
    b"P3;resident;;Bewoner 3;;;;\r\n"
    b"P4;bestuurder;Carla Post;;directeur;012;;\r\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _base(tmp_path: Path) -> list[Path]:
    return [_write(tmp_path, "organisaties.csv", ORGS), _write(tmp_path, "personen.csv", PERSONS)]


def _errors(exc: pytest.ExceptionInfo) -> list[tuple]:
    return [(e.file, e.row, e.column) for e in exc.value.errors]


def _state(store) -> tuple:
    snap = store.snapshot()
    frames = {name: getattr(snap, name).to_dict("records") for name in (
        "organisations", "persons", "groups", "activities", "participations", "activity_themes", "works_for",
        "memberships", "knows", "ratings", "survey_rounds")}
    return store.counts(), store.data_version(), frames


# --- basic runs -----------------------------------------------------------------------


def test_import_bundled_dutch_excel_exports(store):
    paths = [DATA / n for n in ("deelname.csv", "activiteiten_utf8bom.csv", "personen_oudemac.csv",
                                "organisaties_excel_cp1252.csv")]
    report = import_files(store, paths)
    assert isinstance(report, ImportReport)
    assert [(f.name, f.kind, f.rows) for f in report.files] == [
        ("deelname.csv", "participations", 4),
        ("activiteiten_utf8bom.csv", "activities", 2),
        ("personen_oudemac.csv", "persons", 3),
        ("organisaties_excel_cp1252.csv", "organisations", 3),
    ]
    assert report.created == {"organisations": 3, "persons": 3, "activities": 2, "works_for": 1,
                              "participations": 4, "activity_themes": 2}
    snap = store.snapshot()
    assert set(snap.organisations["org_id"]) == {"007", "012", "020"}
    assert "Café de Zon" in set(snap.organisations["name"])
    a1 = snap.activities.set_index("activity_id").loc["A001"]
    assert a1["date"] == dt.datetime(2025, 1, 13, 19, 30, tzinfo=AMSTERDAM)
    assert a1["anonymous_participants"] == 2  # "2,0" with a decimal comma
    assert a1["title"] == "Gesprek Kerkstraat, deel 1"
    assert a1["methods"] == ("abcd",)
    assert snap.activities.set_index("activity_id").loc["A002", "date"].date() == dt.date(2025, 2, 3)
    assert set(map(tuple, snap.activity_themes[["activity_id", "theme"]].values)) == {("A001", "groen"),
                                                                                       ("A001", "overlast")}
    roles = dict(zip(zip(snap.participations["activity_id"], snap.participations["person_id"], strict=True),
                     snap.participations["role"], strict=True))
    assert roles[("A001", "P001")] == "organiser" and roles[("A001", "P002")] == "participant"
    persons = snap.persons.set_index("person_id")
    assert persons.loc["P001", "skills"] == ("koken", "tuinieren")
    assert persons.loc["P001", "org_id"] == "020"
    assert persons.loc["P003", "label"] == "Els Jansen"  # resident with consent
    assert persons.loc["P002", "label"] == "Bewoner 2"
    assert "nieuw" in report.summary().lower()


def test_leading_zero_ids_are_kept(store, tmp_path):
    import_files(store, _base(tmp_path))
    assert store.existing_ids("organisations") == {"007", "012"}


def test_empty_optional_cells_are_missing_not_nan(store, tmp_path):
    import_files(store, _base(tmp_path))
    p3 = store.snapshot().persons.set_index("person_id").loc["P3"]
    assert p3["role_title"] is None and p3["display_name"] is None and p3["buurt_code"] is None
    assert not p3["consent_named"]


def test_idempotent_reimport(store, tmp_path):
    paths = _base(tmp_path) + [
        _write(tmp_path, "activiteiten.csv", b"activity_id;kind;date;themes\n1;straatgesprek;13-01-2025 10:00;groen\n"),
        _write(tmp_path, "deelname.csv", b"activity_id;person_id\n1;P1\n1;P3\n"),
        _write(tmp_path, "kent.csv", b"from_id;to_id\nP1;P2\nP1;P2\n"),
    ]
    first = import_files(store, paths)
    assert first.changed
    before = _state(store)
    again = import_files(store, paths)
    assert not again.changed
    assert again.created == {} and again.updated == {}
    assert _state(store) == before
    assert "Niets gewijzigd" in again.summary()


def test_a_file_named_twice_in_one_run_is_read_once(store, tmp_path, monkeypatch):
    kent = _write(tmp_path, "kent.csv", b"from_id;to_id\nP1;P2\n")
    import_files(store, _base(tmp_path) + [kent])
    before = _state(store)
    monkeypatch.chdir(tmp_path)
    again = import_files(store, [kent, Path("kent.csv")])  # e.g. `netwerk import *.csv kent.csv`
    assert [f.name for f in again.files] == ["kent.csv"]
    assert not again.changed and again.repeated_pairs_merged == 0
    assert _state(store) == before
    assert store.snapshot().knows["count"].tolist() == [1]


def test_changed_row_is_reported_as_updated(store, tmp_path):
    import_files(store, _base(tmp_path))
    report = import_files(store, [_write(tmp_path, "org2.csv", b"org_id;name;sector\n012;Salland Wonen;overig\n")])
    assert report.updated == {"organisations": 1} and report.created == {}


def test_dutch_aliases_and_labels(store, tmp_path):
    import_files(store, _base(tmp_path))
    report = import_files(store, [
        _write(tmp_path, "a.csv", b"Activiteit-ID;Soort;Datum;Thema's\nA9;Straatgesprek;13-01-2025;Groen|jongeren\n"),
        _write(tmp_path, "d.csv", b"activiteit_id;persoon_id;rol\nA9;P1;Organisator\nA9;P3;deelnemer\n"),
    ])
    assert report.created["participations"] == 2 and report.created["activity_themes"] == 2
    parts = store.snapshot().participations
    assert set(parts["role"]) == {"organiser", "participant"}


def test_xlsx_import(store, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["org_id", "naam", "sector"])
    ws.append(["007", "Gemeente Raalte", "gemeente"])
    ws.append([12, "Salland Wonen", "woningcorporatie"])
    path = tmp_path / "organisaties.xlsx"
    wb.save(path)
    wb = Workbook()
    ws = wb.active
    ws.append(["activity_id", "kind", "date", "anonymous_participants"])
    ws.append([1.0, "straatgesprek", dt.datetime(2025, 1, 13, 19, 30), 4.0])
    acts = tmp_path / "activiteiten.xlsx"
    wb.save(acts)
    report = import_files(store, [path, acts])
    assert report.created == {"organisations": 2, "activities": 1}
    assert store.existing_ids("organisations") == {"007", "12"}
    act = store.snapshot().activities.iloc[0]
    assert act["activity_id"] == "1" and act["anonymous_participants"] == 4
    assert act["date"] == dt.datetime(2025, 1, 13, 19, 30, tzinfo=AMSTERDAM)


def test_empty_run_is_refused(store):
    with pytest.raises(InputError):
        import_files(store, [])


# --- dates --------------------------------------------------------------------------


def test_day_first_date_in_activities(store, tmp_path):
    import_files(store, [_write(tmp_path, "a.csv", b"activity_id;kind;date\nA1;evaluatie;13-01-2025\n")])
    assert store.snapshot().activities.iloc[0]["date"].date() == dt.date(2025, 1, 13)


def test_month_first_date_is_refused_with_file_row_column(store, tmp_path):
    path = _write(tmp_path, "activiteiten.csv", b"activity_id;kind;datum\nA1;evaluatie;13-01-2025\nA2;evaluatie;01-13-2025\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("activiteiten.csv", 3, "datum")]
    assert "maand 13" in e.value.errors[0].message
    assert "activiteiten.csv, rij 3, kolom 'datum'" in str(e.value)
    assert store.counts()["activities"] == 0


# --- KNOWS ties -----------------------------------------------------------------------


def test_self_loops_dropped_and_reported(store, tmp_path):
    paths = _base(tmp_path) + [_write(tmp_path, "kent.csv", b"from_id;to_id\nP1;P2\nP2;P2\nP3;P3\n")]
    report = import_files(store, paths)
    assert report.self_loops_dropped == [("kent.csv", 3, "P2"), ("kent.csv", 4, "P3")]
    assert store.counts()["knows"] == 1
    assert "zichzelf weggelaten: kent.csv rij 3 (P2)" in report.summary()


def test_repeated_pairs_become_a_count(store, tmp_path):
    paths = _base(tmp_path) + [
        _write(tmp_path, "kent.csv", b"from_id;to_id;source;since\nP1;P2;advies;01-03-2025\nP1;P2;advies;01-02-2025\n"
                                     b"P2;P1;advies;\nP1;P2;vriendschap;\n"),
        _write(tmp_path, "kent2.csv", b"van;naar;bron\nP1;P2;advies\n"),
    ]
    report = import_files(store, paths)
    assert report.repeated_pairs_merged == 2
    knows = store.snapshot().knows.set_index(["from_id", "to_id", "source"])
    assert knows.loc[("P1", "P2", "advies"), "count"] == 3
    assert knows.loc[("P1", "P2", "advies"), "since"] == dt.date(2025, 2, 1)
    assert knows.loc[("P2", "P1", "advies"), "count"] == 1
    assert knows.loc[("P1", "P2", "vriendschap"), "count"] == 1


def test_zero_weight_rows_are_non_ties(store, tmp_path):
    matrix = b"from_id;to_id;weight\nP1;P1;0\nP1;P2;1\nP1;P3;0\nP2;P1;0,0\nP2;P3;2,0\n"
    report = import_files(store, _base(tmp_path) + [_write(tmp_path, "kent.csv", matrix)])
    assert report.zero_weight_skipped == 3
    assert report.self_loops_dropped == []
    knows = store.snapshot().knows
    assert dict(zip(zip(knows["from_id"], knows["to_id"], strict=True), knows["count"], strict=True)) == {
        ("P1", "P2"): 1, ("P2", "P3"): 2}


def test_weights_of_repeated_pairs_are_summed(store, tmp_path):
    rows = b"from_id;to_id;weight\nP1;P2;2\nP1;P2;\nP1;P2;1\n"
    report = import_files(store, _base(tmp_path) + [_write(tmp_path, "kent.csv", rows)])
    assert report.repeated_pairs_merged == 2
    assert store.snapshot().knows.iloc[0]["count"] == 4


def test_negative_weight_and_unknown_person_are_errors(store, tmp_path):
    paths = _base(tmp_path) + [_write(tmp_path, "kent.csv", b"from_id;to_id;gewicht\nP1;P2;-1\nP1;P9;1\nP2;P1;0,5\n")]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert _errors(e) == [("kent.csv", 2, "gewicht"), ("kent.csv", 3, "to_id"), ("kent.csv", 4, "gewicht")]


# --- validation rules -------------------------------------------------------------------


def test_resident_with_name_but_no_consent_is_refused(store, tmp_path):
    path = _write(tmp_path, "personen.csv", b"person_id;kind;display_name;consent_named\nR1;resident;Jan Jansen;nee\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("personen.csv", 2, "consent_named")]
    assert "toestemming" in e.value.errors[0].message
    assert store.counts()["persons"] == 0


def test_resident_consent_needs_a_date(store, tmp_path):
    path = _write(tmp_path, "p.csv", b"persoon_id;soort;naam;toestemming_naam;toestemming_datum\nR1;bewoner;Jan;ja;\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("p.csv", 2, "toestemming_datum")]


def test_unknown_vocabulary_value_lists_allowed(store, tmp_path):
    path = _write(tmp_path, "o.csv", b"org_id;name;sector\n1;Bank;bank\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("o.csv", 2, "sector")]
    assert "gemeente" in e.value.errors[0].message and "overig" in e.value.errors[0].message


def test_unknown_theme_lists_allowed(store, tmp_path):
    path = _write(tmp_path, "a.csv", b"activity_id;kind;date;themes\nA1;straatgesprek;13-01-2025;groen|verkeer\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("a.csv", 2, "themes")]
    assert "onbekend thema 'verkeer'" in e.value.errors[0].message
    assert "verkeersveiligheid" in e.value.errors[0].message


def test_unknown_column_is_named_with_suggestion(store, tmp_path):
    path = _write(tmp_path, "personen.csv", b"person_id;kind;dispaly_name\nP1;professional;Anna\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("personen.csv", 1, "dispaly_name")]
    assert "bedoelt u 'display_name'" in e.value.errors[0].message


def test_missing_required_column(store, tmp_path):
    path = _write(tmp_path, "organisaties.csv", b"org_id;name\n1;A\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("organisaties.csv", 1, "sector")]


def test_empty_required_cell(store, tmp_path):
    path = _write(tmp_path, "o.csv", b"org_id;name;sector\n1;;gemeente\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("o.csv", 2, "name")]


def test_unrecognisable_header(store, tmp_path):
    with pytest.raises(ImportValidationError, match="niet te herkennen"):
        import_files(store, [_write(tmp_path, "x.csv", b"foo;bar\n1;2\n")])


def test_conflicting_duplicate_id_across_files(store, tmp_path):
    paths = [_write(tmp_path, "a.csv", ORGS), _write(tmp_path, "b.csv", b"org_id;name;sector\n007;Gemeente Raalte;overig\n")]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert _errors(e) == [("b.csv", 2, "org_id")]
    assert "a.csv rij 2" in e.value.errors[0].message


def test_identical_duplicate_rows_are_merged(store, tmp_path):
    report = import_files(store, [_write(tmp_path, "a.csv", ORGS), _write(tmp_path, "b.csv", ORGS)])
    assert report.created == {"organisations": 2}


def test_references_across_files_and_store(store, tmp_path):
    # Unknown org and group on a person, unknown activity and person on a participation.
    paths = [
        _write(tmp_path, "personen.csv", b"person_id;kind;org_id;group_ids\nP1;professional;ORG9;G1|G2\n"),
        _write(tmp_path, "groepen.csv", b"group_id;name;kind\nG1;Kernteam;kernteam\n"),
        _write(tmp_path, "deelname.csv", b"activity_id;person_id\nA1;P1\nA1;P8\n"),
    ]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert sorted(_errors(e)) == sorted([
        ("personen.csv", 2, "org_id"), ("personen.csv", 2, "group_ids"),
        ("deelname.csv", 2, "activity_id"), ("deelname.csv", 3, "activity_id"), ("deelname.csv", 3, "person_id"),
    ])
    # Once the activity and organisation exist in the store, a later run may point at them.
    import_files(store, [_write(tmp_path, "o.csv", b"org_id;name;sector\nORG9;X;overig\n"),
                         _write(tmp_path, "a.csv", b"activity_id;kind;date\nA1;overig;01-01-2025\n")])
    paths[0].write_bytes(b"person_id;kind;org_id;group_ids\nP1;professional;ORG9;G1\n")
    paths[2].write_bytes(b"activity_id;person_id\nA1;P1\n")
    report = import_files(store, paths)
    assert report.created == {"persons": 1, "groups": 1, "works_for": 1, "memberships": 1, "participations": 1}


# --- ratings ------------------------------------------------------------------------------


RATINGS_HEADER = b"round_id;rater_id;rated_id;reliability;mission;openness;power;involvement;resources;himmelman_level\n"


def test_ratings_resolve_types(store, tmp_path):
    paths = _base(tmp_path) + [
        _write(tmp_path, "rondes.csv", b"round_id;name;date\nR0;Nulmeting;13-01-2025\n"),
        _write(tmp_path, "beoordelingen.csv", RATINGS_HEADER + b"R0;007;012;3;3;4;2;3;2;samenwerken\nR0;P1;P2;4;4;4;4;4;4;2\n"),
    ]
    report = import_files(store, paths)
    assert report.created["ratings"] == 2
    ratings = store.snapshot().ratings.set_index(["rater_id", "rated_id"])
    assert tuple(ratings.loc[("007", "012"), ["rater_type", "rated_type", "himmelman_level"]]) == (
        "organisation", "organisation", 3)
    assert tuple(ratings.loc[("P1", "P2"), ["rater_type", "rated_type"]]) == ("person", "person")


def test_rating_errors(store, tmp_path):
    import_files(store, _base(tmp_path))  # P3 is a resident, in the store
    paths = [
        _write(tmp_path, "rondes.csv", b"round_id;name;date\nR0;Nulmeting;13-01-2025\n"),
        _write(tmp_path, "beoordelingen.csv", RATINGS_HEADER
               + b"R0;007;012;5;3;4;2;3;2;1\nR0;P1;P3;3;3;3;3;3;3;1\nR0;X1;012;3;3;3;3;3;3;1\nR9;P1;P2;;;;;;;\n"),
    ]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert _errors(e) == [("beoordelingen.csv", 2, "reliability"), ("beoordelingen.csv", 3, "rated_id"),
                          ("beoordelingen.csv", 4, "rater_id"), ("beoordelingen.csv", 5, "round_id")]
    messages = [err.message for err in e.value.errors]
    assert "kies 1, 2, 3 of 4" in messages[0]
    assert "beoordelingen van bewoners zijn niet toegestaan" in messages[1]


# --- all or nothing -----------------------------------------------------------------------


def test_invalid_last_row_of_second_file_leaves_store_unchanged(store, tmp_path):
    import_files(store, _base(tmp_path))
    before = _state(store)
    rows = b"".join(b"A%d;straatgesprek;%02d-01-2025;groen\n" % (i, i) for i in range(1, 20))
    paths = [
        _write(tmp_path, "organisaties2.csv", b"org_id;name;sector\n007;Gemeente Raalte (nieuw);gemeente\n099;Nieuw;zorg\n"),
        _write(tmp_path, "activiteiten.csv",
               b"activity_id;kind;date;themes\n" + rows + b"A99;straatgesprek;13-01-2025;onbekend\n"),
    ]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert _errors(e) == [("activiteiten.csv", 21, "themes")]
    assert _state(store) == before
    assert store.existing_ids("organisations") == {"007", "012"}


def test_every_error_of_a_run_is_reported(store, tmp_path):
    paths = [
        _write(tmp_path, "o.csv", b"org_id;name;sector\n1;A;bank\n2;B;zorg\n"),
        _write(tmp_path, "a.csv", b"activity_id;kind;date\nA1;feest;13-13-2025\n"),
        _write(tmp_path, "x.ods", b""),
    ]
    with pytest.raises(ImportValidationError) as e:
        import_files(store, paths)
    assert _errors(e) == [("o.csv", 2, "sector"), ("a.csv", 2, "kind"), ("a.csv", 2, "date"), ("x.ods", None, None)]
    assert store.counts()["organisations"] == 0


# --- kind detection -------------------------------------------------------------------------


def test_kind_detected_from_header_regardless_of_file_name(store, tmp_path):
    report = import_files(store, [_write(tmp_path, "export (3).csv", ORGS)])
    assert report.files[0].kind == "organisations"


def test_file_name_hint_picks_kind_for_ambiguous_or_faulty_header(tmp_path):
    assert kind_from_filename("Personen 2025.csv").name == "persons"
    assert kind_from_filename("thema's.xlsx").name == "activity_themes"
    assert kind_from_filename("activiteiten-jan.csv").name == "activities"
    assert kind_from_filename("notities.csv") is None
    # A header with a typo still names the right kind through the file name.
    match = detect_kind(["group_id", "naam", "sort"], "groepen.csv")
    assert match.kind.name == "groups" and match.unknown == ["sort"] and match.missing == ["kind"]


def test_copy_of_bundled_file_keeps_row_numbers(store, tmp_path):
    # The old-Mac export with an invalid consent date in its last row.
    path = tmp_path / "personen.csv"
    shutil.copy(DATA / "personen_oudemac.csv", path)
    path.write_bytes(path.read_bytes().replace(b"13-01-2025", b"2025-13-01"))
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [DATA / "organisaties_excel_cp1252.csv", path])
    assert _errors(e) == [("personen.csv", 4, "toestemming_datum")]
    assert {k: v for k, v in store.counts().items() if k != "themes" and v} == {}


def test_pydantic_errors_become_dutch_row_errors(store, tmp_path):
    long_name = b"x" * 250
    path = _write(tmp_path, "o.csv", b"organisatie_id;naam;sector\n1;" + long_name + b";zorg\n")
    with pytest.raises(ImportValidationError) as e:
        import_files(store, [path])
    assert _errors(e) == [("o.csv", 2, "naam")]
    assert e.value.errors[0].message == "te lang: maximaal 200 tekens"
