"""Sign-in: local accounts with argon2id password hashes, slowed down after failures,
and the role mapping for sign-in through an identity provider (OIDC, e.g. Microsoft
Entra ID via Streamlit's ``st.login``).

Throttling is per account and recorded in the store (``failed_attempts`` and
``last_failed_at`` on :class:`~netwerk.store.records.UserAccount`), so it holds across
browser sessions, dashboard processes and restarts: after :data:`FREE_ATTEMPTS`
consecutive failures the account waits :func:`lockout_seconds` after each further
failure (15 s, doubling, at most an hour) before a password is checked again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

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

_BAD_CREDENTIALS = "Onbekende gebruikersnaam of onjuist wachtwoord."


class SignInFailed(NetwerkError):
    """Sign-in refused: unknown account, wrong password or a disabled account (one message
    for all three, so the form does not reveal which accounts exist)."""


class AccountLocked(SignInFailed):
    """Too many failed sign-ins; ``retry_after`` is the number of seconds to wait."""

    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(
            f"Te veel mislukte pogingen. Probeer het over {max(1, round(retry_after))} seconden opnieuw."
        )


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


def check_password_policy(password: str) -> None:
    """Raise :class:`InputError` (Dutch) unless ``password`` has at least
    :data:`MIN_PASSWORD_LENGTH` characters (NIST SP 800-63B: length over composition rules)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InputError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (PHC string, salt included).

    Raises
    ------
    InputError
        If the password is shorter than :data:`MIN_PASSWORD_LENGTH`.
    """
    check_password_policy(password)
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
    ``sign_in_locked``); failures count towards the account's wait
    (:func:`lockout_seconds`).

    Parameters
    ----------
    now : datetime, optional
        The time of the attempt (tz-aware; default: the current time). Tests pass it.

    Raises
    ------
    AccountLocked
        If the account must still wait; the password is not checked.
    SignInFailed
        For an unknown or disabled account or a wrong password.
    """
    now = now or datetime.now(UTC)
    try:
        uid = normalise_user_id(user_id)
    except InputError as e:
        raise SignInFailed(_BAD_CREDENTIALS) from e
    account = store.get_user(uid)
    if account is None:
        verify_password(_DUMMY_HASH, password)
        store.append_audit(AuditEvent(at=now, user_id=uid, action="sign_in_failed", detail="onbekende gebruiker"))
        raise SignInFailed(_BAD_CREDENTIALS)
    wait = lockout_seconds(account.failed_attempts)
    if wait and account.last_failed_at is not None:
        remaining = (account.last_failed_at + timedelta(seconds=wait) - now).total_seconds()
        if remaining > 0:
            store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in_locked"))
            raise AccountLocked(remaining)
    ok = verify_password(account.password_hash, password)
    # The attempt counter and its audit entry commit together (one unit of work).
    if not ok or not account.active:
        detail = "account uitgeschakeld" if ok else "onjuist wachtwoord"
        with store.unit_of_work():
            store.record_sign_in(uid, False, now)
            store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in_failed", detail=detail))
        raise SignInFailed(_BAD_CREDENTIALS)
    with store.unit_of_work():
        store.record_sign_in(uid, True, now)
        store.append_audit(AuditEvent(at=now, user_id=uid, role=account.role, action="sign_in", detail="wachtwoord"))
    return Viewer(user_id=uid, role=account.role, person_id=account.person_id)


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
