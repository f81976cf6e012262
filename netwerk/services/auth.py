"""Sign-in: local accounts with argon2id password hashes, slowed down after failures,
and the role mapping for sign-in through an identity provider (OIDC, e.g. Microsoft
Entra ID via Streamlit's ``st.login``).

Throttling is per account and recorded in the store (``failed_attempts`` and
``last_failed_at`` on :class:`~netwerk.store.records.UserAccount`), so it holds across
browser sessions, dashboard processes and restarts: after :data:`FREE_ATTEMPTS`
consecutive failures the account waits :func:`lockout_seconds` after each further
failure (15 s, doubling, at most an hour) before a password is checked again. Each
attempt is counted in the store *before* its password is checked (an atomic increment),
so parallel guesses cannot all slip through before the first failure is recorded.

An unknown account, a wrong password, a disabled account and a locked account get the
same message and the same work (one argon2 verification), so the form does not reveal
which accounts exist. What was typed as user name is written to the audit log only when
it is an existing account (a password typed in the wrong field stays out of the log).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from netwerk.access import ROLES, Role, Viewer
from netwerk.domain import InputError, NetwerkError
from netwerk.store.base import Store
from netwerk.store.records import AuditEvent

__all__ = [
    "FREE_ATTEMPTS",
    "MIN_PASSWORD_LENGTH",
    "AccountLocked",
    "SignInFailed",
    "authenticate",
    "check_password_policy",
    "common_passwords",
    "hash_password",
    "lockout_seconds",
    "normalise_user_id",
    "role_from_claims",
    "verify_password",
]

FREE_ATTEMPTS = 3
"""Consecutive failed sign-ins allowed before the account has to wait."""

MAX_WAIT_SECONDS = 3600.0
MIN_PASSWORD_LENGTH = 10

# argon2-cffi's defaults follow RFC 9106's second recommended option (argon2id, 64 MiB, t=3).
_HASHER = PasswordHasher()
# Verified for unknown accounts too, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("buurtnetwerk-geen-account")

_BAD_CREDENTIALS = (
    "Aanmelden is niet gelukt: onbekende gebruikersnaam, onjuist wachtwoord of te veel mislukte pogingen. "
    "Controleer uw gegevens of wacht een paar minuten."
)
UNKNOWN_USER_ID = "(onbekend)"
"""The audit log's user_id for a sign-in attempt with a name that is no account."""


class SignInFailed(NetwerkError):
    """Sign-in refused: unknown account, wrong password or a disabled account (one message
    for all three, so the form does not reveal which accounts exist)."""


class AccountLocked(SignInFailed):
    """Too many failed sign-ins; ``retry_after`` is the number of seconds to wait. The
    message is the one of every failed sign-in (a lock would reveal that the account exists)."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(_BAD_CREDENTIALS)


def normalise_user_id(user_id: str) -> str:
    """The stored form of a sign-in name: stripped and lower-case.

    Raises
    ------
    InputError
        For an empty name or one with whitespace or control characters inside.
    """
    uid = (user_id or "").strip().lower()
    if not uid or any(ch.isspace() or ord(ch) < 32 for ch in uid) or len(uid) > 100:
        raise InputError("Een gebruikersnaam is 1 tot 100 tekens, zonder spaties.")
    return uid


@cache
def common_passwords() -> frozenset[str]:
    """The common passwords refused by :func:`check_password_policy` (lower-case), from
    ``netwerk/data/common-passwords.txt`` (its header names the source)."""
    text = resources.files("netwerk.data").joinpath("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password_policy(password: str, user_id: str | None = None) -> None:
    """Raise :class:`InputError` (Dutch) unless ``password`` is acceptable.

    NIST SP 800-63B: length over composition rules, plus a check against known passwords.
    Refused: fewer than :data:`MIN_PASSWORD_LENGTH` characters without the spaces at
    either end, fewer than 4 different characters (``aaaaaaaaaa``, ten spaces), a
    password in :func:`common_passwords` (case-insensitive, also ``1234567890``) and the
    user name itself.
    """
    pw = password or ""
    if len(pw.strip()) < MIN_PASSWORD_LENGTH:
        raise InputError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens (spaties aan begin en eind tellen niet).")
    if len(set(pw)) < 4:
        raise InputError("Dit wachtwoord heeft te weinig verschillende tekens; kies bijvoorbeeld een korte zin.")
    lowered = pw.strip().lower()
    if lowered in common_passwords():
        raise InputError("Dit wachtwoord staat op een lijst van veelgebruikte wachtwoorden; kies een ander.")
    if user_id and lowered == user_id.strip().lower():
        raise InputError("Een wachtwoord mag niet gelijk zijn aan de gebruikersnaam.")


def hash_password(password: str, user_id: str | None = None) -> str:
    """An argon2id hash of ``password`` (PHC string, salt included).

    Raises
    ------
    InputError
        If the password breaks :func:`check_password_policy`.
    """
    check_password_policy(password, user_id)
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches ``password_hash``; False for a mismatch, a missing
    or malformed hash."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def lockout_seconds(failed_attempts: int) -> float:
    """Seconds an account must wait after its latest failure before the next attempt.

    0 for fewer than :data:`FREE_ATTEMPTS` failures, then 15 s doubling per further
    failure (15, 30, 60, ...), at most :data:`MAX_WAIT_SECONDS`.
    """
    if failed_attempts < FREE_ATTEMPTS:
        return 0.0
    return min(15.0 * 2 ** (failed_attempts - FREE_ATTEMPTS), MAX_WAIT_SECONDS)


def authenticate(store: Store, user_id: str, password: str, now: datetime | None = None) -> Viewer:
    """Check a local account's password and return its :class:`Viewer`.

    Every attempt is written to the audit log (``sign_in``, ``sign_in_failed``,
    ``sign_in_locked``), under the account's user id when it exists and under
    :data:`UNKNOWN_USER_ID` otherwise. Each attempt on an account counts towards its wait
    (:func:`lockout_seconds`) before its password is checked, atomically in the store,
    so parallel attempts are counted one by one; a success resets the count.

    Parameters
    ----------
    now : datetime, optional
        The time of the attempt (tz-aware; default: the current time). Tests pass it.

    Raises
    ------
    AccountLocked
        If the account must still wait; the password is not accepted (but verified, for
        equal timing).
    SignInFailed
        For an unknown or disabled account, a wrong password, or a demo account's
        published password on a store that holds more than the demo (the same message).
    """
    now = now or datetime.now(UTC)
    try:
        uid = normalise_user_id(user_id)
    except InputError:
        uid = None
    account = store.get_user(uid) if uid else None
    if uid is None or account is None:
        verify_password(_DUMMY_HASH, password)
        store.append_audit(AuditEvent(at=now, user_id=UNKNOWN_USER_ID, action="sign_in_failed", detail="onbekende gebruiker"))
        raise SignInFailed(_BAD_CREDENTIALS)
    remaining = _remaining_wait(account.failed_attempts, account.last_failed_at, now)
    if remaining <= 0:
        # Count this attempt first (atomic increment). If others were counted between our
        # read and now, they are parallel attempts: their failures are as recent as ours.
        before = store.record_sign_in(uid, False, now) - 1
        if before > account.failed_attempts:
            remaining = _remaining_wait(before, now, now)
    ok = verify_password(account.password_hash, password)  # also when locked: the same work for every answer
    if remaining > 0:
        store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in_locked"))
        raise AccountLocked(remaining)
    if ok and _published_demo_password(store, uid, password):
        ok, detail = False, "demo-wachtwoord op een store met meer dan de demodata"
    else:
        detail = "account uitgeschakeld" if ok else "onjuist wachtwoord"
    if not ok or not account.active:
        store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in_failed", detail=detail))
        raise SignInFailed(_BAD_CREDENTIALS)
    with store.unit_of_work():
        store.record_sign_in(uid, True, now)
        store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in", detail="wachtwoord"))
    return Viewer(user_id=uid, role=account.role, person_id=account.person_id)


def _published_demo_password(store: Store, uid: str, password: str) -> bool:
    """True for a demo account's published password on a store that is not demo-only."""
    from netwerk.services.users import DEMO_ACCOUNTS, is_demo_only

    return uid in DEMO_ACCOUNTS and password == DEMO_ACCOUNTS[uid][1] and not is_demo_only(store)


def _remaining_wait(failed_attempts: int, last_failed_at: datetime | None, now: datetime) -> float:
    wait = lockout_seconds(failed_attempts)
    if not wait or last_failed_at is None:
        return 0.0
    return (last_failed_at + timedelta(seconds=wait) - now).total_seconds()


def role_from_claims(claims: Mapping[str, object], claim: str, mapping: Mapping[str, str]) -> Role | None:
    """The role for an identity provider's ID-token claims, or None if none is granted.

    ``claims[claim]`` may be one string or a list of strings (Entra ID puts app roles in
    ``roles`` and group object ids in ``groups``). Each value is looked up in ``mapping``
    (claim value -> role); values compare exactly. When several values map to roles the
    broadest role wins (coordinator, then professional, then bestuurder), as each was
    assigned explicitly by the municipality's administrator.

    Raises
    ------
    ValueError
        If ``mapping`` names a role that does not exist.
    """
    bad = sorted(set(mapping.values()) - set(ROLES))
    if bad:
        raise ValueError(f"Onbekende rol in de rollenkoppeling: {', '.join(bad)}; kies uit {', '.join(ROLES)}.")
    raw = claims.get(claim)
    values: Iterable[object] = [raw] if isinstance(raw, str) else raw if isinstance(raw, list | tuple) else []
    granted = {mapping[v] for v in values if isinstance(v, str) and v in mapping}
    for role in ROLES:  # ROLES is ordered broadest first
        if role in granted:
            return role  # type: ignore[return-value]
    return None
