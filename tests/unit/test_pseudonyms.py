"""A real name typed or imported as a resident's pseudonym is flagged for the coordinator."""

from __future__ import annotations

import pytest

from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.domain import ChangeSet, Person
from netwerk.services.pseudonyms import looks_like_name, pseudonym_warning, suspicious_pseudonyms


@pytest.mark.parametrize(("text", "expected"), [
    ("Fatima el Amrani", True), ("Jan de Vries", True), ("J. Bakker", True), ("Mehmet Öztürk", True),
    ("Henk-Jan van der Berg", True),
    ("Bewoner 12", False), ("Buurvrouw Lindelaan", False), ("Anna", False), ("bewoner a", False), ("", False), (None, False),
])
def test_looks_like_name(text, expected):
    assert looks_like_name(text) is expected


def test_a_known_name_is_flagged_whatever_its_shape():
    assert pseudonym_warning("ANNA", {"Anna"}) == (
        "Dit pseudoniem is de naam van een persoon in de database. Kies een pseudoniem zonder naam.")
    assert pseudonym_warning("Bewoner 7", {"Anna"}) is None


def test_the_coordinator_gets_the_list(store):
    store.apply(ChangeSet(persons=[
        Person(person_id="r1", kind="resident", pseudonym="Bewoner 1"),
        Person(person_id="r2", kind="resident", pseudonym="Jan de Vries"),
        Person(person_id="r3", kind="resident", pseudonym="Fenna"),
        Person(person_id="p1", kind="professional", display_name="Fenna Bos"),
        Person(person_id="p2", kind="professional", display_name="Piet Smit", pseudonym="Piet Smit"),
    ]))
    found = suspicious_pseudonyms(SYSTEM, store)
    assert list(found["person_id"]) == ["r2"]
    assert found.loc[0, "warning"].startswith("Dit pseudoniem lijkt op een echte naam.")
    for role in ("professional", "bestuurder"):
        with pytest.raises(PermissionDenied):
            suspicious_pseudonyms(Viewer(user_id="x", role=role), store)


def test_the_privacy_page_shows_them(store, store_url, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from dashboard.session import VIEWER_KEY

    store.apply(ChangeSet(persons=[Person(person_id="r2", kind="resident", pseudonym="Jan de Vries")]))
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"), default_timeout=120)
    at.session_state[VIEWER_KEY] = SYSTEM
    at.run()
    at.switch_page("app_pages/beheer_privacy.py").run()
    assert not at.exception
    assert "1 pseudoniem lijkt op een echte naam. Geef deze bewoner een ander pseudoniem." in [w.value for w in at.warning]
    table = [d.value for d in at.dataframe if "Pseudoniem" in d.value.columns][0]
    assert list(table["Pseudoniem"]) == ["Jan de Vries"]
