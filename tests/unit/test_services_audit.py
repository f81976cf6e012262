"""The audit log: written by services and CLI, read and exported by coordinators only,
never changed."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.cli import app
from netwerk.services import audit, users

COORD = Viewer(user_id="marieke", role="coordinator")


def test_log_event_records_who_what_and_when(store):
    audit.log_event(COORD, store, "view", target="Netwerkkaart")
    audit.log_event(Viewer(user_id="anna", role="professional"), store, "view", target="Actoren", detail="x" * 900)
    log = audit.audit_log(COORD, store)
    assert list(log.columns) == ["at", "user_id", "role", "action", "action_label", "target", "detail", "event_id"]
    assert list(log["user_id"]) == ["anna", "marieke"]
    assert list(log["role"]) == ["professional", "coordinator"]
    assert list(log["action_label"]) == ["bekeken", "bekeken"]
    assert len(log.loc[0, "detail"]) == 500
    assert log.loc[0, "at"] >= log.loc[1, "at"]


@pytest.mark.parametrize("role", ["professional", "bestuurder"])
def test_only_coordinators_read_or_export(store, role):
    audit.log_event(COORD, store, "view", target="Overzicht")
    v = Viewer(user_id="x", role=role)
    with pytest.raises(PermissionDenied):
        audit.audit_log(v, store)
    with pytest.raises(PermissionDenied):
        audit.audit_csv(v, store)


def test_csv_export_for_dutch_excel_neutralises_formulas(store):
    audit.log_event(COORD, store, "edit", target="=HYPERLINK(\"http://x\")", detail="+1 bewerkt")
    raw = audit.audit_csv(COORD, store)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == ["tijdstip", "gebruiker", "rol", "actie", "omschrijving", "doel", "toelichting", "id"]
    assert rows[0]["doel"] == "'=HYPERLINK(\"http://x\")" and rows[0]["toelichting"] == "'+1 bewerkt"
    assert rows[0]["omschrijving"] == "bewerkt"
    # The export itself is logged.
    assert audit.audit_log(COORD, store).loc[0, "action"] == "audit_export"


def test_services_write_the_log(store):
    users.add_user(SYSTEM, store, "anna", "professional", "wachtwoord-anna")
    users.set_role(SYSTEM, store, "anna", "bestuurder")
    log = audit.audit_log(COORD, store)
    assert list(zip(log["action"], log["target"], log["detail"], strict=True)) == [
        ("user_changed", "anna", "rol professional -> bestuurder"),
        ("user_added", "anna", "rol professional"),
    ]
    assert "wachtwoord-anna" not in log.to_string()


def test_cli_import_is_logged(store_url, store, tmp_path):
    f = tmp_path / "organisaties.csv"
    f.write_text("org_id;name;sector\no1;Gemeente Raalte;gemeente\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["--store", store_url, "import", str(f)])
    assert r.exit_code == 0, r.output
    log = audit.audit_log(COORD, store)
    assert list(log["action"]) == ["import"] and log.loc[0, "target"] == "organisaties.csv"
    assert log.loc[0, "user_id"].startswith("cli:") and log.loc[0, "role"] == "coordinator"


def test_the_log_offers_no_way_to_change_it(store):
    public = [n for n in dir(audit) if not n.startswith("_")]
    assert not [n for n in public if any(w in n for w in ("delete", "update", "erase", "purge", "edit"))]
    assert not [n for n in dir(store) if "audit" in n and n not in {"append_audit", "audit_events", "audit_chain"}]
