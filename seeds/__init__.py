"""Bundled datasets, written as ordinary import files (see ``netwerk seed NAME``).

Each seed is a folder whose ``*.csv`` files (top level only) are loaded, all at once,
through the normal importer (:func:`netwerk.services.importing.import_files`):

- ``demo/``: one fictional year (2025) of the buurtgerichte aanpak in Raalte (wijk
  WK017701), produced by ``python -m seeds.demo.generator``.
- ``davis/``: Davis, Gardner & Gardner's Southern Women (``python -m seeds.davis.generator``).
- ``krackhardt/``: Krackhardt's high-tech managers, advice and friendship ties, converted
  by ``python -m seeds.krackhardt.convert`` from the copies in ``krackhardt/source/``.

The files use the importer's canonical format: semicolon delimiter, UTF-8 without BOM,
``\\n`` line endings, dates ``dd-mm-yyyy`` or ``dd-mm-yyyy HH:MM`` (Europe/Amsterdam),
lists ``|``-separated, booleans ``ja``/``nee``. The helpers below write that format so
every generator produces byte-identical output on every run.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["SEED_NAMES", "fmt_bool", "fmt_date", "fmt_datetime", "fmt_list", "write_csv"]

SEED_NAMES: tuple[str, ...] = ("demo", "davis", "krackhardt")
"""Names of the bundled seeds; each is a sub-folder of this package."""


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write one import file in the canonical format (``None`` becomes an empty cell)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            if len(row) != len(header):
                raise ValueError(f"{path.name}: row has {len(row)} cells, header has {len(header)}")
            writer.writerow(["" if v is None else v for v in row])


def fmt_date(d: dt.date | None) -> str:
    """``dd-mm-yyyy`` (the importer never reads it as mm-dd)."""
    return "" if d is None else d.strftime("%d-%m-%Y")


def fmt_datetime(d: dt.datetime) -> str:
    """``dd-mm-yyyy HH:MM``, wall-clock time in Europe/Amsterdam."""
    return d.strftime("%d-%m-%Y %H:%M")


def fmt_list(values: Iterable[str]) -> str:
    return "|".join(values)


def fmt_bool(value: bool) -> str:
    return "ja" if value else "nee"
