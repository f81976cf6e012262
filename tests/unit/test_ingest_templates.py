"""Import templates: written for each kind, documented, and re-importable."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

import graph_schema as gs
from netwerk.domain import InputError
from netwerk.ingest.kinds import FILE_KINDS
from netwerk.services.importing import TEMPLATE_KINDS, import_files, template_help, write_template


def test_template_kinds_are_the_dutch_names():
    # The names coordinators' files and habits use stay as they are; a kind added to the
    # registry (graph_schema) joins them without editing this test.
    assert TEMPLATE_KINDS.items() >= {
        "organisaties": "organisations", "personen": "persons", "groepen": "groups", "activiteiten": "activities",
        "deelname": "participations", "themas": "activity_themes", "kent": "knows", "rondes": "survey_rounds",
        "beoordelingen": "ratings",
        "toezeggingen": "commitments", "bronnen": "assets", "gebieden": "areas",
    }.items()
    assert set(TEMPLATE_KINDS.values()) == {d.field for d in gs.SCHEMA.values() if d.import_kind}


@pytest.mark.parametrize("kind", list(TEMPLATE_KINDS))
def test_xlsx_template_has_header_and_documentation(kind, tmp_path):
    path = write_template(kind, tmp_path / f"{kind}.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [kind, "Toelichting"]
    header = [c.value for c in wb[kind][1]]
    assert header == [c.name for c in FILE_KINDS[TEMPLATE_KINDS[kind]].columns]
    doc_columns = [row[0] for row in wb["Toelichting"].iter_rows(min_row=5, values_only=True)]
    assert doc_columns == header
    assert wb[kind].max_row == 1


@pytest.mark.parametrize("kind", list(TEMPLATE_KINDS))
def test_csv_template_is_semicolon_utf8_bom(kind, tmp_path):
    path = write_template(kind, tmp_path / f"{kind}.csv")
    data = path.read_bytes()
    header = [c.name for c in FILE_KINDS[TEMPLATE_KINDS[kind]].columns]
    assert data == b"\xef\xbb\xbf" + ";".join(header).encode() + b"\r\n"


def test_empty_templates_import_zero_rows(store, tmp_path):
    paths = [write_template(k, tmp_path / f"{k}.{'xlsx' if i % 2 else 'csv'}") for i, k in enumerate(TEMPLATE_KINDS)]
    before = store.counts()
    report = import_files(store, paths)
    assert sorted(f.kind for f in report.files) == sorted(FILE_KINDS)
    assert all(f.rows == 0 for f in report.files)
    assert not report.changed and store.counts() == before


def test_template_plus_one_row_imports(store, tmp_path):
    orgs = write_template("organisaties", tmp_path / "organisaties.xlsx")
    wb = load_workbook(orgs)
    wb["organisaties"].append(["007", "Gemeente Raalte", "Gemeente"])
    wb.save(orgs)
    persons = write_template("personen", tmp_path / "personen.csv")
    with persons.open("a", encoding="utf-8", newline="") as fh:
        fh.write("P007;wijkprofessional;Anna;;wijkagent;007;;;;;;\r\n")
    report = import_files(store, [orgs, persons])
    assert report.created == {"organisations": 1, "persons": 1, "works_for": 1}
    assert store.snapshot().persons.iloc[0]["kind"] == "professional"


def test_english_kind_name_and_directory(tmp_path):
    path = write_template("ratings", tmp_path)
    assert path == tmp_path / "beoordelingen.xlsx" and path.exists()


def test_unknown_kind_lists_kinds(tmp_path):
    with pytest.raises(InputError, match="organisaties, personen") as e:
        write_template("vergaderingen", tmp_path / "x.xlsx")
    assert "Onbekend soort sjabloon" in str(e.value)
    with pytest.raises(InputError):
        template_help("vergaderingen")


def test_unsupported_template_extension(tmp_path):
    with pytest.raises(InputError, match=".xlsx of .csv"):
        write_template("kent", tmp_path / "kent.ods")


def test_template_help_documents_columns_and_vocabularies():
    text = template_help("organisaties")
    assert "org_id" in text and "Verplicht" in text
    assert all(sector in text for sector in gs.SECTORS)
    assert "dd-mm-jjjj" in template_help("activiteiten")
    assert "organisator" in template_help("deelname")
