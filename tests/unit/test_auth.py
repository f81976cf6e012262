"""Sign-in: argon2id hashes, per-account slow-down after failures (kept in the store),
account management and the OIDC role mapping."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from netwerk.access import SYSTEM, PermissionDenied, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, NotFoundError, Person
from netwerk.services import users
from netwerk.services.auth import (
    AccountLocked,
    SignInFailed,
    authenticate,
    hash_password,
    lockout_seconds,
    role_from_claims,
    verify_password,
)
from netwerk.services.seeding import seed

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=AMSTERDAM)
PASSWORD = "lang-genoeg-wachtwoord"
BAD = ("Aanmelden is niet gelukt: onbekende gebruikersnaam, onjuist wachtwoord of te veel mislukte pogingen. "
       "Controleer uw gegevens of wacht een paar minuten.")


@pytest.fixture
def accounts(store):
    store.apply(ChangeSet(persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries")]))
    users.add_user(SYSTEM, store, "Anna@Raalte.nl", "professional", PASSWORD, display_name="Anna", person_id="p1")
    return store


def test_hash_is_argon2id_salted_and_verifies():
    h1, h2 = hash_password(PASSWORD), hash_password(PASSWORD)
    assert h1.startswith("$argon2id$") and h1 != h2  # a fresh salt each time
    assert verify_password(h1, PASSWORD) and verify_password(h2, PASSWORD)
    assert not verify_password(h1, PASSWORD + "x")
    assert not verify_password("geen-hash", PASSWORD)
    assert not verify_password(None, PASSWORD)
    with pytest.raises(InputError, match="minstens 10 tekens"):
        hash_password("kort")


def test_lockout_grows_exponentially_after_three_failures():
    assert [lockout_seconds(n) for n in range(7)] == [0, 0, 0, 15, 30, 60, 120]
    assert lockout_seconds(50) == 3600


def test_sign_in_returns_viewer_and_is_audited(accounts):
    viewer = authenticate(accounts, "  ANNA@raalte.nl ", PASSWORD, now=T0)
    assert viewer == Viewer(user_id="anna@raalte.nl", role="professional", person_id="p1")
    events = accounts.audit_events(since=T0)
    signed_in = events[events["action"] == "sign_in"]
    assert list(signed_in["user_id"]) == ["anna@raalte.nl"] and list(signed_in["at"]) == [T0]


def test_unknown_user_and_wrong_password_get_the_same_message(accounts):
    with pytest.raises(SignInFailed) as unknown:
        authenticate(accounts, "niemand", PASSWORD, now=T0)
    with pytest.raises(SignInFailed) as wrong:
        authenticate(accounts, "anna@raalte.nl", "verkeerd-wachtwoord", now=T0)
    assert str(unknown.value) == str(wrong.value) == BAD
    assert accounts.get_user("anna@raalte.nl").failed_attempts == 1
    failed = accounts.audit_events().query("action == 'sign_in_failed'")
    # What was typed for an unknown account stays out of the log (it may be a password).
    assert sorted(failed["user_id"]) == ["(onbekend)", "anna@raalte.nl"]


def test_repeated_failures_lock_the_account_even_for_the_right_password(accounts, store_url):
    for i in range(3):
        with pytest.raises(SignInFailed):
            authenticate(accounts, "anna@raalte.nl", "verkeerd-wachtwoord", now=T0 + timedelta(seconds=i))
    # Third failure at T0+2s: wait 15 s. The correct password is not even checked before then.
    with pytest.raises(AccountLocked) as locked:
        authenticate(accounts, "anna@raalte.nl", PASSWORD, now=T0 + timedelta(seconds=12))
    assert locked.value.retry_after == pytest.approx(5.0)
    assert str(locked.value) == BAD  # a lock would tell that the account exists
    # The lock lives in the store: another process (a second dashboard) sees it too.
    other = open_store(store_url)
    with pytest.raises(AccountLocked):
        authenticate(other, "anna@raalte.nl", PASSWORD, now=T0 + timedelta(seconds=16))
    other.close()
    # 15 s after the third failure the password is checked again; success resets the count.
    assert authenticate(accounts, "anna@raalte.nl", PASSWORD, now=T0 + timedelta(seconds=17)).role == "professional"
    assert accounts.get_user("anna@raalte.nl").failed_attempts == 0
    assert "sign_in_locked" in set(accounts.audit_events()["action"])


def test_a_fourth_failure_doubles_the_wait(accounts):
    for i in range(3):
        with pytest.raises(SignInFailed):
            authenticate(accounts, "anna@raalte.nl", "fout-wachtwoord", now=T0 + timedelta(seconds=i))
    with pytest.raises(SignInFailed):
        authenticate(accounts, "anna@raalte.nl", "fout-wachtwoord", now=T0 + timedelta(seconds=20))  # after the 15 s
    with pytest.raises(AccountLocked) as locked:
        authenticate(accounts, "anna@raalte.nl", PASSWORD, now=T0 + timedelta(seconds=45))
    assert locked.value.retry_after == pytest.approx(5.0)  # 30 s after the fourth failure at T0+20s


def test_disabled_account_cannot_sign_in_and_enable_clears_the_lock(accounts):
    users.set_active(SYSTEM, accounts, "anna@raalte.nl", False)
    with pytest.raises(SignInFailed):
        authenticate(accounts, "anna@raalte.nl", PASSWORD, now=T0)
    users.set_active(SYSTEM, accounts, "anna@raalte.nl", True)
    assert accounts.get_user("anna@raalte.nl").failed_attempts == 0
    assert authenticate(accounts, "anna@raalte.nl", PASSWORD, now=T0).user_id == "anna@raalte.nl"


def test_account_management_is_for_coordinators_and_validated(accounts):
    pro = Viewer(user_id="anna@raalte.nl", role="professional")
    for call in (
        lambda v: users.add_user(v, accounts, "bram", "professional", PASSWORD),
        lambda v: users.list_users(v, accounts),
        lambda v: users.set_role(v, accounts, "anna@raalte.nl", "coordinator"),
        lambda v: users.set_active(v, accounts, "anna@raalte.nl", False),
        lambda v: users.set_password(v, accounts, "anna@raalte.nl", PASSWORD),
    ):
        for role in ("professional", "bestuurder"):
            with pytest.raises(PermissionDenied):
                call(Viewer(user_id="x", role=role))
    with pytest.raises(PermissionDenied):
        users.set_role(pro, accounts, "anna@raalte.nl", "coordinator")  # no promoting oneself
    with pytest.raises(InputError, match="bestaat al"):
        users.add_user(SYSTEM, accounts, "ANNA@raalte.nl", "professional", PASSWORD)
    with pytest.raises(InputError, match="Onbekende rol"):
        users.add_user(SYSTEM, accounts, "bram", "baas", PASSWORD)
    with pytest.raises(InputError, match="staat niet in de database"):
        users.add_user(SYSTEM, accounts, "bram", "professional", PASSWORD, person_id="p999")
    with pytest.raises(InputError, match="spaties"):
        users.add_user(SYSTEM, accounts, "bram jansen", "professional", PASSWORD)
    with pytest.raises(NotFoundError):
        users.set_role(SYSTEM, accounts, "niemand", "bestuurder")
    users.set_role(SYSTEM, accounts, "anna@raalte.nl", "bestuurder")
    users.set_password(SYSTEM, accounts, "anna@raalte.nl", "nieuw-wachtwoord-2")
    assert authenticate(accounts, "anna@raalte.nl", "nieuw-wachtwoord-2", now=T0).role == "bestuurder"
    listing = users.list_users(SYSTEM, accounts)
    assert list(listing["user_id"]) == ["anna@raalte.nl"] and bool(listing.loc[0, "has_password"])
    coordinator = Viewer(user_id="anna@raalte.nl", role="coordinator")
    with pytest.raises(InputError, match="eigen account"):
        users.set_active(coordinator, accounts, "anna@raalte.nl", False)


def test_demo_accounts_are_listed_only_while_their_demo_password_works(store):
    with pytest.raises(InputError, match="meer dan alleen de demodata"):  # an empty store has no demo yet
        users.ensure_demo_accounts(SYSTEM, store)
    seed(store, "demo")
    assert users.demo_accounts_active(store) == []
    assert users.ensure_demo_accounts(SYSTEM, store) == ["coordinator", "professional", "bestuurder"]
    assert users.ensure_demo_accounts(SYSTEM, store) == []
    assert [(u, r) for u, _, r in users.demo_accounts_active(store)] == [
        ("coordinator", "coordinator"), ("professional", "professional"), ("bestuurder", "bestuurder"),
    ]
    assert authenticate(store, "professional", "demo-professional", now=T0).role == "professional"
    users.set_password(SYSTEM, store, "coordinator", "niet-meer-de-demo")
    assert [u for u, _, _ in users.demo_accounts_active(store)] == ["professional", "bestuurder"]
    assert "professional / demo-professional" in users.sign_in_help(store)


def test_role_from_claims_maps_lists_and_strings():
    mapping = {"Buurtnetwerk.Coordinator": "coordinator", "Buurtnetwerk.Professional": "professional",
               "grp-bestuur": "bestuurder"}
    assert role_from_claims({"roles": ["Buurtnetwerk.Professional"]}, "roles", mapping) == "professional"
    assert role_from_claims({"roles": "grp-bestuur"}, "roles", mapping) == "bestuurder"
    # Several granted roles: the broadest wins.
    assert role_from_claims({"roles": ["grp-bestuur", "Buurtnetwerk.Coordinator"]}, "roles", mapping) == "coordinator"
    assert role_from_claims({"roles": ["iets-anders"]}, "roles", mapping) is None
    assert role_from_claims({"groups": ["grp-bestuur"]}, "roles", mapping) is None  # another claim
    assert role_from_claims({"groups": ["grp-bestuur"]}, "groups", mapping) == "bestuurder"
    assert role_from_claims({"roles": ["buurtnetwerk.coordinator"]}, "roles", mapping) is None  # exact match only
    with pytest.raises(ValueError, match="Onbekende rol"):
        role_from_claims({"roles": ["x"]}, "roles", {"x": "admin"})


def test_viewer_from_claims_uses_email_links_person_and_respects_disabled(accounts):
    mapping = {"Buurtnetwerk.Professional": "professional"}
    claims = {"email": "Anna@Raalte.nl", "sub": "abc", "roles": ["Buurtnetwerk.Professional"]}
    viewer = users.viewer_from_claims(accounts, claims, "roles", mapping)
    assert viewer == Viewer(user_id="anna@raalte.nl", role="professional", person_id="p1")
    assert users.viewer_from_claims(accounts, {"sub": "xyz", "roles": []}, "roles", mapping) is None
    stranger = users.viewer_from_claims(accounts, {"sub": "XYZ", "roles": ["Buurtnetwerk.Professional"]}, "roles", mapping)
    assert stranger == Viewer(user_id="xyz", role="professional")
    users.set_active(SYSTEM, accounts, "anna@raalte.nl", False)
    assert users.viewer_from_claims(accounts, claims, "roles", mapping) is None
    events = accounts.audit_events()
    assert list(events["action"][:3]) == ["sign_in_failed", "user_changed", "sign_in"]  # newest first
    assert events.loc[2, "user_id"] == "xyz" and events.loc[2, "detail"] == "OIDC"


def test_demo_accounts_only_on_a_store_with_nothing_but_the_demo(store):
    seed(store, "demo")
    users.ensure_demo_accounts(SYSTEM, store)
    assert users.is_demo_only(store)
    # Real data arrives: the demo accounts are no longer shown, and their published
    # passwords no longer open the store.
    store.apply(ChangeSet(persons=[Person(person_id="echt-1", kind="resident", pseudonym="Bewoner echt")]))
    assert not users.is_demo_only(store)
    assert users.demo_accounts_active(store) == []
    assert "demo" not in users.sign_in_help(store)
    with pytest.raises(SignInFailed):
        authenticate(store, "coordinator", "demo-coordinator", now=T0)
    failed = store.audit_events().query("action == 'sign_in_failed'")
    assert list(failed["detail"]) == ["demo-wachtwoord op een store met meer dan de demodata"]


def test_no_demo_accounts_on_a_store_with_real_accounts(accounts):
    with pytest.raises(InputError, match="meer dan alleen de demodata"):
        users.ensure_demo_accounts(SYSTEM, accounts)
    assert accounts.get_user("coordinator") is None
