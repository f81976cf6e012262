"""Convert Krackhardt's high-tech managers (``source/``) into import files.

Run ``python -m seeds.krackhardt.convert [--out DIR]``. Reads only the copies in
``seeds/krackhardt/source/`` (see ``SOURCE.md``) and writes:

- ``organisations.csv``: one organisation per department, ``afd0``..``afd4``
  ("Afdeling 0 (directie)", "Afdeling 1", ...), sector ``overig``;
- ``persons.csv``: managers ``m01``..``m21`` ("Manager 1".."Manager 21"), kind
  ``professional``, role title from LEVEL (1 algemeen directeur, 2 vicepresident,
  3 manager), working for their department. AGE and TENURE have no place in the schema
  and are not imported;
- ``knows_advies.csv`` and ``knows_vriendschap.csv``: all 441 ordered pairs of each
  relation as KNOWS rows with source ``advies`` / ``vriendschap`` and the tie value as
  ``weight``. Zero rows (self-pairs included) are kept as in the source: the importer skips
  weight-0 rows as non-ties, so 190 advice and 102 friendship ties remain.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from seeds import write_csv

__all__ = ["KRACKHARDT_DIR", "RELATIONS", "convert", "main", "person_id"]

KRACKHARDT_DIR = Path(__file__).resolve().parent
SOURCE_DIR = KRACKHARDT_DIR / "source"

RELATIONS: dict[str, tuple[str, str]] = {
    "advies": ("krackhardt_advice.csv", "advice_tie"),
    "vriendschap": ("krackhardt_friendship.csv", "friendship_tie"),
}
"""KNOWS source -> (source file, tie column)."""

LEVELS = {"1": "algemeen directeur", "2": "vicepresident", "3": "manager"}
PERSON_HEADER = ("person_id", "kind", "display_name", "pseudonym", "role_title", "org_id", "buurt_code", "skills",
                 "consent_named", "consent_date", "consent_scope", "group_ids")


def person_id(number: int | str) -> str:
    """Manager number (1..21) -> person id (``m01``..``m21``)."""
    return f"m{int(number):02d}"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _dept(number: str) -> tuple[str, str]:
    return f"afd{int(number)}", "Afdeling 0 (directie)" if int(number) == 0 else f"Afdeling {int(number)}"


def convert(out_dir: Path = KRACKHARDT_DIR, source_dir: Path = SOURCE_DIR) -> dict[str, int]:
    """Write the import files into ``out_dir``; return rows written per file."""
    attrs = _read(source_dir / "krackhardt_attributes.csv")
    depts = sorted({_dept(a["DEPT"]) for a in attrs})
    files: dict[str, tuple[tuple[str, ...], list[list[object]]]] = {
        "organisations.csv": (("org_id", "name", "sector"), [[oid, name, "overig"] for oid, name in depts]),
        "persons.csv": (
            PERSON_HEADER,
            [[person_id(a["ids"]), "professional", f"Manager {int(a['ids'])}", None, LEVELS[a["LEVEL"]],
              _dept(a["DEPT"])[0], None, None, None, None, None, None] for a in attrs],
        ),
    }
    for source, (file_name, column) in RELATIONS.items():
        rows = [[person_id(r["ego"]), person_id(r["alter"]), source, None, int(r[column])] for r in _read(source_dir / file_name)]
        files[f"knows_{source}.csv"] = (("from_id", "to_id", "source", "since", "weight"), rows)
    for name, (header, rows) in files.items():
        write_csv(out_dir / name, header, rows)
    return {name: len(rows) for name, (_h, rows) in files.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Zet de Krackhardt-managers om naar importbestanden.")
    parser.add_argument("--out", type=Path, default=KRACKHARDT_DIR,
                        help="map voor de CSV-bestanden (standaard: seeds/krackhardt)")
    args = parser.parse_args(argv)
    for name, n in convert(args.out).items():
        print(f"{name}: {n} rijen")


if __name__ == "__main__":
    main()
