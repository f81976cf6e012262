"""Account management (coordinators only) and the demo accounts.

``netwerk users add|list|disable|enable|set-role|set-password`` calls these. Every change
is written to the audit log. Passwords are stored only as argon2id hashes
(:mod:`netwerk.services.auth`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cache

import pandas as pd

from netwerk.access import ROLES, Viewer, require_role
from netwerk.domain import InputError, NotFoundError
from netwerk.services.audit import log_event
from netwerk.services.auth import hash_password, normalise_user_id, role_from_claims, verify_password
from netwerk.store.base import Store
from netwerk.store.records import AuditEvent, UserAccount

__all__ = [
    "DEMO_ACCOUNTS",
    "add_user",
    "demo_accounts_active",
    "ensure_demo_accounts",
    "has_accounts",
    "is_demo_only",
    "list_users",
    "record_sign_out",
    "refresh_viewer",
    "set_active",
    "set_password",
    "set_role",
    "sign_in_help",
    "viewer_from_claims",
]

DEMO_ACCOUNTS: dict[str, tuple[str, str, str | None]] = {
    # user_id -> (role, password, person_id in the demo seed)
    "coordinator": ("coordinator", "demo-coordinator", "p01"),
    "professional": ("professional", "demo-professional", "p02"),
    "bestuurder": ("bestuurder", "demo-bestuurder", "b01"),
}
"""The demo store's accounts (README and, only while these passwords still work and the
store holds nothing but the demo, the sign-in page show them). Created only on such a
store (:func:`is_demo_only`), by ``netwerk dashboard --demo``/``seed demo``."""


@cache
def _demo_ids() -> dict[str, frozenset[str]]:
    from netwerk.services.seeding import seed_files

    ids: dict[str, frozenset[str]] = {}
    for f in seed_files("demo"):
        kind, column = {"persons.csv": ("persons", "person_id"), "organisations.csv": ("organisations", "org_id")}.get(
            f.name, (None, None))
        if kind:
            text = io.StringIO(f.read_bytes().decode("utf-8-sig"), newline="")  # any Traversable, csv's newline=""
            ids[kind] = frozenset(row[column] for row in csv.DictReader(text, delimiter=";"))
    return ids


def is_demo_only(store: Store) -> bool:
    """True when ``store`` holds the demo data and nothing else: persons, all of them from
    the demo seed, only demo organisations and no accounts but :data:`DEMO_ACCOUNTS`.

    Only such a store gets (and shows, and accepts) the demo accounts, whose passwords
    are published: on a store with real data they would open it to anyone.
    """
    demo = _demo_ids()
    persons = store.existing_ids("persons")
    return (bool(persons) and persons <= demo["persons"] and store.existing_ids("organisations") <= demo["organisations"]
            and set(store.users()["user_id"]) <= set(DEMO_ACCOUNTS))


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"Onbekende rol '{role}': kies uit {', '.join(ROLES)}.")
    return role


def _existing(store: Store, user_id: str) -> UserAccount:
    account = store.get_user(normalise_user_id(user_id))
    if account is None:
        raise NotFoundError(f"Gebruiker '{user_id}' bestaat niet.")
    return account


def add_user(
    viewer: Viewer,
    store: Store,
    user_id: str,
    role: str,
    password: str | None,
    display_name: str | None = None,
    person_id: str | None = None,
) -> UserAccount:
    """Create an account. ``password`` None creates an account that can only sign in via
    the identity provider (OIDC); it still sets role and person for that user id.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For an existing user id, an unknown role, a password refused by
        :func:`netwerk.services.auth.check_password_policy` (short, common, the user name) or a
        person_id that is not in the store.
    """
    require_role(viewer, "coordinator")
    uid = normalise_user_id(user_id)
    _check_role(role)
    if store.get_user(uid) is not None:
        raise InputError(f"Gebruiker '{uid}' bestaat al.")
    if person_id and person_id not in store.existing_ids("persons"):
        raise InputError(f"Persoon '{person_id}' staat niet in de database.")
    account = UserAccount(
        user_id=uid,
        role=role,
        display_name=display_name or None,
        person_id=person_id or None,
        password_hash=hash_password(password, uid) if password is not None else None,
    )
    store.upsert_user(account)
    log_event(viewer, store, "user_added", target=uid, detail=f"rol {role}")
    return account


def list_users(viewer: Viewer, store: Store) -> pd.DataFrame:
    """All accounts (never password hashes): the columns of ``Store.users()`` plus
    ``has_password`` (bool).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    listing = store.users()
    accounts = [store.get_user(u) for u in listing["user_id"]]
    listing["has_password"] = [bool(a and a.password_hash) for a in accounts]
    return listing


def set_active(viewer: Viewer, store: Store, user_id: str, active: bool) -> None:
    """Disable (``active=False``) or enable an account. A coordinator cannot disable their
    own account (so one coordinator always remains).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown user id.
    InputError
        When a coordinator disables themselves.
    """
    require_role(viewer, "coordinator")
    account = _existing(store, user_id)
    if not active and account.user_id == viewer.user_id:
        raise InputError("U kunt uw eigen account niet uitschakelen.")
    # Enabling also clears the failure count, so a locked-out user can try again.
    store.upsert_user(account.model_copy(update={"active": active, "failed_attempts": 0 if active else account.failed_attempts,
                                                 "last_failed_at": None if active else account.last_failed_at}))
    log_event(viewer, store, "user_changed", target=account.user_id, detail="ingeschakeld" if active else "uitgeschakeld")


def set_role(viewer: Viewer, store: Store, user_id: str, role: str) -> None:
    """Give an account another role.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown user id.
    InputError
        For an unknown role.
    """
    require_role(viewer, "coordinator")
    _check_role(role)
    account = _existing(store, user_id)
    store.upsert_user(account.model_copy(update={"role": role}))
    log_event(viewer, store, "user_changed", target=account.user_id, detail=f"rol {account.role} -> {role}")


def set_password(viewer: Viewer, store: Store, user_id: str, password: str) -> None:
    """Set a new password (and clear the failure count).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown user id.
    InputError
        For a password refused by :func:`netwerk.services.auth.check_password_policy`.
    """
    require_role(viewer, "coordinator")
    account = _existing(store, user_id)
    store.upsert_user(account.model_copy(update={"password_hash": hash_password(password, account.user_id), "failed_attempts": 0,
                                                 "last_failed_at": None}))
    log_event(viewer, store, "user_changed", target=account.user_id, detail="nieuw wachtwoord")


def ensure_demo_accounts(viewer: Viewer, store: Store) -> list[str]:
    """Create the :data:`DEMO_ACCOUNTS` that do not exist yet (linked to demo persons that
    are present); return the user ids created. Existing accounts are left alone.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        Unless the store holds nothing but the demo data (:func:`is_demo_only`).
    """
    require_role(viewer, "coordinator")
    if not is_demo_only(store):
        raise InputError("Geen demo-accounts aangemaakt: deze store bevat meer dan alleen de demodata "
                         "(of nog geen demodata). Maak een eigen account met: netwerk users add NAAM --role coordinator")
    persons = store.existing_ids("persons")
    created = []
    for uid, (role, password, person_id) in DEMO_ACCOUNTS.items():
        if store.get_user(uid) is None:
            add_user(viewer, store, uid, role, password, display_name=f"Demo-{role}",
                     person_id=person_id if person_id in persons else None)
            created.append(uid)
    return created


def demo_accounts_active(store: Store) -> list[tuple[str, str, str]]:
    """The demo accounts whose demo password still works, as (user_id, password, role).

    The sign-in page shows these only: once a coordinator changes or disables them they
    disappear from the page. Needs no viewer (it is shown before sign-in and reveals only
    what the README already says). Empty unless the store holds nothing but the demo.
    """
    if not is_demo_only(store):
        return []
    out: list[tuple[str, str, str]] = []
    for uid, (_, password, _) in DEMO_ACCOUNTS.items():
        account = store.get_user(uid)
        if account is not None and account.active and verify_password(account.password_hash, password):
            out.append((uid, password, account.role))
    return out


def viewer_from_claims(store: Store, claims: Mapping[str, object], claim: str, mapping: Mapping[str, str]) -> Viewer | None:
    """The viewer for a user signed in through the identity provider, or None if they
    may not use the dashboard.

    The user id is the ``email`` claim, else ``preferred_username``, else ``sub``
    (lower-case). The role comes from :func:`netwerk.services.auth.role_from_claims`. A local
    account with the same user id can link a person (``person_id``) and, when disabled,
    refuses access. The sign-in is written to the audit log.
    """
    raw = claims.get("email") or claims.get("preferred_username") or claims.get("sub")
    if not isinstance(raw, str) or not raw.strip():
        return None
    uid = raw.strip().lower()
    role = role_from_claims(claims, claim, mapping)
    account = store.get_user(uid)
    if role is None or (account is not None and not account.active):
        store.append_audit(AuditEvent(user_id=uid, action="sign_in_failed", detail="OIDC: geen rol of account uitgeschakeld"))
        return None
    viewer = Viewer(user_id=uid, role=role, person_id=account.person_id if account else None)
    log_event(viewer, store, "sign_in", detail="OIDC")
    return viewer


def sign_in_help(store: Store) -> str:
    """A Dutch line on how to sign in to this store: the working demo accounts, or how to
    create the first account when there is none (for ``netwerk dashboard``)."""
    demo = demo_accounts_active(store)
    if demo:
        return "Aanmelden met een demo-account: " + "; ".join(f"{u} / {p}" for u, p, _ in demo) + "."
    if not has_accounts(store):
        return ("Er is nog geen account. Maak eerst een coördinator aan: "
                "netwerk users add NAAM --role coordinator (voor de demodata: netwerk seed demo maakt demo-accounts).")
    return "Meld u aan met uw account (beheer: netwerk users list)."


def has_accounts(store: Store) -> bool:
    """True when the store holds at least one account (enabled or not). Needs no viewer:
    the sign-in page uses it to say how to create the first account."""
    return not store.users().empty


def refresh_viewer(store: Store, viewer: Viewer) -> Viewer | None:
    """``viewer`` as their account says now: None when the account is disabled or removed
    (sign them out), a new viewer when the role or linked person changed, else ``viewer``.

    Reads only the viewer's own account (and returns the viewer's own ids), so it needs no
    permission; the store comes first because the viewer is what is checked.

    Raises
    ------
    StoreError
        If the store cannot be read.
    """
    account = store.get_user(viewer.user_id)
    if account is None or not account.active:
        return None
    if (account.role, account.person_id) != (viewer.role, viewer.person_id):
        return Viewer(user_id=viewer.user_id, role=account.role, person_id=account.person_id)
    return viewer


def record_sign_out(viewer: Viewer | None, store: Store, idle_minutes: float) -> None:
    """Write ``sign_out`` to the audit log for a viewer signed out after ``idle_minutes``
    minutes without activity (Dutch detail ``na N minuten zonder activiteit``).

    Raises
    ------
    StoreError
        If the store cannot be written.
    """
    if viewer is None:  # nobody was signed in: nothing to record
        return
    log_event(viewer, store, "sign_out", detail=f"na {idle_minutes} minuten zonder activiteit")
