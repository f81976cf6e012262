"""Convert the CBS Kerncijfers for Raalte (``source/``) into an area import file.

Run ``python -m seeds.cbs.convert [--out DIR]``. Reads only the copy
``seeds/cbs/source/raalte_kwb2024_wijken.csv`` (see ``SOURCE.md``) and writes
``gebieden.csv`` (kind ``gebieden``) next to this module, which ``netwerk seed demo``
loads with the demo: one row per area with

- ``code``: the CBS region code (``GM0177``, ``WK017701`` .. ``WK017709``), the key;
- ``name``: the gemeente's name is CBS's own ("Raalte"); the wijk names are NOT from
  CBS but were inferred by whoever prepared the file (marked ``[inferred]`` there, and
  ``[inferred, uncertain]`` with two candidates for WK017704 and WK017706), so they are
  written without the marker, " or " as " of ", and ``name_uncertain = ja``;
- ``level``: gemeente or wijk, from the code;
- every CBS column of the source (``AantalInwoners_5``, ...) unchanged.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from seeds import fmt_bool, write_csv

__all__ = ["CBS_DIR", "SOURCE_FILE", "area_name", "convert", "main", "read_source"]

CBS_DIR = Path(__file__).resolve().parent
SOURCE_FILE = CBS_DIR / "source" / "raalte_kwb2024_wijken.csv"

_MARKER = re.compile(r"\s*\[(inferred(?:,\s*uncertain)?)\]\s*$")


def read_source(path: Path = SOURCE_FILE) -> list[dict[str, str]]:
    """The data rows of the source file (its ``#`` comment lines skipped), as text."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def area_name(code: str, written: str) -> tuple[str, bool]:
    """(name, name_uncertain) from the source's ``naam_vermoedelijk`` cell.

    ``"Heino [inferred]"`` -> ``("Heino", True)``; ``"Broekland or Nieuw Heeten [inferred,
    uncertain]"`` -> ``("Broekland of Nieuw Heeten", True)``; the gemeente
    ``"Raalte (gemeente)"`` (no marker: CBS's own name) -> ``("Raalte", False)``.
    """
    uncertain = _MARKER.search(written) is not None
    name = _MARKER.sub("", written).replace(" or ", " of ")
    if code.startswith("GM"):
        name = name.removesuffix(" (gemeente)")
    return name, uncertain


def convert(out_dir: Path = CBS_DIR, source: Path = SOURCE_FILE) -> int:
    """Write ``gebieden.csv`` into ``out_dir``; return the number of areas written."""
    rows = read_source(source)
    indicators = [c for c in rows[0] if c not in ("regiocode", "naam_vermoedelijk")]
    out = []
    for r in rows:
        code = r["regiocode"].strip()
        name, uncertain = area_name(code, r["naam_vermoedelijk"].strip())
        level = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}[code[:2]]
        out.append([code, name, level, fmt_bool(uncertain), *(r[c].strip() for c in indicators)])
    write_csv(out_dir / "gebieden.csv", ("code", "name", "level", "name_uncertain", *indicators), out)
    return len(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Zet de CBS-kerncijfers van Raalte om naar een gebiedenbestand.")
    parser.add_argument("--out", type=Path, default=CBS_DIR, help="map voor gebieden.csv (standaard: seeds/cbs)")
    args = parser.parse_args(argv)
    print(f"gebieden.csv: {convert(args.out)} rijen")


if __name__ == "__main__":
    main()
