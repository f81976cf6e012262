"""One property added to the registry flows everywhere: Organisation.website.

It was added as one declaration in ``graph_schema`` (plus migration 6, and ``make schema``
regenerating ``netwerk/entities.py``); nothing else was touched. This test follows it through
the import template, an import, the store (SQLite and Neo4j), the full-workbook export and
import, a copy between stores and the pydantic model.
"""

from __future__ import annotations

import sqlite3

from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import Organisation
from netwerk.ingest.kinds import FILE_KINDS
from netwerk.ingest.templates import template_help, write_template
from netwerk.services.copying import copy_store
from netwerk.services.exchange import apply_import, export_network, prepare_import
from netwerk.services.importing import import_files

COORD = Viewer(user_id="coordinator", role="coordinator")
SITE = "https://www.raalte.nl"


def test_website_in_template_and_model(tmp_path):
    column = FILE_KINDS["organisations"].column("website")
    assert (column.aliases, column.help, column.example, column.required) == (
        ("webadres", "site"), "Website van de organisatie.", SITE, False)
    header = write_template("organisaties", tmp_path / "o.csv").read_text(encoding="utf-8-sig").strip()
    assert header == "org_id;name;sector;website"
    assert "- website (ook: webadres, site): Website van de organisatie." in template_help("organisaties")
    assert Organisation(org_id="o", name="X", sector="zorg", website=f" {SITE} ").website == SITE
    assert Organisation(org_id="o", name="X", sector="zorg").website is None


def test_migration_6_adds_the_column_to_an_old_database(tmp_path):
    from graph_schema.migrations import MIGRATIONS

    (m6,) = [m for m in MIGRATIONS if m.version == 6]
    assert m6.sqlite == ("ALTER TABLE organisation ADD COLUMN website TEXT",)
    path = tmp_path / "oud.sqlite"
    conn = sqlite3.connect(path)
    for m in MIGRATIONS[:5]:  # a store at version 5, before the website existed
        for stmt in m.sqlite:
            conn.execute(stmt)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    conn.executemany("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01T00:00:00+00:00')",
                     [(m.version, m.name) for m in MIGRATIONS[:5]])
    conn.commit()
    conn.close()
    store = open_store(f"sqlite:///{path}")
    assert store.schema_version() == MIGRATIONS[-1].version  # 6 and any later migration
    assert "website" in store.table("organisations").columns
    store.close()


def test_website_flows_through_import_store_workbook_and_copy(backend, tmp_path):
    path = tmp_path / "organisaties.csv"
    path.write_text(f"org_id;naam;sector;webadres\nORG01;Gemeente Raalte;gemeente;{SITE}\nORG02;Zorg;zorg;\n",
                    encoding="utf-8")
    import_files(backend, [path])
    orgs = backend.table("organisations").set_index("org_id")
    assert orgs.loc["ORG01", "website"] == SITE and orgs.loc["ORG02", "website"] is None

    f = export_network(COORD, backend, "xlsx")
    dst = open_store(f"sqlite:///{tmp_path / 'werkboek.sqlite'}")
    apply_import(COORD, dst, prepare_import(COORD, dst, [(f.filename, f.data)]))
    assert dst.table("organisations").set_index("org_id").loc["ORG01", "website"] == SITE

    copy = open_store(f"sqlite:///{tmp_path / 'kopie.sqlite'}")
    assert copy_store(COORD, backend, copy).complete
    assert copy.table("organisations").set_index("org_id").loc["ORG01", "website"] == SITE
    for s in (dst, copy):
        s.close()
