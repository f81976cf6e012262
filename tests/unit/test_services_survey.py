"""The evaluation with personal links (netwerk.services.survey) on a real SQLite store:
every rule computed by hand on three organisations, and the security cases (a guessed
token, a stolen-but-revoked link, an expired link, a replay after submit, two tabs
submitting at once, the attempt limit)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from netwerk.access import PermissionDenied, Viewer
from netwerk.analysis import ratings as rt
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, Organisation, Person, WorksFor
from netwerk.services import survey as sv
from netwerk.services import trust

COORD = Viewer("c", "coordinator")
PROF = Viewer("p", "professional", "p1")
BEST = Viewer("b", "bestuurder")
DAY = dt.date(2026, 11, 1)
CLOSES = dt.date(2026, 11, 30)
DURING = dt.datetime(2026, 11, 10, 12, 0, tzinfo=AMSTERDAM)
ALL_Q = list(sv.QUESTIONS)


@pytest.fixture(autouse=True)
def _fresh_limiter():
    sv.LIMITER.reset()
    yield
    sv.LIMITER.reset()


@pytest.fixture
def net(store):
    store.apply(ChangeSet(
        organisations=[Organisation(org_id="A", name="Gemeente", sector="gemeente"),
                       Organisation(org_id="B", name="Woonstede", sector="woningcorporatie"),
                       Organisation(org_id="C", name="Zorg", sector="zorg")],
        persons=[Person(person_id="p1", kind="professional", display_name="Anna de Vries", email="anna@x.nl"),
                 Person(person_id="p2", kind="professional", display_name="Bram Bos"),
                 Person(person_id="p3", kind="professional", display_name="Cees Kok"),
                 Person(person_id="v1", kind="volunteer", display_name="Vera Roodborst"),
                 Person(person_id="res1", kind="resident", display_name="Riet Hofman", pseudonym="Bewoner 1",
                        consent_named=True, consent_date=dt.date(2025, 1, 1))],
        works_for=[WorksFor(person_id="p1", org_id="A"), WorksFor(person_id="p2", org_id="B"),
                   WorksFor(person_id="p3", org_id="C")],
    ))
    return store


@pytest.fixture
def links(net):
    return sv.create_survey(COORD, net, "E2026", "Jaarevaluatie 2026", DAY, CLOSES, ["p1", "p2", "p3"],
                            ["A", "B", "C"], ALL_Q)


def test_create_stores_only_hashes_of_256_bit_tokens(net, links):
    assert set(links) == {"p1", "p2", "p3"}
    assert all(len(t) == 43 for t in links.values())  # token_urlsafe(32): 32 random bytes = 256 bits
    inv = net.table("survey_invites")
    assert sorted(inv["token_hash"]) == sorted(sv.hash_token(t) for t in links.values())
    stored = " ".join(str(v) for v in inv.to_numpy().ravel())
    assert not any(t in stored for t in links.values())
    assert set(inv["status"]) == {"nieuw"}
    s = sv.surveys(COORD, net)
    assert s.loc[0, ["survey_id", "status", "invited", "submitted"]].tolist() == ["E2026", "open", 3, 0]


@pytest.mark.parametrize("resp, rated", [(["res1"], ["A"]), (["p1"], ["res1"]), (["p1"], ["nope"])])
def test_residents_never_invited_or_rated(net, resp, rated):
    with pytest.raises(InputError):
        sv.create_survey(COORD, net, "E1", "X", DAY, CLOSES, resp, rated, ALL_Q)
    assert len(net.table("surveys")) == 0


def test_bad_dates_questions_and_taken_code(net, links):
    with pytest.raises(InputError, match="sluitingsdatum"):
        sv.create_survey(COORD, net, "E2", "X", DAY, DAY - dt.timedelta(days=1), ["p1"], ["A"], ALL_Q)
    with pytest.raises(InputError, match="vragen"):
        sv.create_survey(COORD, net, "E2", "X", DAY, CLOSES, ["p1"], ["A"], ["wie_is_lastig"])
    with pytest.raises(InputError, match="al een evaluatie"):
        sv.create_survey(COORD, net, "E2026", "X", DAY, CLOSES, ["p1"], ["A"], ALL_Q)


@pytest.mark.parametrize("viewer", [PROF, BEST])
def test_only_coordinators_manage(net, links, viewer):
    for call in (lambda: sv.create_survey(viewer, net, "E3", "X", DAY, CLOSES, ["p1"], ["A"], ALL_Q),
                 lambda: sv.revoke_link(viewer, net, "E2026", "p1"), lambda: sv.close_survey(viewer, net, "E2026"),
                 lambda: sv.response(viewer, net, "E2026"), lambda: sv.surveys(viewer, net),
                 lambda: sv.respondent_choices(viewer, net),
                 lambda: sv.links_file(viewer, net, "E2026", links, "http://h")):
        with pytest.raises(PermissionDenied):
            call()


def test_form_shows_own_partners_without_own_organisation_or_residents(net, links):
    form = sv.open_form(net, links["p1"], now=DURING)
    assert form.rated == [("B", "Woonstede"), ("C", "Zorg")]  # not A, p1's own organisation
    assert form.respondent == "Anna de Vries" and form.status == "nieuw" and form.answers == {}
    assert [t for t, _ in sv.form_pages(form)] == ["Woonstede", "Zorg", "Open vragen"]
    assert "Riet" not in repr(form)


def test_save_per_page_change_then_submit_once(net, links):
    t = links["p1"]
    sv.save_answers(net, t, {"B:reliability": 3, "B:mission": 4}, now=DURING)
    sv.save_answers(net, t, {"B:mission": 2, "B:openness": 4, "C:himmelman_level": 3}, now=DURING)  # changed
    form = sv.open_form(net, t, now=DURING)
    assert form.status == "bezig"
    assert form.answers == {"B:reliability": 3, "B:mission": 2, "B:openness": 4, "C:himmelman_level": 3}
    sv.save_answers(net, t, {"C:himmelman_level": None}, now=DURING)  # an empty value removes the answer
    assert "C:himmelman_level" not in sv.open_form(net, t, now=DURING).answers
    sv.submit(net, t, {"open:open_goed": "Korte lijnen."}, now=DURING)
    assert sv.open_form(net, t, now=DURING).status == "ingediend"
    for replay in (lambda: sv.submit(net, t, now=DURING), lambda: sv.save_answers(net, t, {"B:mission": 1}, now=DURING)):
        with pytest.raises(InputError) as e:
            replay()
        assert str(e.value) == sv.ALREADY_SUBMITTED
    assert sv.open_form(net, t, now=DURING).answers["B:mission"] == 2


@pytest.mark.parametrize("answers", [{"B:reliability": 5}, {"A:reliability": 3}, {"B:himmelman_level": 7},
                                     {"B:contact_frequency": "soms"}, {"open:reliability": 3}, {"B:open_goed": "x"},
                                     {"open:open_goed": "x" * 1001}])
def test_answers_outside_the_form_are_refused(net, links, answers):
    with pytest.raises(InputError):
        sv.save_answers(net, links["p1"], answers, now=DURING)
    assert sv.open_form(net, links["p1"], now=DURING).answers == {}


def test_open_answer_about_a_named_person_is_refused(net, links):
    with pytest.raises(InputError, match="noemt een persoon"):
        sv.save_answers(net, links["p1"], {"open:open_beter": "Bram Bos reageert nooit."}, now=DURING)
    warnings = sv.save_answers(net, links["p1"], {"open:open_beter": "Mail ons op team@buurt.nl"}, now=DURING)
    assert any("e-mailadres" in w for w in warnings)


def test_wrong_expired_revoked_and_closed_links_get_the_same_answer(net, links):
    messages = []
    for token, now in ((sv.new_links("x", ["guess"])["guess"], DURING),  # a guessed token
                       (links["p2"], dt.datetime(2026, 12, 1, 0, 1, tzinfo=AMSTERDAM)),  # a day after closing
                       ("", DURING)):
        with pytest.raises(sv.LinkInvalid) as e:
            sv.open_form(net, token, now=now)
        messages.append(str(e.value))
    sv.open_form(net, links["p2"], now=dt.datetime(2026, 11, 30, 23, 59, tzinfo=AMSTERDAM))  # last day still works
    sv.revoke_link(COORD, net, "E2026", "p3")  # a stolen link, revoked
    with pytest.raises(sv.LinkInvalid) as e:
        sv.submit(net, links["p3"], {"B:reliability": 1}, now=DURING)
    messages.append(str(e.value))
    assert set(messages) == {sv.LINK_INVALID}
    new = sv.reissue_link(COORD, net, "E2026", "p3")
    assert sv.open_form(net, new, now=DURING).respondent == "Cees Kok"
    audit = net.audit_events()
    assert (audit["action"] == "survey_link_failed").sum() == 4
    assert "survey_link_revoked" in set(audit["action"])


def test_attempts_are_limited_per_client(net, links):
    for _ in range(sv.LIMITER.limit):
        with pytest.raises(sv.LinkInvalid):
            sv.open_form(net, "geraden", client="sessie-1", now=DURING)
    with pytest.raises(sv.TooManyAttempts):
        sv.open_form(net, links["p1"], client="sessie-1", now=DURING)  # blocked even with a good link
    assert sv.open_form(net, links["p1"], client="sessie-2", now=DURING).status == "nieuw"


def test_limiter_window_and_global_limit():
    lim = sv.AttemptLimiter(limit=2, window=60, global_limit=3)
    lim.fail("a", now=0)
    lim.fail("a", now=1)
    assert lim.blocked("a", now=59) and not lim.blocked("b", now=59)
    assert not lim.blocked("a", now=61)  # both failures (at 0 and 1) left the 60-second window
    for client, at in (("b", 61), ("c", 62), ("d", 63)):
        lim.fail(client, now=at)
    assert lim.blocked("b", now=63)  # the global limit holds for b too (one failure of its own)
    assert lim.blocked("e", now=63)  # ... but 3 in the window from all clients together


def test_two_tabs_submitting_at_once_store_one_answer(net, links):
    t = links["p2"]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def tab(score: int) -> None:
        barrier.wait()
        try:
            sv.submit(net, t, {"A:reliability": score}, now=DURING)
            results.append("ok")
        except InputError as e:
            results.append(str(e))

    threads = [threading.Thread(target=tab, args=(s,)) for s in (1, 4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == sorted(["ok", sv.ALREADY_SUBMITTED])
    audit = net.audit_events()
    assert (audit["action"] == "survey_submitted").sum() == 1
    assert sv.open_form(net, t, now=DURING).answers["A:reliability"] in (1, 4)


def _fill(net, links):
    # p1 (A) rates B: trust items 3,4,2 -> trust 3.0; value items 2,3,4 -> 3.0; Himmelman 2.
    sv.submit(net, links["p1"], {"B:reliability": 3, "B:mission": 4, "B:openness": 2, "B:power": 2,
                                 "B:involvement": 3, "B:resources": 4, "B:himmelman_level": 2,
                                 "B:contact_frequency": "maandelijks", "C:reliability": 4}, now=DURING)
    sv.save_answers(net, links["p2"], {"A:reliability": 1, "A:mission": 1, "A:openness": 1}, now=DURING)  # partial


def test_response_overall_per_organisation_and_reminders(net, links):
    _fill(net, links)
    r = sv.response(COORD, net, "E2026")
    assert r.overall == {"invited": 3, "submitted": 1, "partial": 1, "not_started": 1, "rate": pytest.approx(1 / 3)}
    per = r.per_organisation.set_index("organisation")
    assert per.loc["Gemeente", ["invited", "submitted", "partial"]].tolist() == [1, 1, 0]
    assert per.loc["Woonstede", ["submitted", "partial"]].tolist() == [0, 1]
    assert per.loc["Gemeente", "rate"] == 1.0 and per.loc["Zorg", "rate"] == 0.0
    assert r.reminders[["person_id", "status"]].values.tolist() == [["p2", "bezig"], ["p3", "nieuw"]]


def test_close_writes_ratings_like_an_import(net, links):
    _fill(net, links)
    assert sv.close_survey(COORD, net, "E2026") == "E2026"
    rounds = trust.survey_rounds(COORD, net)
    assert rounds[["round_id", "name", "ratings"]].values.tolist() == [["E2026", "Jaarevaluatie 2026", 2]]
    ratings = net.table("ratings")
    assert set(ratings["rater_id"]) == {"p1"}  # p2's partial answers are not ratings
    view = trust.round_view(COORD, net, "E2026")
    assert view.summary["mean_trust"] == pytest.approx((3.0 + 0) / 1)  # A->C has only one item: no trust score
    assert view.summary["incomplete_trust"] == 1
    assert view.trust_matrix.loc["Gemeente", "Woonstede"] == pytest.approx(3.0)
    assert view.value_matrix.loc["Gemeente", "Woonstede"] == pytest.approx(3.0)
    with pytest.raises(sv.LinkInvalid):
        sv.open_form(net, links["p3"], now=DURING)  # closing makes every link useless
    with pytest.raises(InputError, match="al gesloten"):
        sv.close_survey(COORD, net, "E2026")
    audit = net.audit_events()
    assert "survey_closed" in set(audit["action"])
    rates = sv.round_response_rates(COORD, net)
    assert rates.values.tolist() == [["E2026", 3, 1, pytest.approx(1 / 3), False]]
    best = sv.round_response_rates(BEST, net)
    assert best.loc[0, "invited"] == "<5" and best.loc[0, "rate"] is None


def test_response_rate_rule():
    assert rt.response_rate(7, 10) == 0.7 and rt.comparable_response(0.7) is True
    assert rt.comparable_response(rt.response_rate(2, 3)) is False
    assert rt.response_rate(0, 0) is None and rt.comparable_response(None) is None
    with pytest.raises(ValueError):
        rt.response_rate(4, 3)


def test_links_file_csv_and_xlsx(net, links):
    csv = sv.links_file(COORD, net, "E2026", links, "http://host:8501/").decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0] == "naam;e-mail;organisatie;link;sluitingsdatum"
    assert f"Anna de Vries;anna@x.nl;Gemeente;http://host:8501/?token={links['p1']};30-11-2026" in lines
    xlsx = sv.links_file(COORD, net, "E2026", links, "http://host:8501", fmt="xlsx")
    assert xlsx[:2] == b"PK"


def test_inzage_holds_the_invite_and_answers_but_never_the_hash(net, links):
    from netwerk.report.inzage import inzage_html
    from netwerk.services import privacy

    _fill(net, links)
    data = privacy.export_person(COORD, net, "p1")
    assert [(i["survey_id"], i["status"]) for i in data["survey_invites"]] == [("E2026", "ingediend")]
    assert data["survey_invites"][0]["answers"]["B:reliability"] == 3
    html = inzage_html(data)
    assert "Evaluaties: uitnodigingen en eigen antwoorden" in html
    assert sv.hash_token(links["p1"]) not in html and links["p1"] not in html
    privacy.erase_person(COORD, net, "p1")
    assert "p1" not in set(net.table("survey_invites")["person_id"])  # erasure removes the invite and its answers


def test_bestuurder_rate_from_rounded_counts(net, store):
    extra = [Person(person_id=f"x{i}", kind="professional", display_name=f"Prof {i}") for i in range(4)]
    net.apply(ChangeSet(persons=extra))
    links = sv.create_survey(COORD, net, "E7", "Zeven", DAY, CLOSES, ["p1", "p2", "p3", *[p.person_id for p in extra]],
                             ["A", "B", "C"], ["reliability"])
    for p in ("x0", "x1", "x2", "x3", "p1", "p2"):  # 6 of 7 submit
        sv.submit(net, links[p], {}, now=DURING)
    sv.close_survey(COORD, net, "E7")
    coord = sv.round_response_rates(COORD, net).iloc[0]
    assert (coord["invited"], coord["submitted"], coord["rate"]) == (7, 6, pytest.approx(6 / 7))
    best = sv.round_response_rates(BEST, net).iloc[0]
    assert (best["invited"], best["submitted"], best["rate"]) == (5, 5, 1.0)  # 7 -> 5, 6 -> 5: never 6/7
    assert bool(best["comparable"]) is True  # 86% >= 70%


def test_form_shows_the_years_lessons_and_decisions_only_when_chosen(net):
    """Issue 18: respondents read the year's lessons and decisions before they answer, if the
    coordinator chooses; only the twelve months before the survey's date, naming nobody."""
    from netwerk.domain import Activity, Decision, Lesson

    net.apply(ChangeSet(
        activities=[Activity(activity_id="a1", kind="bewonersbijeenkomst", date=dt.datetime(2026, 3, 5, 19, tzinfo=AMSTERDAM)),
                    Activity(activity_id="a0", kind="overig", date=dt.datetime(2025, 6, 5, 19, tzinfo=AMSTERDAM))],
        lessons=[Lesson(lesson_id="L1", activity_id="a1", text="Korte lijnen werken", author_id="p1"),
                 Lesson(lesson_id="L0", activity_id="a0", text="Te oud om mee te tellen")],
        decisions=[Decision(decision_id="D1", activity_id="a1", proposal="Elke maand een buurtmaaltijd",
                            votes_for=9, votes_against=2, votes_abstain=1)],
    ))
    plain = sv.create_survey(COORD, net, "E1", "Zonder", DAY, CLOSES, ["p1"], ["B"], ALL_Q)
    shown = sv.create_survey(COORD, net, "E2", "Met", DAY, CLOSES, ["p1"], ["B"], ALL_Q, show_lessons=True)
    assert sv.open_form(net, plain["p1"], now=DURING).year is None
    year = sv.open_form(net, shown["p1"], now=DURING).year
    assert year is not None and (year.start, year.end) == (dt.date(2025, 11, 2), DAY)
    assert year.lessons["text"].tolist() == ["Korte lijnen werken"]  # L0 (June 2025) is older than a year
    assert set(year.lessons["author"]) == {""}  # nobody named
    assert year.decisions["proposal"].tolist() == ["Elke maand een buurtmaaltijd"]
    assert year.decisions[["votes_for", "votes_against", "votes_abstain"]].iloc[0].tolist() == [10, "<5", "<5"]


def test_report_shows_each_rounds_response_and_the_low_response_warning(net, links):
    """The bestuurdersrapport gives the response beside the round figures, with the same text
    as Vertrouwen (survey.response_lines_in), and warns below 70%."""
    import io

    from pypdf import PdfReader

    from netwerk import report as renderers
    from netwerk.services import report

    sv.submit(net, links["p1"], {"B:reliability": 4, "B:mission": 3, "B:openness": 4}, now=DURING)
    round_id = sv.close_survey(COORD, net, "E2026")
    rep = report.build_report(COORD, net)
    assert [rv.round_id for rv in rep.rounds] == [round_id]
    # 1 of 3 answered; the report is the bestuurder's view, so the counts are withheld ("<5").
    assert rep.response == ["Respons Jaarevaluatie 2026: <5 van <5 uitgenodigden (afgeschermd)."]
    lines, warning = sv.response_lines_in(sv.round_response_rates(COORD, net), [round_id],
                                          {round_id: "Jaarevaluatie 2026"})
    assert lines == ["Respons Jaarevaluatie 2026: 1 van 3 uitgenodigden (33%)."]
    assert warning is not None and warning == rep.response_warning and "lager dan 70%" in warning
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(renderers.report_pdf(rep))).pages)
    assert rep.response[0] in text and "Vergelijk zo'n ronde niet met andere rondes" in text
