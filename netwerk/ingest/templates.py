"""Empty, documented import templates, one per file kind.

An ``.xlsx`` template has the header row on its first sheet (columns formatted as text,
so ``007`` stays ``007``) and a second sheet "Toelichting" describing every column. A
``.csv`` template is a semicolon-delimited UTF-8 (with BOM) header line, the way Dutch
Excel reads and writes CSV; its documentation is :func:`template_help`.
"""

from __future__ import annotations

from pathlib import Path

from netwerk.domain import InputError
from netwerk.ingest.kinds import TEMPLATE_KINDS, Column, FileKind, resolve_kind

__all__ = ["TEMPLATE_KINDS", "template_help", "template_kind", "write_template"]

_HELP_COLUMNS = ("kolom", "verplicht", "betekenis", "toegestane waarden", "formaat", "voorbeeld", "ook herkend als")


def template_kind(kind: str) -> FileKind:
    """The file kind for a Dutch template name or an English kind name.

    Raises
    ------
    InputError
        In Dutch, listing the template kinds, for an unknown name.
    """
    found = resolve_kind(kind)
    if found is None:
        raise InputError(f"Onbekend soort sjabloon '{kind}'. Kies uit: {', '.join(TEMPLATE_KINDS)}.")
    return found


def _allowed(column: Column) -> str:
    vocab = column.allowed()
    if vocab is None:
        return ""
    if column.vocabulary == "THEMES":
        return ", ".join(vocab) + " (de themalijst van de store; uitbreidbaar door de coördinator)"
    return ", ".join(f"{k} ({v})" if str(v).lower() != str(k).lower() else str(k) for k, v in vocab.items())


def _help_rows(kind: FileKind) -> list[tuple[str, ...]]:
    return [
        (c.name, "ja" if c.required else "nee", c.help, _allowed(c), c.format(), c.example, ", ".join(c.aliases))
        for c in kind.columns
    ]


def template_help(kind: str) -> str:
    """Dutch documentation of a template kind: its purpose and, per column, meaning,
    whether it is required, allowed values and format.

    Raises
    ------
    InputError
        For an unknown kind.
    """
    k = template_kind(kind)
    lines = [
        f"Sjabloon '{k.dutch}' ({k.name})",
        k.description,
        "Eén rij per regel, kopregel met de kolomnamen hieronder (de namen achter 'ook:' worden ook herkend). "
        "Lege cellen zijn 'niet ingevuld'. Datums als dd-mm-jjjj, getallen met een decimale komma, "
        "lijsten gescheiden door |.",
        "",
    ]
    for name, required, meaning, allowed, fmt, example, aliases in _help_rows(k):
        also = f" (ook: {aliases})" if aliases else ""
        lines.append(f"- {name}{also}: {meaning} {'Verplicht.' if required == 'ja' else 'Optioneel.'} "
                     f"Formaat: {fmt}." + (f" Toegestaan: {allowed}." if allowed else "") + f" Voorbeeld: {example}")
    return "\n".join(lines)


def write_template(kind: str, path: Path) -> Path:
    """Write an empty, documented template for ``kind`` to ``path``.

    Parameters
    ----------
    kind
        A Dutch template name (``organisaties``, ``personen``, ``groepen``,
        ``activiteiten``, ``deelname``, ``themas``, ``kent``, ``rondes``,
        ``beoordelingen``) or the English kind name.
    path
        A ``.xlsx`` or ``.csv`` file, or an existing directory (then
        ``<dir>/<dutch name>.xlsx`` is written).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        For an unknown kind or an unsupported file extension.
    """
    k = template_kind(kind)
    path = Path(path)
    if path.is_dir():
        path = path / f"{k.dutch}.xlsx"
    suffix = path.suffix.lower()
    header = [c.name for c in k.columns]
    if suffix == ".csv":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(("\ufeff" + ";".join(header) + "\r\n").encode("utf-8"))
        return path
    if suffix != ".xlsx":
        raise InputError(f"Sjablonen zijn er als .xlsx of .csv, niet als '{path.suffix or path.name}'.")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = k.dutch
    ws.append(header)
    for i, column in enumerate(k.columns, start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.column_dimensions[letter].width = max(14, len(column.name) + 4)
        # Text format, so Excel keeps leading zeros and does not turn ids into numbers.
        ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    doc = wb.create_sheet("Toelichting")
    doc.append([f"Sjabloon '{k.dutch}': {k.description}"])
    doc.append(["Vul het eerste tabblad in: één rij per regel, de kopregel niet wijzigen. Lege cellen zijn 'niet ingevuld'."])
    doc.append([])
    doc.append(list(_HELP_COLUMNS))
    for cell in doc[4]:
        cell.font = Font(bold=True)
    for row in _help_rows(k):
        doc.append(list(row))
    for i, width in enumerate((22, 10, 60, 50, 28, 22, 30), start=1):
        doc.column_dimensions[get_column_letter(i)].width = width
    for row in doc.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path

