"""Read a coordinator's CSV or XLSX file into a table of text cells.

Spreadsheets arrive as Dutch Excel exports: semicolon, comma or tab delimited; UTF-8
with or without BOM, UTF-16 ("Unicode-tekst") or Windows-1252; Windows (CRLF), Unix
(LF) or old-Mac (CR) line endings. Every cell is kept as text (``"007"`` stays
``"007"``); interpretation (dates, numbers) happens later in :mod:`netwerk.ingest.parse`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from netwerk.domain import ImportValidationError, RowError
from netwerk.ingest import limits as lim_
from netwerk.text import fmt_int

__all__ = ["SUPPORTED_SUFFIXES", "decode_bytes", "read_table", "sniff_delimiter"]

SUPPORTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_DELIMITERS = (";", "\t", ",")  # preference order on a tie
_HELP_SHEET = "toelichting"


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX file into a DataFrame of text cells.

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv`` file (delimiter sniffed: ``;``, ``,`` or tab; an
        Excel ``sep=;`` first line is honoured) or an ``.xlsx``/``.xlsm`` workbook (its
        one sheet with data that is not called "Toelichting"; more such sheets are an
        error, so no sheet is silently left out).

    Returns
    -------
    pandas.DataFrame
        One column per header cell, named as in the file (stripped); values are ``str``
        (stripped) or ``None`` for an empty cell, never ``"nan"``. The index (named
        ``rij``) is the spreadsheet row number: the header is row 1, the first data row
        is row 2. Entirely empty rows are left out (their numbers are skipped).
        XLSX cells are taken as they are displayed: an integer-valued number is
        ``"7"`` (``"007"`` when the cell format pads with zeros), a date cell is
        ``"dd-mm-jjjj"`` (``"dd-mm-jjjj uu:mm[:ss]"`` with a time), a boolean is
        ``"ja"``/``"nee"``.

    Raises
    ------
    ImportValidationError
        With Dutch :class:`~netwerk.domain.RowError` s when the file cannot be read or
        decoded, has no header, has duplicate or empty column names above data, or a
        row has more cells than the header; or when it passes a limit of
        :mod:`netwerk.ingest.limits` (size, rows, columns, cell length, a control
        character, a zip bomb, a quote that is never closed).
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportValidationError(
            [RowError(name, None, None, f"onbekend bestandstype '{path.suffix}'; gebruik .csv of .xlsx")]
        )
    try:
        lim_.check_size(name, path.stat().st_size)
        if suffix in (".xlsx", ".xlsm"):
            rows = _xlsx_rows(path)
        else:
            rows = _csv_rows(path.read_bytes(), name)
    except OSError as e:
        raise ImportValidationError([RowError(name, None, None, f"bestand kan niet gelezen worden: {e.strerror or e}")]) from e
    return _frame(rows, name)


# --- CSV ---------------------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "bestand") -> str:
    """Decode a text file: UTF-16 (with BOM), UTF-8 (BOM optional), else Windows-1252.

    Falls back to charset detection (charset-normalizer) when neither UTF-8 nor
    Windows-1252 decodes the bytes.

    Raises
    ------
    ImportValidationError
        When no encoding fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    raise ImportValidationError(
        [RowError(name, None, None, "de tekenset van het bestand is onbekend; sla het op als CSV UTF-8")]
    )


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV header line: ``;``, tab or ``,``, whichever occurs most
    often outside quotes (``;`` wins a tie, then tab, as Dutch Excel writes ``;``)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], -_DELIMITERS.index(d)))
    return best if counts[best] else ","


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[str | None]]]:
    text = decode_bytes(data, name)
    del data
    # Normalise CRLF and old-Mac CR endings; the csv module then sees one kind of line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = None
    first_line = text[: text.find("\n")] if "\n" in text else text
    m = re.match(r'^"?sep=(.)"?\s*$', first_line)
    if m:
        # Excel's "sep=;" line is not shown as a row in Excel.
        delimiter = m.group(1)
        text = text[len(first_line) + 1:]
    if delimiter is None:
        first = next((ln for ln in _lines(text) if ln.strip()), "")
        delimiter = sniff_delimiter(first)
    lim = lim_.limits()
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    width = 0
    line = 1
    try:
        for number, record in enumerate(reader, start=1):
            first_line_of_row, line = line, reader.line_num + 1
            if number > lim.max_rows + 1:
                raise lim_.refuse(name, f"het bestand heeft meer dan {fmt_int(lim.max_rows)} rijen onder de kopregel; "
                                        "splits het bestand", number)
            if len(record) > lim.max_columns:
                raise lim_.refuse(name, f"de rij heeft {len(record)} kolommen; de grens is {lim.max_columns}", number)
            width = width or len(record)
            for i, raw in enumerate(record):
                problem = lim_.text_problem(raw, lim)
                if problem is None and "\n" in raw and width > 1:
                    problem = _swallowed_rows(raw, delimiter, width, first_line_of_row, line - 1)
                if problem is not None:
                    raise lim_.refuse(name, problem, number, _column_name(rows, i))
            rows.append((number, [_cell(c) for c in record]))
    except csv.Error as e:
        raise ImportValidationError([RowError(name, None, None, f"het CSV-bestand is niet leesbaar: {e}")]) from e
    return rows


def _lines(text: str):
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _swallowed_rows(raw: str, delimiter: str, width: int, first: int, last: int) -> str | None:
    """Why a cell that runs over several lines looks like rows merged by a quote that is
    never closed (a later line of it holds a row's worth of delimiters), or None."""
    later = raw.split("\n")[1:]
    if any(ln.count(delimiter) >= width - 1 for ln in later):
        return (f"de cel loopt over regel {first} t/m {last} en bevat daar hele rijen: waarschijnlijk ontbreekt een "
                "afsluitend aanhalingsteken (\"); zonder dat worden rijen stilzwijgend samengevoegd")
    return None


def _column_name(rows: list[tuple[int, list[str | None]]], i: int) -> str:
    header = rows[0][1] if rows else []
    return (header[i] if i < len(header) else None) or f"kolom {i + 1}"


def _cell(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lstrip("\ufeff").strip()
    return value or None


# --- XLSX --------------------------------------------------------------------------

_ZERO_PAD = re.compile(r"^0+$")


def _xlsx_rows(path: Path) -> list[tuple[int, list[str | None]]]:
    from openpyxl import load_workbook

    open_workbook(path, path.name)  # size, members, zip bomb
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as e:  # openpyxl raises many kinds (zip, xml, key) for a bad file
        raise ImportValidationError(
            [RowError(path.name, None, None, "het Excel-bestand is niet leesbaar: het is geen geldig .xlsx-bestand "
                                             "(beschadigd, of een ander soort bestand met de extensie .xlsx)")]
        ) from e
    try:
        sheets = [ws for ws in wb.worksheets if ws.title.strip().lower() != _HELP_SHEET] or wb.worksheets
        tables = [(ws.title, _sheet_rows(ws, path.name)) for ws in sheets]
        filled = [(title, rows) for title, rows in tables if any(c is not None for _, cells in rows for c in cells)]
        if len(filled) > 1:
            # Only one sheet is read: refuse rather than silently leave the others out.
            names = ", ".join(f"'{title}'" for title, _ in filled)
            raise ImportValidationError([RowError(
                path.name, None, None,
                f"het Excel-bestand heeft {len(filled)} werkbladen met gegevens ({names}); er wordt er maar één gelezen. "
                "Zet elk soort gegevens in een eigen bestand of verwijder de andere werkbladen")])
        return filled[0][1] if filled else tables[0][1]
    finally:
        wb.close()


def _declared_size(self) -> None:
    """Replacement for openpyxl's ``ReadOnlyWorksheet._get_size``: read the declared sheet
    size from the ``<dimension>`` element, stopping where ``<sheetData>`` *starts*.

    openpyxl's own version stops at the *end* of ``<sheetData>``: without a
    ``<dimension>`` it parses every row while opening a workbook (a sheet of 3 million
    rows took 290 MB before the first row was read). The declared size is only used by
    openpyxl itself; the importers read rows with :func:`sheet_cells`, which does not
    trust it.
    """
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    src = self._get_source()
    try:
        for _event, element in iterparse(src, events=("start",)):
            if element.tag == DIMENSION_TAG:
                self._min_column, self._min_row, self._max_column, self._max_row = (
                    SheetDimension.from_tree(element).boundaries)
                return
            if element.tag == DATA_TAG:
                return
    except Exception:  # noqa: BLE001 - a broken sheet is reported when its rows are read
        return
    finally:
        src.close()


def _bound_openpyxl() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _declared_size


_bound_openpyxl()


def open_workbook(path: Path, name: str) -> None:
    """Check an ``.xlsx`` as a zip before openpyxl opens it: file size, member count,
    uncompressed size and ratio (:func:`netwerk.ingest.limits.check_zip`).

    Raises
    ------
    ImportValidationError
        When a limit is passed.
    """
    import zipfile

    lim_.check_size(name, path.stat().st_size)
    try:
        with zipfile.ZipFile(path) as z:
            lim_.check_zip(z, name)
    except zipfile.BadZipFile:
        return  # openpyxl reports it as an unreadable workbook


def sheet_cells(ws, name: str):
    """The filled cells of a read-only worksheet, row by row, as the sheet XML holds them:
    ``(row number, {column number: ReadOnlyCell})``. The declared sheet size is not
    trusted: empty rows are not generated, and reading stops with an error at a row or
    column past the limits of :mod:`netwerk.ingest.limits`, or at a text cell that is too
    long or holds a control character.

    Raises
    ------
    ImportValidationError
        Naming the file, sheet, row and column.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    lim = lim_.limits()
    wb = ws.parent
    where = f"{name}, blad '{ws.title}'"
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            found = {}
            for c in cells:
                value = c["value"]
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                col = c["column"]
                if idx > lim.max_rows + 1:
                    raise lim_.refuse(where, f"er staat een waarde op rij {fmt_int(idx)}; de grens is "
                                             f"{fmt_int(lim.max_rows + 1)} rijen (kopregel meegeteld)", idx,
                                      get_column_letter(col))
                if col > lim.max_columns:
                    raise lim_.refuse(where, f"er staat een waarde in kolom {get_column_letter(col)} ({col}); de grens "
                                             f"is {lim.max_columns} kolommen", idx, get_column_letter(col))
                if isinstance(value, str):
                    problem = lim_.text_problem(value, lim)
                    if problem:
                        raise lim_.refuse(where, problem, idx, get_column_letter(col))
                found[col] = ReadOnlyCell(ws, idx, col, value, c["data_type"], c["style_id"])
            if found:
                yield idx, found


def sheet_values(ws, name: str) -> list[tuple]:
    """The cell values of a read-only worksheet as ``ws.iter_rows(values_only=True)`` gives
    them (row 1 first, missing rows empty, each row as wide as the widest), but read
    with :func:`sheet_cells`, so within the limits whatever size the sheet declares.

    Raises
    ------
    ImportValidationError
        As :func:`sheet_cells`.
    """
    found = list(sheet_cells(ws, name))
    if not found:
        return []
    width = max(max(cells) for _, cells in found)
    out: list[tuple] = [(None,) * width] * found[-1][0]
    for idx, cells in found:
        out[idx - 1] = tuple(cells[i].value if i in cells else None for i in range(1, width + 1))
    return out


def _sheet_rows(ws, name: str = "bestand") -> list[tuple[int, list[str | None]]]:
    rows: list[tuple[int, list[str | None]]] = []
    for idx, found in sheet_cells(ws, name):
        rows.append((idx, [_xlsx_cell(found[i].value, found[i].number_format) if i in found else None
                           for i in range(1, max(found) + 1)]))
    return rows


def _xlsx_cell(value: object, number_format: str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d-%m-%Y")
        return value.strftime("%d-%m-%Y %H:%M:%S" if value.second else "%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return _cell(repr(value))
        text = str(int(value))
        fmt = (number_format or "").strip()
        if _ZERO_PAD.match(fmt) and len(fmt) > len(text.lstrip("-")):
            text = text.zfill(len(fmt))  # a "000" format displays 7 as 007
        return text
    return _cell(str(value))


# --- table -------------------------------------------------------------------------


def _frame(rows: list[tuple[int, list[str | None]]], name: str) -> pd.DataFrame:
    rows = [(n, cells) for n, cells in rows if any(c is not None for c in cells)]
    if not rows:
        raise ImportValidationError([RowError(name, None, None, "het bestand is leeg: er is geen kopregel met kolomnamen")])
    header_row, header = rows[0]
    data = rows[1:]
    width = max([len(header)] + [len(c) for _, c in data])
    header = header + [None] * (width - len(header))
    errors: list[RowError] = []
    keep: list[int] = []
    seen: dict[str, int] = {}
    for i, col in enumerate(header):
        if col is None:
            filled = [n for n, cells in data if i < len(cells) and cells[i] is not None]
            if filled:
                message = "deze kolom heeft geen naam in de kopregel maar bevat wel waarden"
                errors.append(RowError(name, filled[0], f"kolom {i + 1}", message))
            continue
        key = col.lower()
        if key in seen:
            errors.append(RowError(name, header_row, col, f"kolomnaam '{col}' komt twee keer voor in de kopregel"))
            continue
        seen[key] = i
        keep.append(i)
    if errors:
        raise ImportValidationError(errors)
    columns = [header[i] for i in keep]
    records = [[cells[i] if i < len(cells) else None for i in keep] for _, cells in data]
    frame = pd.DataFrame(records, columns=columns, index=pd.Index([n for n, _ in data], name="rij"), dtype=object)
    frame.attrs["header_row"] = header_row
    return frame
