"""Generate the ``davis`` seed: Davis, Gardner & Gardner's Southern Women as import files.

Run ``python -m seeds.davis.generator [--out DIR]``. The attendance data come from
``networkx.davis_southern_women_graph()`` (18 women, 14 events, 89 attendances); see
``SOURCE.md`` for the source and for what was added here (ids, dates, kinds).

Mapping
-------
- women -> persons ``w01``..``w18`` in the order of the original table, kind
  ``volunteer`` (not ``resident``: residents are pseudonymous, and these published names
  must show), ``display_name`` the woman's name;
- events ``E1``..``E14`` -> activities ``e01``..``e14``, kind ``overig``, dated with the
  day and month of the original column headings in a nominal year (:data:`YEAR`) at a
  nominal 12:00 (the table has no year or time);
- attendance -> participations with role ``participant``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import networkx as nx

from seeds import fmt_datetime, write_csv

__all__ = ["DAVIS_DIR", "EVENT_DATES", "YEAR", "generate", "main"]

DAVIS_DIR = Path(__file__).resolve().parent
YEAR = 1935
"""Nominal year: the original table gives day and month only."""

EVENT_DATES: dict[str, tuple[int, int]] = {
    "E1": (6, 27), "E2": (3, 2), "E3": (4, 12), "E4": (9, 26), "E5": (2, 25), "E6": (5, 19), "E7": (3, 15),
    "E8": (9, 16), "E9": (4, 8), "E10": (6, 10), "E11": (2, 23), "E12": (4, 7), "E13": (11, 21), "E14": (8, 3),
}
"""Event -> (month, day), the column headings of the Davis et al. (1941) table as
reproduced by Freeman (2003)."""

PERSON_HEADER = ("person_id", "kind", "display_name", "pseudonym", "role_title", "org_id", "buurt_code", "skills",
                 "consent_named", "consent_date", "consent_scope", "group_ids")
ACTIVITY_HEADER = ("activity_id", "kind", "date", "buurt_code", "title", "methods", "anonymous_participants", "themes")


def generate(out_dir: Path = DAVIS_DIR) -> dict[str, int]:
    """Write persons.csv, activities.csv and participations.csv; return rows per file."""
    g = nx.davis_southern_women_graph()
    women, events = g.graph["top"], g.graph["bottom"]
    wid = {w: f"w{i:02d}" for i, w in enumerate(women, start=1)}
    eid = {e: f"e{int(e[1:]):02d}" for e in events}
    persons = [[wid[w], "volunteer", w, None, None, None, None, None, None, None, None, None] for w in women]
    activities = []
    for e in events:
        month, day = EVENT_DATES[e]
        when = dt.datetime(YEAR, month, day, 12, 0)
        title = f"Bijeenkomst {e} ({day} {_MONTHS[month - 1]})"
        activities.append([eid[e], "overig", fmt_datetime(when), None, title, None, None, None])
    parts = [[eid[e], wid[w], "participant"] for e in events for w in women if g.has_edge(w, e)]
    files = {
        "persons.csv": (PERSON_HEADER, persons),
        "activities.csv": (ACTIVITY_HEADER, activities),
        "participations.csv": (("activity_id", "person_id", "role"), parts),
    }
    for name, (header, rows) in files.items():
        write_csv(out_dir / name, header, rows)
    return {name: len(rows) for name, (_h, rows) in files.items()}


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Schrijf de davis-seed (Southern Women) als importbestanden.")
    parser.add_argument("--out", type=Path, default=DAVIS_DIR, help="map voor de CSV-bestanden (standaard: seeds/davis)")
    args = parser.parse_args(argv)
    for name, n in generate(args.out).items():
        print(f"{name}: {n} rijen")


if __name__ == "__main__":
    main()
