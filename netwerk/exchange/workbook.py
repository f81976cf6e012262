"""The full Excel workbook: every table of the store, one sheet each, and back.

Sheet per ChangeSet field (:data:`SHEETS`: ``organisaties``, ``personen``, ...), columns
the schema's properties (:mod:`graph_schema`), one row per record, sorted by key. Cells:
text; whole and decimal numbers; ``WAAR``/``ONWAAR`` booleans; dates as Excel dates;
date-times as ISO 8601 text with their UTC offset (``2025-01-13T19:30:00+01:00``, exact
also around daylight-saving changes); lists joined with ``|``; JSON objects
(``indicators``, ``attributes``) as JSON text. A first sheet ``Buurtnetwerk`` says what
the file is.

Privacy (as for every export): a resident's name is never written (their pseudonym is),
nor anyone's e-mail or phone, nor the hash of an evaluation link (``token_hash``: with it
a copy of the file could be matched against a link). Importing the workbook keeps what it
leaves out (a consented resident name, contact details, a link's hash) from the store; an
evaluation invite the store does not hold gets the hash of a random, never-shown token (its
link does not work; the coordinator gives a new one). ``netwerk copy`` keeps everything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

import graph_schema as gs
from netwerk.domain import MODELS, ChangeSet, RowError
from netwerk.exchange.tables import unformula
from netwerk.spreadsheet import formula_safe
from netwerk.store.base import CHANGESET_SCHEMA, key_columns

__all__ = ["ABOUT_SHEET", "OMITTED", "SHEETS", "is_workbook", "read_workbook", "write_workbook"]

SHEETS: dict[str, str] = {f: d.sheet for f, d in gs.SCHEMA.items()}
"""ChangeSet field -> sheet name (the registry's ``sheet``), in the order a write applies them."""

ABOUT_SHEET = "Buurtnetwerk"
OMITTED: dict[str, tuple[str, ...]] = {"persons": ("email", "phone"), "survey_invites": ("token_hash",)}
"""Columns never written (contact details, link hashes); resident names are blanked per row."""

_JSON = ("indicators", "attributes", "answers")


def _props(fname: str) -> dict[str, gs.Prop]:
    return {p.name: p for p in gs.table_props(CHANGESET_SCHEMA[fname])}


def write_workbook(tables: dict[str, pd.DataFrame], about: list[tuple[str, str]]) -> bytes:
    """The workbook of ``tables`` (ChangeSet field -> ``Store.table`` frame); ``about`` are
    (key, value) rows for the first sheet (source, date, period)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        pd.DataFrame(about, columns=["gegeven", "waarde"]).to_excel(xw, sheet_name=ABOUT_SHEET, index=False)
        for fname, sheet in SHEETS.items():
            df = tables[fname]
            props = _props(fname)
            cols = [c for c in props if c not in OMITTED.get(fname, ())]
            out = pd.DataFrame({c: [_cell(v, props[c]) for v in df[c]] for c in cols}, columns=cols, dtype=object)
            if fname == "persons" and len(out):
                out.loc[df["kind"].to_numpy() == "resident", "display_name"] = None
            formula_safe(out).to_excel(xw, sheet_name=sheet, index=False)
    return buf.getvalue()


def _cell(v: Any, prop: gs.Prop) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    if prop.name in _JSON:
        return json.dumps(v, ensure_ascii=False, sort_keys=True) if v else None
    if prop.type == "list":
        return "|".join(str(x) for x in v) if v else None
    if prop.type == "datetime":
        return v.isoformat()
    return v


def is_workbook(sheet_names: list[str]) -> bool:
    """Whether a workbook's sheets are those of :func:`write_workbook` (its first sheet, or
    at least two table sheets)."""
    names = {s.strip().lower() for s in sheet_names}
    return ABOUT_SHEET.lower() in names or len(names & set(SHEETS.values())) >= 2


def read_workbook(path: Path, existing: dict[str, pd.DataFrame]) -> tuple[ChangeSet, list[RowError]]:  # noqa: C901
    """The records of a workbook written by :func:`write_workbook` (or edited in Excel).

    ``existing`` holds the store's ``persons`` and ``survey_invites`` tables: a person keeps
    the columns the workbook leaves out (e-mail, phone; a resident's consented name), an
    invite its ``token_hash`` (a new invite gets the hash of a random token: a dead link). Columns that are no
    property of the sheet's table are kept in ``attributes`` where the table has them
    (personen, organisaties, kent) and are an error elsewhere.

    Returns the ChangeSet and every problem (file, row, column, Dutch message).
    """
    from openpyxl import load_workbook

    from netwerk.ingest.readers import open_workbook, sheet_values

    errors: list[RowError] = []
    changes = ChangeSet()
    open_workbook(path, path.name)
    wb = load_workbook(path, data_only=True, read_only=True)
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        persons = {str(r["person_id"]): r for r in existing.get("persons", pd.DataFrame()).to_dict("records")}
        hashes = {(str(r["survey_id"]), str(r["person_id"])): r["token_hash"]
                  for r in existing.get("survey_invites", pd.DataFrame()).to_dict("records")}
        for fname, sheet in SHEETS.items():
            ws = sheets.get(sheet)
            if ws is None:
                continue
            rows = sheet_values(ws, path.name)
            if not rows:
                continue
            header = [str(h).strip() if h is not None else "" for h in rows[0]]
            props = _props(fname)
            where = f"{path.name}, blad {sheet}"
            unknown = [h for h in header if h and h not in props]
            if unknown and "attributes" not in props:
                errors += [RowError(where, 1, h, f"onbekende kolom; toegestaan: {', '.join(props)}") for h in unknown]
                continue
            models = []
            for number, cells in enumerate(rows[1:], start=2):
                if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                    continue
                record: dict[str, Any] = {}
                ok = True
                extra: dict[str, Any] = {}
                for h, c in zip(header, cells, strict=False):
                    if not h:
                        continue
                    c = unformula(c.strip()) if isinstance(c, str) else c
                    if h not in props:
                        if c is not None and c != "":
                            extra[h] = c
                        continue
                    try:
                        record[h] = _value(c, props[h])
                    except ValueError as e:
                        errors.append(RowError(where, number, h, str(e)))
                        ok = False
                if not ok:
                    continue
                if extra:
                    record["attributes"] = {**(record.get("attributes") or {}), **extra}
                if fname == "persons":
                    old = persons.get(str(record.get("person_id")), {})
                    for col in OMITTED["persons"]:
                        record.setdefault(col, old.get(col))
                    if record.get("kind") == "resident" and not record.get("display_name"):
                        record["display_name"] = old.get("display_name")
                if fname == "survey_invites" and not record.get("token_hash"):
                    record["token_hash"] = hashes.get((str(record.get("survey_id")), str(record.get("person_id")))) \
                        or hashlib.sha256(secrets.token_bytes(32)).hexdigest()
                try:
                    models.append(MODELS[fname](**{k: v for k, v in record.items() if k in MODELS[fname].model_fields}))
                except ValidationError as e:
                    for err in e.errors():
                        field = ".".join(str(x) for x in err["loc"]) or None
                        errors.append(RowError(where, number, field, str(err["msg"]).removeprefix("Value error, ")))
            keys = [tuple(getattr(m, k) for k in key_columns(fname)) for m in models]
            if len(set(keys)) != len(keys):
                errors.append(RowError(where, None, ", ".join(key_columns(fname)), "dezelfde sleutel staat er twee keer in"))
            setattr(changes, fname, models)
    finally:
        wb.close()
    return changes, errors


def _value(c: Any, prop: gs.Prop) -> Any:
    """A cell as the value of ``prop``, within the limits of :mod:`netwerk.ingest.limits`
    (dates, whole and decimal numbers)."""
    from netwerk.ingest.limits import limits

    v = _raw_value(c, prop)
    lim = limits()
    day = v.date() if isinstance(v, dt.datetime) else v if isinstance(v, dt.date) else None
    if day is not None and not lim.min_date <= day <= lim.max_date:
        raise ValueError(f"datum '{c}' ligt buiten het toegestane bereik {lim.date_range()}")
    if isinstance(v, int) and not isinstance(v, bool) and not lim.min_int <= v <= lim.max_int:
        raise ValueError(f"het getal {c} is te groot; toegestaan is {lim.min_int} t/m {lim.max_int}")
    if isinstance(v, float) and not abs(v) <= lim.max_abs_decimal:
        raise ValueError(f"het getal {c} is te groot (of geen getal)")
    return v


def _raw_value(c: Any, prop: gs.Prop) -> Any:  # noqa: C901
    if c is None or (isinstance(c, str) and c == ""):
        if prop.name == "indicators":
            return {}
        return () if prop.type == "list" and prop.name not in _JSON else None
    if prop.name in _JSON:
        try:
            return json.loads(c) if isinstance(c, str) else c
        except json.JSONDecodeError as e:
            raise ValueError(f"geen geldige JSON: {e.msg}") from e
    if prop.type == "list":
        return tuple(s.strip() for s in str(c).split("|") if s.strip())
    if prop.type == "datetime":
        if isinstance(c, dt.datetime):
            return c
        try:
            return dt.datetime.fromisoformat(str(c))
        except ValueError as e:
            raise ValueError(f"'{c}' is geen datum en tijd (verwacht 2025-01-13T19:30:00+01:00)") from e
    if prop.type == "date":
        if isinstance(c, dt.datetime):
            return c.date()
        if isinstance(c, dt.date):
            return c
        from netwerk.ingest.parse import parse_date

        return parse_date(str(c))
    if prop.type == "bool":
        if isinstance(c, bool):
            return c
        from netwerk.ingest.parse import parse_bool

        return parse_bool(str(c))
    if prop.type == "int":
        if isinstance(c, float) and c.is_integer():
            return int(c)
        return c
    if prop.type == "text" and not isinstance(c, str):
        return str(int(c)) if isinstance(c, float) and c.is_integer() else str(c)
    return c
