"""Review of issue 18 (evaluation links, workbook export): attacks that must fail."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from netwerk.access import PermissionDenied
from netwerk.exchange.workbook import read_workbook
from netwerk.services import exchange
from netwerk.services import survey as sv
from tests.unit.test_services_survey import BEST, CLOSES, COORD, DAY, DURING, PROF, links, net  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_limiter():
    sv.LIMITER.reset()
    yield
    sv.LIMITER.reset()


def test_workbook_export_with_answers_leaves_out_token_hashes(net, links, tmp_path):  # noqa: F811
    sv.save_answers(net, links["p1"], {"B:reliability": 3, "open:" + next(
        q for q in sv.QUESTIONS if sv.QUESTIONS[q][0] == "open"): "=HYPERLINK(\"x\")"}, now=DURING)
    f = exchange.export_file(COORD, net)
    sheets = pd.read_excel(io.BytesIO(f.data), sheet_name=None, dtype=object)
    inv_sheet = next(df for df in sheets.values() if "survey_id" in df.columns and "person_id" in df.columns)
    assert "token_hash" not in inv_sheet.columns
    raw = f.data
    assert not any(sv.hash_token(t).encode() in raw for t in links.values())
    # an open answer is formula-safe in the sheet
    assert not any(str(v).startswith("=") for v in inv_sheet.to_numpy().ravel())
    # restoring the workbook keeps the stored hashes (the links keep working)
    p = tmp_path / "wb.xlsx"
    p.write_bytes(raw)
    changes, errors = read_workbook(p, {f: net.table(f) for f in ("persons", "survey_invites")})
    assert errors == []
    assert sorted(i.token_hash for i in changes.survey_invites) == sorted(sv.hash_token(t) for t in links.values())
    # the answers survive the round trip (they were written as "key|key" before, values lost)
    stored = net.table("survey_invites").set_index("person_id")["answers"].to_dict()
    assert {i.person_id: i.answers for i in changes.survey_invites}["p1"] == stored["p1"]
    assert stored["p1"]["B:reliability"] == 3
    # into an empty store: an invite gets a dead link (no known token), never an empty hash
    fresh, errors = read_workbook(p, {})
    assert errors == [] and all(len(i.token_hash) == 64 for i in fresh.survey_invites)
    assert not {i.token_hash for i in fresh.survey_invites} & {sv.hash_token(t) for t in links.values()}


def test_workbook_export_refused_for_others(net, links):  # noqa: F811
    for v in (PROF, BEST):
        with pytest.raises(PermissionDenied):
            exchange.export_file(v, net)


def test_links_file_formula_safe(net, links):  # noqa: F811
    from netwerk.domain import ChangeSet, Organisation, Person
    net.apply(ChangeSet(persons=[Person(person_id="p1", kind="professional", display_name="=cmd|' /C calc'!A0",
                                        email="a@x.nl")],
                        organisations=[Organisation(org_id="A", name="+A", sector="gemeente")]))
    out = sv.links_file(COORD, net, "E2026", links, "http://x", "csv").decode("utf-8-sig")
    assert ";=" not in out and ";+" not in out and ";@" not in out and not out.startswith("=")


def test_global_limit_does_not_lock_out_good_links(net, links):  # noqa: F811
    """Before: 200 wrong guesses from fresh sessions blocked every respondent for 5 minutes."""
    for i in range(sv.LIMITER.global_limit):
        with pytest.raises(sv.LinkInvalid):
            sv.open_form(net, f"geraden-{i}", client=f"sessie-{i}", now=DURING)
    with pytest.raises(sv.TooManyAttempts):
        sv.open_form(net, "nog-een-gok", client="sessie-nieuw", now=DURING)
    assert sv.open_form(net, links["p1"], client="sessie-anna", now=DURING).status == "nieuw"
    assert sv.save_answers(net, links["p1"], {"B:reliability": 2}, client="sessie-anna", now=DURING) == []


def test_link_revoked_during_a_save_is_still_audited(net, links, monkeypatch):  # noqa: F811
    """The re-check inside the write transaction failed, and its audit entry was rolled back
    with the transaction: a revoked link used at that moment left no trace."""
    real = sv.open_form

    def open_then_revoke(store, token, client="onbekend", now=None):
        form = real(store, token, client, now)
        sv.revoke_link(COORD, store, "E2026", "p1")
        return form

    monkeypatch.setattr(sv, "open_form", open_then_revoke)
    with pytest.raises(sv.LinkInvalid):
        sv.submit(net, links["p1"], {"B:reliability": 2}, client="s", now=DURING)
    audit = net.audit_events()
    assert (audit["action"] == "survey_link_failed").sum() == 1
    assert net.table("survey_invites").set_index("person_id").at["p1", "status"] == "nieuw"


def test_erasing_a_rated_colleague_removes_answers_about_them(net):  # noqa: F811
    """Before: answers about an erased colleague stayed in other respondents' invites, and
    closing the survey wrote them as ratings of the erased person (erasure undone)."""
    from netwerk.services import privacy
    tokens = sv.create_survey(COORD, net, "E9", "X", DAY, CLOSES, ["p1", "p3"], ["B", "p2"], list(sv.QUESTIONS))
    sv.submit(net, tokens["p1"], {"p2:reliability": 1, "B:reliability": 4}, now=DURING)
    privacy.erase_person(COORD, net, "p2")
    inv = net.table("survey_invites").set_index("person_id")
    assert inv.at["p1", "answers"] == {"B:reliability": 4}
    assert "p2" not in list(net.table("surveys").set_index("survey_id").at["E9", "rated_ids"])
    sv.close_survey(COORD, net, "E9")
    r = net.table("ratings")
    assert "p2" not in set(r["rated_id"]) and list(r["rated_id"]) == ["B"]


def test_wrong_expired_revoked_closed_answer_and_audit_alike(net, links):  # noqa: F811
    import datetime as dt
    sv.revoke_link(COORD, net, "E2026", "p2")
    cases = [("geraden", DURING), (links["p1"], DURING + dt.timedelta(days=30)), (links["p2"], DURING)]
    for token, at in cases:
        with pytest.raises(sv.LinkInvalid) as e:
            sv.open_form(net, token, client="s", now=at)
        assert str(e.value) == sv.LINK_INVALID
    sv.close_survey(COORD, net, "E2026")
    for token in (links["p3"], "geraden-2"):
        with pytest.raises(sv.LinkInvalid):
            sv.save_answers(net, token, {"B:reliability": 1}, client="s", now=DURING)
    a = net.audit_events()
    fails = a[a["action"] == "survey_link_failed"]
    assert len(fails) == 5 and set(fails["user_id"]) == {"evaluatielink"} and fails["target"].isna().all()
    assert all(d.startswith("client s; hash ") and len(d) == len("client s; hash ") + 12 for d in fails["detail"])


@pytest.mark.parametrize("key, value", [
    ("B:contact_frequency", ["wekelijks"]), ("B:contact_frequency", {"a": 1}), ("B:reliability", True),
    ("B:reliability", 2.5), ("B:himmelman_level", "3"), ("A:reliability", 3), ("p1:reliability", 3),
    ("res1:reliability", 3), ("open:reliability", "x")])
def test_crafted_answers_are_refused_as_input_errors(net, links, key, value):  # noqa: F811
    """A crafted session can send any value: each is refused with a Dutch message, nothing stored
    (p1 is in organisation A and cannot rate it or themself; res1 is a resident)."""
    with pytest.raises(sv.InputError):
        sv.save_answers(net, links["p1"], {key: value}, client="s", now=DURING)
    assert net.table("survey_invites").set_index("person_id").at["p1", "status"] == "nieuw"
