"""Sign-in hardening: one answer and the same work for unknown, wrong and locked; a lock
that holds under parallel attempts; the password rule; nothing typed for an unknown
account reaches the audit log."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, InputError
from netwerk.services import users
from netwerk.services.auth import (
    UNKNOWN_USER_ID,
    AccountLocked,
    SignInFailed,
    authenticate,
    check_password_policy,
    common_passwords,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=AMSTERDAM)
PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def anna(store):
    users.add_user(SYSTEM, store, "anna", "professional", PASSWORD)
    return store


def _seconds(fn) -> tuple[float, str]:
    start = time.perf_counter()
    with pytest.raises(SignInFailed) as e:
        fn()
    return time.perf_counter() - start, str(e.value)


def test_unknown_and_locked_accounts_get_the_same_answer_after_the_same_work(anna):
    for i in range(3):
        with pytest.raises(SignInFailed):
            authenticate(anna, "anna", "fout-wachtwoord", now=T0 + timedelta(seconds=i))
    unknown = [_seconds(lambda: authenticate(anna, "niemand", PASSWORD, now=T0 + timedelta(seconds=5))) for _ in range(3)]
    locked = [_seconds(lambda: authenticate(anna, "anna", PASSWORD, now=T0 + timedelta(seconds=5))) for _ in range(3)]
    assert {m for _, m in unknown} == {m for _, m in locked}
    # Both verify one argon2id hash (64 MiB, t=3: tens of milliseconds); a lock used to answer at once.
    t_unknown, t_locked = statistics.median(t for t, _ in unknown), statistics.median(t for t, _ in locked)
    assert t_unknown > 0.02 and t_locked > 0.02
    assert 0.5 < t_locked / t_unknown < 2.0
    with pytest.raises(AccountLocked):
        authenticate(anna, "anna", PASSWORD, now=T0 + timedelta(seconds=5))


def test_parallel_guesses_get_no_more_than_the_free_attempts(anna, store_url):
    n = 8
    barrier = threading.Barrier(n)

    def guess(i: int) -> str:
        s = open_store(store_url)
        try:
            barrier.wait(timeout=30)
            authenticate(s, "anna", f"geraden-wachtwoord-{i}", now=T0)
        except AccountLocked:
            return "locked"
        except SignInFailed:
            return "checked"
        finally:
            s.close()
        return "in"

    with ThreadPoolExecutor(max_workers=n) as pool:
        outcomes = list(pool.map(guess, range(n)))
    assert outcomes.count("checked") == 3 and outcomes.count("locked") == 5
    assert anna.get_user("anna").failed_attempts == 8
    actions = list(anna.audit_events()["action"])
    assert actions.count("sign_in_failed") == 3 and actions.count("sign_in_locked") == 5
    with pytest.raises(AccountLocked):  # even the right password, until the wait is over
        authenticate(anna, "anna", PASSWORD, now=T0 + timedelta(seconds=1))


def test_a_password_typed_as_user_name_never_reaches_the_audit_log(anna):
    with pytest.raises(SignInFailed):
        authenticate(anna, "Mijn-Geheime-Zin-42", "", now=T0)
    with pytest.raises(SignInFailed):
        authenticate(anna, "twee woorden", "", now=T0)  # not even a valid name
    log = anna.audit_events()
    failed = log[log["action"] == "sign_in_failed"]
    assert list(failed["user_id"]) == [UNKNOWN_USER_ID, UNKNOWN_USER_ID]
    text = " ".join(str(v) for v in log.to_numpy().ravel())
    assert "geheime" not in text.lower() and "woorden" not in text


@pytest.mark.parametrize(("password", "message"), [
    (" " * 10, "minstens 10 tekens"),
    ("  kort-wachtw  ", None),  # 12 characters inside the spaces: accepted
    ("1234567890", "veelgebruikte"),
    ("Wachtwoord123", "veelgebruikte"),
    ("QWERTYUIOP", "veelgebruikte"),
    ("aaaaaaaaaaaa", "te weinig verschillende"),
    ("abababababab", "te weinig verschillende"),
    ("anna-de-vries", "gebruikersnaam"),
    ("paard-batterij-nietje", None),
])
def test_the_password_rule(password, message):
    if message is None:
        check_password_policy(password, "anna-de-vries")
    else:
        with pytest.raises(InputError, match=message):
            check_password_policy(password, "anna-de-vries")


def test_the_list_of_common_passwords_is_shipped_with_its_source():
    listed = common_passwords()
    assert len(listed) > 1700 and "1234567890" in listed and "wachtwoord123" in listed
    assert all(len(p) >= 10 and p == p.lower() for p in listed)


def test_account_management_applies_the_rule(store):
    with pytest.raises(InputError, match="veelgebruikte"):
        users.add_user(SYSTEM, store, "bram", "professional", "1234567890")
    users.add_user(SYSTEM, store, "bram.jansen@raalte.nl", "professional", PASSWORD)
    with pytest.raises(InputError, match="gebruikersnaam"):
        users.set_password(SYSTEM, store, "bram.jansen@raalte.nl", "Bram.Jansen@Raalte.nl")
