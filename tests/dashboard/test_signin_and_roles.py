"""Sign-in and roles in the dashboard (AppTest): nothing without sign-in, each role's
navigation holds only its pages, every page runs for every role that may open it and
shows no name that role may not see, the admin pages work with confirmation, and page
views and sign-ins reach the audit log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES, pages_for
from dashboard.session import VIEWER_KEY
from netwerk.access import SYSTEM, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, Activity, InputError, Participation, Person
from netwerk.services import users
from netwerk.services.auth import AccountLocked
from tests.dashboard.small_network import HOSTILE_NAME, small_network

FAILED = str(AccountLocked(1.0))

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
TIMEOUT = 120
CONSENTED = "Riet Hofman"
VIEWERS = {
    "coordinator": Viewer(user_id="coord", role="coordinator", person_id="p-anna"),
    "professional": Viewer(user_id="pro", role="professional", person_id="p-cem"),
    "bestuurder": Viewer(user_id="best", role="bestuurder", person_id="p-bert"),
}


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    s = open_store(store_url)
    cs = small_network()
    cs.persons.append(Person(person_id="r-9", kind="resident", pseudonym="Bewoner 9", display_name=CONSENTED,
                             consent_named=True, consent_date=dt.date(2025, 2, 1), consent_scope="naam zichtbaar"))
    cs.activities.append(Activity(activity_id="a-x", kind="straatgesprek", date=dt.datetime(2025, 2, 3, 15, tzinfo=AMSTERDAM)))
    cs.participations += [Participation(activity_id="a-x", person_id="r-9"), Participation(activity_id="a-x", person_id="p-anna")]
    s.apply(cs)
    s.close()
    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    return store_url


def app(viewer: Viewer | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if viewer is not None:
        at.session_state[VIEWER_KEY] = viewer
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """All text the page sent to the browser: element protos (as UTF-8 text) and tables."""
    parts: list[str] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
            return
        value = getattr(node, "value", None) if getattr(node, "type", "") == "arrow_data_frame" else None
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(parts)


def test_without_sign_in_only_the_sign_in_form_runs(url: str) -> None:
    at = app()
    assert [t.value for t in at.title] == ["Aanmelden"]
    assert not at.metric and not at.dataframe
    with pytest.raises(ValueError):
        at.switch_page("app_pages/overzicht.py")
    assert any("netwerk users add" in i.value for i in at.info)  # first run: how to create an account


def test_sign_in_form(url: str) -> None:
    store = open_store(url)
    users.add_user(SYSTEM, store, "marieke", "coordinator", "wachtwoord-marieke")
    at = app()
    at.text_input(key="login_user").input("marieke")
    at.text_input(key="login_password").input("fout-wachtwoord")
    at.button[0].click().run()
    assert [e.value for e in at.error] == [FAILED]
    assert VIEWER_KEY not in at.session_state
    at.text_input(key="login_password").input("wachtwoord-marieke")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Overzicht"
    assert at.session_state[VIEWER_KEY] == Viewer(user_id="marieke", role="coordinator")
    events = store.audit_events()
    assert list(events["action"][:3]) == ["view", "sign_in", "sign_in_failed"]
    assert events.loc[0, "target"] == "Overzicht"


def test_repeated_failures_are_slowed_down_in_the_form(url: str) -> None:
    store = open_store(url)
    users.add_user(SYSTEM, store, "marieke", "coordinator", "wachtwoord-marieke")
    at = app()
    at.text_input(key="login_user").input("marieke")
    for _ in range(3):
        at.text_input(key="login_password").input("fout-wachtwoord")
        at.button[0].click().run()
    at.text_input(key="login_password").input("wachtwoord-marieke")
    at.button[0].click().run()
    assert at.error[0].value == FAILED  # the same answer as for an unknown account
    assert at.title[0].value == "Aanmelden"


def test_demo_accounts_are_shown_only_for_the_demo_store(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from netwerk.services.seeding import seed

    monkeypatch.setenv("NETWERK_STORE_URL", store_url)
    store = open_store(store_url)
    seed(store, "demo")
    users.ensure_demo_accounts(SYSTEM, store)
    at = app()
    hint = "\n".join(i.value for i in at.info)
    assert "`professional`, wachtwoord `demo-professional`" in hint
    for uid in ("coordinator", "professional", "bestuurder"):
        users.set_password(SYSTEM, store, uid, "een-echt-wachtwoord")
    assert not app().info


@pytest.mark.parametrize("role", list(VIEWERS))
def test_navigation_holds_only_the_roles_pages(url: str, role: str) -> None:
    at = app(VIEWERS[role])
    for spec in PAGES:
        if role in spec.roles:
            at.switch_page(spec.path)
        else:
            with pytest.raises(ValueError):
                at.switch_page(spec.path)
    assert "Auditlog" in {p.title for p in pages_for("coordinator")}
    assert not [p for p in pages_for("bestuurder") if p.section == "Beheer"]


@pytest.mark.parametrize(("role", "page"), [(r, p.path) for r in VIEWERS for p in PAGES if r in p.roles])
def test_every_page_as_every_role_shows_only_allowed_names(url: str, role: str, page: str) -> None:
    store = open_store(url)
    persons = store.table("persons")
    display = {str(v) for v in persons["display_name"] if v}
    pseudonyms = {str(v) for v in persons["pseudonym"] if v}
    at = app(VIEWERS[role])
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "Aangemeld als" in text
    if role == "bestuurder":
        assert {n for n in display | pseudonyms if n in text} == set()
    elif role == "professional":
        assert CONSENTED not in text
    events = store.audit_events()
    assert (events.loc[0, "action"], events.loc[0, "user_id"]) == ("view", VIEWERS[role].user_id)


def test_the_scan_finds_names_where_they_are_allowed(url: str) -> None:
    at = app(VIEWERS["coordinator"])
    at.switch_page("app_pages/actoren.py").run()
    text = page_text(at)
    assert CONSENTED in text and HOSTILE_NAME in text


def test_sign_out_forgets_the_viewer(url: str) -> None:
    at = app(VIEWERS["professional"])
    at.button(key="afmelden").click().run()
    assert not at.exception
    assert VIEWER_KEY not in at.session_state
    assert at.title[0].value == "Aanmelden"


def test_privacy_page_withdraws_consent_and_erases_with_confirmation(url: str) -> None:
    store = open_store(url)
    at = app(VIEWERS["coordinator"])
    at.switch_page("app_pages/beheer_privacy.py").run()
    at.selectbox(key="privacy_persoon").set_value("r-9").run()
    assert not at.exception
    assert at.button(key="intrekken").disabled
    at.checkbox(key="intrekken_ok").check().run()
    at.button(key="intrekken").click().run()
    assert store.table("persons").set_index("person_id").loc["r-9", "display_name"] is None
    assert any("Toestemming ingetrokken" in s.value for s in at.success)
    # Erasing needs the id typed in.
    assert at.button(key="wissen").disabled
    at.text_input(key="wissen_bevestiging").input("r-1").run()
    assert at.button(key="wissen").disabled
    at.text_input(key="wissen_bevestiging").input("r-9").run()
    at.button(key="wissen").click().run()
    assert not at.exception
    assert "r-9" not in store.existing_ids("persons")
    actions = list(store.audit_events()["action"])
    assert "erase" in actions and "consent_withdrawn" in actions


def test_privacy_page_retention_purge(url: str) -> None:
    store = open_store(url)
    at = app(VIEWERS["coordinator"])
    at.switch_page("app_pages/beheer_privacy.py").run()
    at.number_input(key="bewaartermijn").set_value(1).run()
    residents = {"r-1", "r-2", "r-3", "r-4", "r-9"}
    assert set(at.dataframe[0].value["Id"]) == residents  # all contacts lie in 2025
    at.checkbox(key="opschonen_ok").check().run()
    at.button(key="opschonen").click().run()
    assert not at.exception
    assert not residents & store.existing_ids("persons")
    # The residents took part 7 times (a3: 2, a5: 1, a6: 3, a-x: 1); each is now an anonymous count.
    assert sum(v or 0 for v in store.table("activities")["anonymous_participants"]) == 7


def test_audit_page_lists_events_for_coordinators(url: str) -> None:
    store = open_store(url)
    users.add_user(SYSTEM, store, "anna", "professional", "wachtwoord-anna")
    at = app(VIEWERS["coordinator"])
    at.switch_page("app_pages/audit.py").run()
    frame = at.dataframe[0].value
    assert {"Tijdstip", "Gebruiker", "Actie", "Doel"} <= set(frame.columns)
    assert "account aangemaakt" in set(frame["Actie"])
    assert at.get("download_button")


AUTH_SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
                "client_secret": "geheim", "server_metadata_url": "https://login.example/.well-known/openid-configuration"}


def oidc_app(user: dict, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NETWERK_OIDC_ROLE_MAP", '{"Buurtnetwerk.Professional": "professional"}')
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_with_oidc_configured_the_organisation_login_replaces_passwords(url: str, monkeypatch) -> None:
    at = oidc_app({"is_logged_in": False}, monkeypatch)
    assert [b.label for b in at.button] == ["Aanmelden met uw organisatie-account"]
    assert not at.text_input


def test_oidc_user_gets_the_role_from_the_claim(url: str, monkeypatch) -> None:
    at = oidc_app({"is_logged_in": True, "email": "Anna@Raalte.nl", "roles": ["Buurtnetwerk.Professional"]}, monkeypatch)
    assert at.title[0].value == "Overzicht"
    assert at.session_state[VIEWER_KEY] == Viewer(user_id="anna@raalte.nl", role="professional")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/audit.py")  # a professional has no admin pages


def test_oidc_user_without_a_mapped_role_is_refused(url: str, monkeypatch) -> None:
    at = oidc_app({"is_logged_in": True, "email": "iemand@elders.nl", "roles": ["Andere.App"]}, monkeypatch)
    assert "geen rol in Buurtnetwerk" in at.error[0].value
    assert not at.title and VIEWER_KEY not in at.session_state
    assert open_store(url).audit_events().loc[0, "action"] == "sign_in_failed"


def test_a_disabled_account_is_signed_out_and_a_new_role_applies_at_once(url: str) -> None:
    store = open_store(url)
    users.add_user(SYSTEM, store, "anna", "professional", "wachtwoord-anna")
    at = app()
    at.text_input(key="login_user").input("anna")
    at.text_input(key="login_password").input("wachtwoord-anna")
    at.button[0].click().run()
    assert at.session_state[VIEWER_KEY].role == "professional"
    users.set_role(SYSTEM, store, "anna", "bestuurder")
    at.run()
    assert at.session_state[VIEWER_KEY].role == "bestuurder"
    with pytest.raises(ValueError):
        at.switch_page("app_pages/netwerkkaart.py")
    users.set_active(SYSTEM, store, "anna", False)
    at.run()
    assert at.title[0].value == "Aanmelden" and VIEWER_KEY not in at.session_state


def test_a_store_with_real_data_never_advertises_demo_accounts(url: str) -> None:
    store = open_store(url)
    with pytest.raises(InputError):
        users.ensure_demo_accounts(SYSTEM, store)
    users.add_user(SYSTEM, store, "marieke", "coordinator", "wachtwoord-marieke")
    text = page_text(app())
    assert "demo-coordinator" not in text and "demo-omgeving" not in text


def test_an_idle_session_is_signed_out(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from dashboard.session import ACTIVITY_KEY

    monkeypatch.setenv("NETWERK_IDLE_TIMEOUT_MINUTES", "20")
    at = app(VIEWERS["coordinator"])
    assert at.title[0].value == "Overzicht"
    at.session_state[ACTIVITY_KEY] = time.time() - 19 * 60  # 19 minutes: still signed in
    at.run()
    assert at.title[0].value == "Overzicht" and VIEWER_KEY in at.session_state
    at.session_state[ACTIVITY_KEY] = time.time() - 21 * 60
    at.run()
    assert [t.value for t in at.title] == ["Aanmelden"]
    assert VIEWER_KEY not in at.session_state
    assert any("20 minuten niets hebt gedaan" in i.value for i in at.info)
    log = open_store(url).audit_events()
    assert (log.loc[0, "action"], log.loc[0, "user_id"]) == ("sign_out", "coord")
    assert log.loc[0, "detail"] == "na 20 minuten zonder activiteit"


@pytest.mark.parametrize(("development", "shown"), [("0", "none"), ("1", "full")])
def test_tracebacks_reach_the_browser_only_in_development(url, monkeypatch, development, shown) -> None:
    from streamlit import config

    monkeypatch.setenv("NETWERK_DEVELOPMENT", development)
    app()
    assert config.get_option("client.showErrorDetails") == shown
