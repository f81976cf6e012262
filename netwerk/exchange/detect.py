"""Which exchange format a file is: by its extension and its content."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from netwerk.exchange.tables import table_role
from netwerk.exchange.workbook import is_workbook
from netwerk.ingest.kinds import detect_kind
from netwerk.ingest.limits import check_zip

__all__ = ["FORMATS", "detect_format"]

FORMATS = ("gexf", "graphml", "gml", "kumu", "workbook", "elements", "connections", "zip", "kinds")
"""What :func:`detect_format` returns: a network format, a Kumu/Gephi element or connection
CSV, a zip of those, the full workbook, or ``kinds`` (the project's own import files)."""

_GML = re.compile(rb"^\s*(?:#[^\n]*\n\s*|creator\s[^\n]*\n\s*|version\s[^\n]*\n\s*)*graph\s*\[", re.IGNORECASE)


def detect_format(name: str, data: bytes) -> str:
    """The format of a file called ``name`` with content ``data`` (one of :data:`FORMATS`).

    ``.gexf``, ``.graphml``, ``.gml`` and ``.zip`` go by extension, and XML or GML content
    is recognised under any name (``<gexf``, ``<graphml``, ``graph [``). An ``.xlsx`` is a
    Kumu workbook when it has an ``Elements`` or ``Connections`` sheet, the full workbook
    when it has its sheets, else an own import file. A ``.csv`` whose header is exactly
    that of an own import kind (every column one of the kind's, its required columns
    present: ``van;naar;bron;gewicht`` as ``netwerk template kent`` writes it) is an own
    import file, whatever else it resembles; otherwise it is an element list when column
    A is ``Label``, a connection list when columns A and B are ``From``/``To`` (or
    ``Source``/``Target``, ``van``/``naar``), else an own import file.

    Raises
    ------
    ValueError
        With a Dutch message for a file type that cannot be imported.
    ImportValidationError
        For a zip or workbook past the limits of :func:`netwerk.ingest.limits.check_zip`.
    """
    suffix = Path(name).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if suffix == ".gexf" or (head.startswith(b"<") and b"<gexf" in head):
        return "gexf"
    if suffix == ".graphml" or (head.startswith(b"<") and b"<graphml" in head):
        return "graphml"
    if suffix == ".gml" or _GML.match(head):
        return "gml"
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                members = z.namelist()
                check_zip(z, name)  # before openpyxl reads the shared strings of a workbook
        except zipfile.BadZipFile as e:
            raise ValueError("het bestand is een beschadigd zip- of Excel-bestand") from e
        if "xl/workbook.xml" not in members:
            return "zip"
        return _xlsx_format(data)
    if suffix in (".xlsx", ".xlsm"):
        raise ValueError("het Excel-bestand is niet leesbaar: het is geen geldig .xlsx-bestand")
    if suffix in (".csv", ".txt", ".tsv"):
        from netwerk.ingest.readers import decode_bytes, sniff_delimiter

        text = decode_bytes(data, name).replace("\r\n", "\n").replace("\r", "\n")
        first = next((ln for ln in text.split("\n") if ln.strip() and not ln.lower().startswith(("sep=", '"sep='))), "")
        header = [c.strip().strip('"').lstrip("\ufeff") for c in first.split(sniff_delimiter(first))]
        own = detect_kind(header, name)
        if own is not None and own.ok:
            return "kinds"  # the template's own headers (kent: van;naar;bron;gewicht) win over Kumu/Gephi lists
        return table_role(header) or "kinds"
    raise ValueError(f"onbekend bestandstype '{suffix or name}'; gebruik .gexf, .graphml, .gml, .csv, .xlsx of .zip")


def _xlsx_format(data: bytes) -> str:
    from openpyxl import load_workbook

    import netwerk.ingest.readers  # noqa: F401 - bounds openpyxl's read of the declared sheet size

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as e:  # openpyxl raises many kinds for a bad file
        raise ValueError("het Excel-bestand is niet leesbaar: het is geen geldig .xlsx-bestand") from e
    try:
        names = [ws.title for ws in wb.worksheets]
    finally:
        wb.close()
    lowered = {n.strip().lower() for n in names}
    if lowered & {"elements", "connections", "elementen", "verbindingen"}:
        return "kumu"
    if is_workbook(names):
        return "workbook"
    return "kinds"
