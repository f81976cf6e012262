"""Reading Dutch Excel exports (netwerk.ingest.readers): exact bytes in, text cells out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netwerk.domain import ImportValidationError
from netwerk.ingest.readers import read_table, sniff_delimiter

DATA = Path(__file__).parents[1] / "data" / "ingest"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_semicolon_delimiter(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"org_id;name;sector\n1;Gemeente, afdeling Wijken;gemeente\n"))
    assert list(df.columns) == ["org_id", "name", "sector"]
    assert df.loc[2, "name"] == "Gemeente, afdeling Wijken"


def test_comma_delimiter(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b'org_id,name,sector\n1,"De Zon; cafe",ondernemer\n'))
    assert list(df.columns) == ["org_id", "name", "sector"]
    assert df.loc[2, "name"] == "De Zon; cafe"


def test_tab_delimiter(tmp_path):
    df = read_table(_write(tmp_path, "a.txt", b"org_id\tname\tsector\n1\tDe Zon\tondernemer\n"))
    assert df.loc[2, "sector"] == "ondernemer"


def test_sniffer_prefers_semicolon_on_tie():
    assert sniff_delimiter("a;b,c") == ";"
    assert sniff_delimiter('"x;y",b,c') == ","
    assert sniff_delimiter("single") == ","


def test_excel_sep_line_is_honoured(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"sep=,\r\norg_id,name\r\n1,A;B\r\n"))
    assert list(df.columns) == ["org_id", "name"]
    assert df.loc[2, "name"] == "A;B"


def test_utf8_bom_is_removed_from_first_header(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", "\ufefforg_id;name\n1;Café\n".encode()))
    assert list(df.columns) == ["org_id", "name"]
    assert df.loc[2, "name"] == "Café"


def test_cp1252_bytes(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"org_id;name\n1;Caf\xe9 \x80 Zo\xebn\n"))
    assert df.loc[2, "name"] == "Café € Zoën"


def test_utf16_unicode_text_export(tmp_path):
    df = read_table(_write(tmp_path, "a.txt", "org_id\tname\n1\tCafé\n".encode("utf-16")))
    assert df.loc[2, "name"] == "Café"


def test_crlf_line_endings(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"org_id;name\r\n1;A\r\n2;B\r\n"))
    assert list(df["name"]) == ["A", "B"]
    assert list(df.index) == [2, 3]


def test_cr_only_line_endings(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"org_id;name\r1;A\r2;B\r"))
    assert list(df["name"]) == ["A", "B"]
    assert list(df.index) == [2, 3]


def test_leading_zero_ids_stay_text(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"org_id;n\n007;0012\n"))
    assert df.loc[2, "org_id"] == "007" and df.loc[2, "n"] == "0012"


def test_empty_cells_are_missing_not_nan(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"a;b;c\n1;;NA\n;  ;nan\n"))
    assert df.loc[2, "b"] is None
    assert df.loc[3, "a"] is None and df.loc[3, "b"] is None
    # "NA" and "nan" typed by a user are text, not missing markers of pandas.
    assert df.loc[2, "c"] == "NA" and df.loc[3, "c"] == "nan"


def test_row_numbers_follow_the_spreadsheet(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b'a;b\n1;x\n;\n2;"two\nlines"\n3;z\n'))
    # Empty row 3 is skipped; a quoted cell with a newline is one spreadsheet row.
    assert list(df.index) == [2, 4, 5]
    assert df.loc[4, "b"] == "two\nlines"


def test_short_rows_are_padded_and_trailing_delimiters_ignored(tmp_path):
    df = read_table(_write(tmp_path, "a.csv", b"a;b;c;;\n1\n2;x;y;;\n"))
    assert list(df.columns) == ["a", "b", "c"]
    assert df.loc[2, "c"] is None and df.loc[3, "c"] == "y"


def test_extra_cells_without_header_are_an_error(tmp_path):
    with pytest.raises(ImportValidationError) as e:
        read_table(_write(tmp_path, "a.csv", b"a;b\n1;2\n3;4;5\n"))
    err = e.value.errors[0]
    assert (err.file, err.row, err.column) == ("a.csv", 3, "kolom 3")


def test_duplicate_header_is_an_error(tmp_path):
    with pytest.raises(ImportValidationError) as e:
        read_table(_write(tmp_path, "a.csv", b"a;A\n1;2\n"))
    assert e.value.errors[0].row == 1 and "twee keer" in e.value.errors[0].message


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(ImportValidationError, match="leeg"):
        read_table(_write(tmp_path, "a.csv", b"\r\n\r\n"))


def test_unsupported_extension(tmp_path):
    with pytest.raises(ImportValidationError, match="onbekend bestandstype"):
        read_table(_write(tmp_path, "a.ods", b"x"))


def test_bundled_cp1252_crlf_export():
    df = read_table(DATA / "organisaties_excel_cp1252.csv")
    assert list(df["org_id"]) == ["007", "012", "020"]
    assert df.loc[3, "naam"] == "Café de Zon"


def test_bundled_old_mac_export():
    df = read_table(DATA / "personen_oudemac.csv")
    assert df.loc[2, "naam"] == "José Álvarez"
    assert df.loc[2, "toestemming_naam"] is None
    assert list(df.index) == [2, 3, 4]


def test_xlsx_cells_as_displayed(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id", "n_int", "n_float", "frac", "padded", "date", "datetime", "bool", "empty"])
    ws.append(["007", 7, 7.0, 2.5, 7, dt.datetime(2025, 1, 13), dt.datetime(2025, 1, 13, 19, 30), True, None])
    ws["E2"].number_format = "000"
    ws.append([None] * 9)  # an empty row 3
    ws.append(["8", None, None, None, None, dt.date(2025, 2, 3), None, False, ""])
    help_sheet = wb.create_sheet("Toelichting", 0)  # even as first sheet it is skipped
    help_sheet.append(["uitleg"])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    df = read_table(path)
    row = df.loc[2]
    assert row["id"] == "007"
    assert row["n_int"] == "7" and row["n_float"] == "7"
    assert row["frac"] == "2.5"
    assert row["padded"] == "007"
    assert row["date"] == "13-01-2025" and row["datetime"] == "13-01-2025 19:30"
    assert row["bool"] == "ja" and row["empty"] is None
    assert list(df.index) == [2, 4]
    assert df.loc[4, "date"] == "03-02-2025" and df.loc[4, "empty"] is None


def test_broken_xlsx_is_an_error(tmp_path):
    with pytest.raises(ImportValidationError, match="Excel-bestand is niet leesbaar"):
        read_table(_write(tmp_path, "a.xlsx", b"not a zip"))


def test_broken_xlsx_message_is_dutch_without_python_exception_names(tmp_path):
    with pytest.raises(ImportValidationError) as exc:
        read_table(_write(tmp_path, "a.xlsx", b"not a zip"))
    assert "BadZipFile" not in str(exc.value) and "zip file" not in str(exc.value)
    assert "geen geldig .xlsx-bestand" in str(exc.value)


def test_xlsx_with_a_second_data_sheet_is_refused_not_half_read(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Personen"
    wb.active.append(["person_id", "kind"])
    wb.active.append(["P1", "professional"])
    extra = wb.create_sheet("Nog meer")
    extra.append(["person_id", "kind"])
    extra.append(["P2", "professional"])
    wb.create_sheet("Blad3")  # an empty sheet is no problem
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(ImportValidationError) as exc:
        read_table(tmp_path / "a.xlsx")
    assert "2 werkbladen met gegevens ('Personen', 'Nog meer')" in str(exc.value)


def test_xlsx_reads_the_one_sheet_with_data_besides_empty_ones(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Blad1"  # left empty
    data = wb.create_sheet("Personen")
    data.append(["person_id", "kind"])
    data.append(["P1", "professional"])
    wb.save(tmp_path / "a.xlsx")
    assert list(read_table(tmp_path / "a.xlsx")["person_id"]) == ["P1"]
