"""The yearly evaluation sent from Buurtnetwerk: a survey with personal links.

A coordinator prepares a survey (name, date, closing date), chooses the respondents
(professionals, bestuurders and volunteers; never residents), the organisations (and
optionally colleagues) to be rated and the questions from the fixed Dutch set
:data:`QUESTIONS` (the PARTNER tool's six items, Himmelman's level, contact frequency and
open questions about the collaboration). Every respondent gets a personal link with a
random token (:func:`secrets.token_urlsafe` of 32 bytes: 256 bits); the store keeps only
its sha256 hash (``SurveyInvite.token_hash``). A link works for that respondent and
survey only, until the closing date (inclusive, Europe/Amsterdam), while the survey is
open and the link is not revoked.

Respondents have no account: the form's functions (:func:`open_form`,
:func:`save_answers`, :func:`submit`) take the token instead of a viewer. A wrong,
expired, revoked or closed link gives the same :class:`LinkInvalid` with the same Dutch
message (:data:`LINK_INVALID`), so a token cannot be probed; failed attempts are counted
per process (:class:`AttemptLimiter`, thread-safe) and written to the audit log.
Answers are saved per page (status ``bezig``), changeable until submitted, and submitted
once: :func:`submit` checks and writes inside one ``Store.unit_of_work()`` under a
process lock, so two tabs submitting at once store exactly one answer; the second gets
:data:`ALREADY_SUBMITTED`.

Closing (:func:`close_survey`) writes the submitted answers as ordinary PARTNER ratings
of a new survey round (``SurveyRound`` and ``Rating``, the tables the ``rondes`` and
``beoordelingen`` import fills) in one transaction with its audit entry; partial answers
are never written as ratings. Vertrouwen, Verschil and the report then treat the round
exactly as an imported one.

Coordinator functions take the :class:`~netwerk.access.Viewer` first and refuse every
other role (:class:`~netwerk.access.PermissionDenied`); :func:`round_response_rates`
is open to every role (bestuurders get rates over fewer than 5 invitees withheld).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import graph_schema as gs
from netwerk.access import SUPPRESS_BELOW, PermissionDenied, Viewer, ratio, round_count
from netwerk.analysis import ratings as rt
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, NotFoundError, Rating, Survey, SurveyInvite, SurveyRound
from netwerk.services import learning
from netwerk.services.audit import log_event
from netwerk.services.privacy import text_warnings
from netwerk.spreadsheet import formula_safe
from netwerk.store.base import Store
from netwerk.store.records import AuditEvent
from netwerk.text import fmt_count, fmt_date, fmt_percent

__all__ = [
    "ALREADY_SUBMITTED",
    "HIMMELMAN_EXPLANATIONS",
    "LINK_INVALID",
    "QUESTIONS",
    "RESPONDENT_KINDS",
    "SCORE_LABELS",
    "TOO_MANY_ATTEMPTS",
    "AttemptLimiter",
    "Form",
    "LinkInvalid",
    "Response",
    "TooManyAttempts",
    "close_survey",
    "create_survey",
    "form_pages",
    "hash_token",
    "links_file",
    "new_links",
    "open_form",
    "reissue_link",
    "respondent_choices",
    "response",
    "revoke_link",
    "round_response_rates",
    "save_answers",
    "submit",
    "surveys",
]

# --- the fixed question set ------------------------------------------------------------

SCORE_LABELS: dict[int, str] = {1: "helemaal niet", 2: "een beetje", 3: "redelijk", 4: "in hoge mate"}
"""The PARTNER tool's four answer options (not at all, a small amount, a fair amount, a great deal)."""

QUESTIONS: dict[str, tuple[str, str]] = {
    "reliability": ("score", "Hoe betrouwbaar is deze partner? (komt afspraken na)"),
    "mission": ("score", "In hoeverre deelt deze partner de missie en doelen van de buurtaanpak?"),
    "openness": ("score", "Hoe open staat deze partner voor overleg? (bereid tot een eerlijk, open gesprek, "
                          "ook bij verschil van mening)"),
    "power": ("score", "Hoeveel invloed heeft deze partner in de buurt?"),
    "involvement": ("score", "Hoe betrokken is deze partner bij de buurtaanpak?"),
    "resources": ("score", "In hoeverre brengt deze partner middelen in (tijd, geld, ruimte, kennis, contacten)?"),
    "himmelman_level": ("himmelman", "Hoe ver gaat uw samenwerking met deze partner?"),
    "contact_frequency": ("frequency", "Hoe vaak heeft u contact met deze partner?"),
    "open_goed": ("open", "Wat gaat goed in de samenwerking in de buurtaanpak?"),
    "open_beter": ("open", "Wat kan beter in de samenwerking?"),
    "open_geleerd": ("open", "Wat heeft de samenwerking dit jaar opgeleverd voor de buurt?"),
}
"""Question code -> (kind, Dutch wording). The six PARTNER items (Varda et al., PARTNER
tool: reliability, mission, openness make trust; power/influence, involvement,
resources make value; each 1-4, :data:`SCORE_LABELS`), Himmelman's level (0-4,
:data:`HIMMELMAN_EXPLANATIONS`), the contact frequency (``graph_schema.CONTACT_FREQUENCIES``)
and open questions about the collaboration itself (never about a named person)."""

HIMMELMAN_EXPLANATIONS: dict[int, str] = {
    0: "Geen: wij werken niet samen.",
    1: "Netwerken: wij wisselen informatie uit, voor ieders eigen doel.",
    2: "Coördineren: wij wisselen informatie uit en stemmen activiteiten op elkaar af.",
    3: "Samenwerken: daarnaast delen wij middelen (tijd, ruimte, geld) voor een gezamenlijk doel.",
    4: "Samen optrekken: daarnaast versterken wij elkaar, met gedeelde risico's, verantwoordelijkheid en resultaat.",
}
"""Himmelman (2002) levels 0-4 with a one-line Dutch explanation each."""

RESPONDENT_KINDS = ("professional", "bestuurder", "volunteer")
"""Person kinds that may be invited (never residents)."""

LINK_INVALID = ("Deze link werkt niet (meer). Controleer of u de hele link uit de uitnodiging gebruikt, of vraag "
                "de coördinator om een nieuwe link.")
"""The one answer for a wrong, expired, revoked or closed link."""

ALREADY_SUBMITTED = "U heeft deze vragenlijst al ingediend. Uw antwoorden zijn opgeslagen; u hoeft niets meer te doen."
TOO_MANY_ATTEMPTS = "Te veel pogingen met een ongeldige link. Probeer het over een paar minuten opnieuw."

OPEN_MAX_CHARS = 1000
"""An open answer is at most this many characters."""

_RESPONDENT = "evaluatielink"
"""The audit log's user_id for actions through a personal link (the target names the invite)."""


class LinkInvalid(InputError):
    """A wrong, expired, revoked or closed link (always :data:`LINK_INVALID`)."""

    def __init__(self) -> None:
        super().__init__(LINK_INVALID)


class TooManyAttempts(InputError):
    """Too many failed link attempts (:data:`TOO_MANY_ATTEMPTS`)."""

    def __init__(self) -> None:
        super().__init__(TOO_MANY_ATTEMPTS)


class AttemptLimiter:
    """Failed link attempts per client in a sliding window, thread-safe, per process.

    ``limit`` failures per ``window`` seconds per client key (e.g. a browser session), and
    ``global_limit`` for all clients together (a guesser who changes sessions).
    """

    def __init__(self, limit: int = 10, window: float = 300.0, global_limit: int = 200) -> None:
        self.limit, self.window, self.global_limit = limit, window, global_limit
        self._lock = threading.Lock()
        self._fails: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _trim(self, q: deque[float], now: float) -> None:
        while q and q[0] <= now - self.window:
            q.popleft()

    def client_blocked(self, client: str, now: float | None = None) -> bool:
        """True when ``client`` alone reached its limit (the global limit not counted)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._fails.setdefault(client, deque())
            self._trim(q, now)
            return len(q) >= self.limit

    def blocked(self, client: str, now: float | None = None) -> bool:
        """True when ``client`` (or all clients together) reached the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._fails.setdefault(client, deque())
            self._trim(q, now)
            self._trim(self._all, now)
            return len(q) >= self.limit or len(self._all) >= self.global_limit

    def fail(self, client: str, now: float | None = None) -> None:
        """Count one failed attempt of ``client``."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._fails.setdefault(client, deque()).append(now)
            self._all.append(now)

    def reset(self) -> None:
        """Forget every attempt (tests)."""
        with self._lock:
            self._fails.clear()
            self._all.clear()


LIMITER = AttemptLimiter()
"""The process's limiter of failed link attempts."""

_SUBMIT_LOCK = threading.Lock()


# --- helpers ---------------------------------------------------------------------------


def hash_token(token: str) -> str:
    """The sha256 (hex) of a link token: what the store keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _coordinator(viewer: Viewer) -> None:
    if viewer.role != "coordinator":
        raise PermissionDenied("Alleen een coördinator beheert evaluaties.")


def _today(now: dt.datetime | None) -> dt.date:
    return (now or dt.datetime.now(AMSTERDAM)).astimezone(AMSTERDAM).date()


def _survey(store: Store, survey_id: str) -> dict:
    hit = store.rows("surveys", "survey_id", [survey_id])
    if not len(hit):
        raise NotFoundError(f"Evaluatie '{survey_id}' bestaat niet.")
    return hit.iloc[0].to_dict()


def _invites(store: Store, survey_id: str) -> pd.DataFrame:
    return store.rows("survey_invites", "survey_id", [survey_id]).reset_index(drop=True)


def _persons(store: Store) -> pd.DataFrame:
    return store.table("persons")


def _person_label(row: dict) -> str:
    return str(row.get("display_name") or row.get("person_id"))


_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


# --- preparing a survey ------------------------------------------------------------------


def respondent_choices(viewer: Viewer, store: Store) -> dict[str, list[tuple[str, str]]]:
    """What a coordinator can choose from: ``respondents`` (person_id, "Naam (soort)") of
    the kinds :data:`RESPONDENT_KINDS`, ``organisations`` (org_id, name) and ``colleagues``
    (person_id, name; professionals only). Never residents.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    _coordinator(viewer)
    p = _persons(store)
    o = store.table("organisations")
    resp = [(str(r["person_id"]), f"{_person_label(r)} ({gs.PERSON_KINDS[r['kind']]})")
            for r in p.to_dict("records") if r["kind"] in RESPONDENT_KINDS]
    coll = [(str(r["person_id"]), _person_label(r)) for r in p.to_dict("records") if r["kind"] == "professional"]
    orgs = [(str(r["org_id"]), str(r["name"] or r["org_id"])) for r in o.to_dict("records")]
    key = lambda t: (t[1].casefold(), t[0])  # noqa: E731
    return {"respondents": sorted(resp, key=key), "organisations": sorted(orgs, key=key),
            "colleagues": sorted(coll, key=key)}


def new_links(survey_id: str, person_ids: list[str]) -> dict[str, str]:
    """A fresh token per person (:func:`secrets.token_urlsafe` of 32 bytes: 256 bits,
    43 URL-safe characters). Pure; the caller stores only :func:`hash_token` of each."""
    return {p: secrets.token_urlsafe(32) for p in person_ids}


def _check_new(store: Store, survey_id: str, name: str, date: dt.date, closes_on: dt.date,
               respondents: list[str], rated: list[str], questions: list[str]) -> None:
    if not _ID.match(survey_id):
        raise InputError("De code van de evaluatie mag alleen letters, cijfers, - en _ bevatten (hoogstens 40).")
    if not (store.rows("surveys", "survey_id", [survey_id]).empty
            and store.rows("survey_rounds", "round_id", [survey_id]).empty):
        raise InputError(f"Er is al een evaluatie of ronde met code '{survey_id}'; kies een andere code.")
    if not name.strip():
        raise InputError("Geef de evaluatie een naam.")
    if closes_on < date:
        raise InputError(f"De sluitingsdatum ({fmt_date(closes_on)}) ligt voor de datum ({fmt_date(date)}).")
    unknown_q = [q for q in questions if q not in QUESTIONS]
    if unknown_q or not questions:
        raise InputError("Kies een of meer vragen uit de vaste vragenlijst.")
    if not respondents:
        raise InputError("Kies minstens één respondent.")
    if not rated:
        raise InputError("Kies minstens één organisatie die beoordeeld wordt.")
    p = store.rows("persons", "person_id", [*respondents, *rated])  # only the people chosen
    kinds = dict(zip(p["person_id"].astype(str), p["kind"], strict=True))
    wrong = [r for r in respondents if kinds.get(r) not in RESPONDENT_KINDS]
    if wrong:
        raise InputError(f"Geen professional, bestuurder of vrijwilliger: {', '.join(sorted(wrong)[:5])}. "
                         "Bewoners worden niet uitgenodigd.")
    orgs = set(store.rows("organisations", "org_id", rated)["org_id"])
    bad = [r for r in rated if r not in orgs and kinds.get(r) != "professional"]
    if bad:
        raise InputError(f"Onbekende organisatie of collega: {', '.join(sorted(bad)[:5])}. "
                         "Alleen organisaties en professionals worden beoordeeld, nooit bewoners.")


def create_survey(viewer: Viewer, store: Store, survey_id: str, name: str, date: dt.date, closes_on: dt.date,
                  respondents: list[str], rated: list[str], questions: list[str],
                  show_lessons: bool = False) -> dict[str, str]:
    """Create an open survey with a personal link per respondent.

    Parameters
    ----------
    survey_id : str
        Its code (letters, digits, ``-``, ``_``; at most 40); becomes the round_id when it
        closes, so no survey or round may have it yet.
    date, closes_on : datetime.date
        The survey's date and the last day links work (inclusive, Europe/Amsterdam).
    respondents : list of str
        person_ids of professionals, bestuurders or volunteers (never residents).
    rated : list of str
        org_ids and, optionally, person_ids of professionals (never residents).
    questions : list of str
        Codes from :data:`QUESTIONS`.
    show_lessons : bool, default False
        Whether the form first shows the lessons and decisions of the twelve months before
        ``date`` (:attr:`Form.year`).

    Returns
    -------
    dict
        person_id -> token (shown once: the store keeps only its hash; the coordinator
        downloads the links with :func:`links_file` now, or revokes and reissues later).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For a taken or malformed code, an empty name, a closing date before the date, no
        or unknown questions, respondents or rated; nothing is written.
    """
    _coordinator(viewer)
    respondents, rated = list(dict.fromkeys(respondents)), list(dict.fromkeys(rated))
    _check_new(store, survey_id, name, date, closes_on, respondents, rated, questions)
    tokens = new_links(survey_id, respondents)
    survey = Survey(survey_id=survey_id, name=name.strip(), date=date, closes_on=closes_on, status="open",
                    questions=tuple(q for q in QUESTIONS if q in questions), rated_ids=tuple(rated),
                    show_lessons=show_lessons)
    invites = [SurveyInvite(survey_id=survey_id, person_id=p, token_hash=hash_token(t), status="nieuw")
               for p, t in tokens.items()]
    with store.unit_of_work():
        store.apply(ChangeSet(surveys=[survey], survey_invites=invites))
        log_event(viewer, store, "survey_created", survey_id, f"{len(invites)} respondenten, {len(rated)} beoordeeld")
    return tokens


def reissue_link(viewer: Viewer, store: Store, survey_id: str, person_id: str) -> str:
    """A new token for one respondent (the old link stops working); answers saved so far
    are kept. Returns the token (shown once).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown survey or a person not invited to it.
    InputError
        When the survey is closed or the respondent already submitted.
    """
    _coordinator(viewer)
    inv = _invite_row(store, survey_id, person_id)
    if _survey(store, survey_id)["status"] != "open":
        raise InputError("De evaluatie is gesloten; er worden geen links meer uitgegeven.")
    if inv["status"] == "ingediend":
        raise InputError("Deze respondent heeft al ingediend.")
    token = secrets.token_urlsafe(32)
    with store.unit_of_work():
        store.apply(ChangeSet(survey_invites=[SurveyInvite(**{**inv, "token_hash": hash_token(token), "revoked": False})]))
        log_event(viewer, store, "survey_link_reissued", f"{survey_id}/{person_id}")
    return token


def _invite_row(store: Store, survey_id: str, person_id: str) -> dict:
    _survey(store, survey_id)
    i = _invites(store, survey_id)
    hit = i[i["person_id"] == person_id]
    if not len(hit):
        raise NotFoundError(f"'{person_id}' is niet uitgenodigd voor evaluatie '{survey_id}'.")
    return _row(hit.iloc[0].to_dict())


def _row(inv: dict) -> dict:
    """An invite row as SurveyInvite fields (the store gives ``()`` for no answers)."""
    out = {k: (None if v is pd.NaT or (isinstance(v, float) and v != v) else v)  # NaT/NaN of a mixed column
           for k, v in inv.items() if k not in ("created_at", "updated_at")}
    at = out.get("submitted_at")
    if isinstance(at, pd.Timestamp):
        out["submitted_at"] = at.to_pydatetime()
    out["answers"] = dict(out["answers"]) if isinstance(out.get("answers"), dict) and out["answers"] else None
    out["revoked"] = bool(out.get("revoked"))
    return out


def revoke_link(viewer: Viewer, store: Store, survey_id: str, person_id: str) -> None:
    """Make one respondent's link useless (e.g. sent to the wrong address); the answers
    saved so far stay, and :func:`reissue_link` gives a new link. Written with its audit
    entry in one transaction.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown survey or a person not invited to it.
    """
    _coordinator(viewer)
    inv = _invite_row(store, survey_id, person_id)
    with store.unit_of_work():
        store.apply(ChangeSet(survey_invites=[SurveyInvite(**{**inv, "revoked": True})]))
        log_event(viewer, store, "survey_link_revoked", f"{survey_id}/{person_id}")


def links_file(viewer: Viewer, store: Store, survey_id: str, tokens: dict[str, str], base_url: str,
               fmt: str = "csv") -> bytes:
    """The personal links for a mail merge: columns naam, e-mail, organisatie, link
    (``base_url?token=...``), sluitingsdatum. ``fmt`` ``csv`` (``;``, UTF-8 with BOM, for
    Dutch Excel) or ``xlsx``. Cells are formula-safe (:func:`netwerk.spreadsheet.formula_safe`).
    The download is logged.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown survey.
    InputError
        For another ``fmt``.
    """
    _coordinator(viewer)
    s = _survey(store, survey_id)
    if fmt not in ("csv", "xlsx"):
        raise InputError("Kies csv of xlsx.")
    p = _persons(store).set_index("person_id")
    orgs = dict(zip(store.table("organisations")["org_id"], store.table("organisations")["name"], strict=True))
    person_org = dict(zip(store.table("works_for")["person_id"], store.table("works_for")["org_id"], strict=False))
    rows = [{"naam": p.at[pid, "display_name"] if pid in p.index else pid,
             "e-mail": p.at[pid, "email"] if pid in p.index and "email" in p.columns else None,
             "organisatie": orgs.get(person_org.get(pid, ""), None),
             "link": f"{base_url.rstrip('/')}/?token={tok}",
             "sluitingsdatum": fmt_date(s["closes_on"])} for pid, tok in tokens.items()]
    frame = formula_safe(pd.DataFrame(rows, columns=["naam", "e-mail", "organisatie", "link", "sluitingsdatum"]))
    log_event(viewer, store, "export", f"evaluatie {survey_id}", f"{len(rows)} links ({fmt})")
    if fmt == "csv":
        return frame.to_csv(sep=";", index=False).encode("utf-8-sig")
    buf = io.BytesIO()
    frame.to_excel(buf, index=False, sheet_name="links")
    return buf.getvalue()


def surveys(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The surveys, newest first: survey_id, name, date, closes_on, status (open or
    gesloten), round_id, invited, submitted.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    _coordinator(viewer)
    s = store.table("surveys")
    i = store.table("survey_invites")
    cols = ["survey_id", "name", "date", "closes_on", "status", "round_id", "invited", "submitted"]
    if not len(s):
        return pd.DataFrame(columns=cols)
    s = s.assign(invited=[int((i["survey_id"] == x).sum()) for x in s["survey_id"]],
                 submitted=[int(((i["survey_id"] == x) & (i["status"] == "ingediend")).sum()) for x in s["survey_id"]])
    return s[cols].sort_values(["date", "survey_id"], ascending=False, kind="mergesort").reset_index(drop=True)


# --- response tracking -----------------------------------------------------------------


@dataclass
class Response:
    """Who answered a survey (see :func:`response`).

    ``overall``: invited, submitted, partial (saved but not submitted), not_started, rate
    (submitted / invited, 0-1; partial answers do not count). ``per_organisation``:
    organisation, invited, submitted, partial, rate (respondents by their first
    organisation; "zonder organisatie" for none). ``reminders``: person_id, name, email,
    status (nieuw or bezig), revoked: who has not submitted.
    """

    survey_id: str
    status: str
    overall: dict[str, Any]
    per_organisation: pd.DataFrame
    reminders: pd.DataFrame = field(default_factory=pd.DataFrame)


def response(viewer: Viewer, store: Store, survey_id: str) -> Response:
    """The response of one survey, overall and per organisation, and the reminder list.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown survey.
    """
    _coordinator(viewer)
    s = _survey(store, survey_id)
    inv = _invites(store, survey_id)
    p = _persons(store).set_index("person_id")
    orgs = dict(zip(store.table("organisations")["org_id"], store.table("organisations")["name"], strict=True))
    wf = store.table("works_for").sort_values(["person_id", "org_id"], kind="mergesort")
    first_org = wf.drop_duplicates("person_id").set_index("person_id")["org_id"].to_dict()
    inv = inv.assign(organisation=[orgs.get(first_org.get(x, ""), None) or "zonder organisatie" for x in inv["person_id"]])
    overall = _counts(inv)
    per = pd.DataFrame([{"organisation": org, **_counts(g)} for org, g in inv.groupby("organisation", sort=True)],
                       columns=["organisation", "invited", "submitted", "partial", "not_started", "rate"])
    todo = inv[inv["status"] != "ingediend"]
    reminders = pd.DataFrame({
        "person_id": todo["person_id"],
        "name": [p.at[x, "display_name"] if x in p.index else x for x in todo["person_id"]],
        "email": [p.at[x, "email"] if x in p.index else None for x in todo["person_id"]],
        "status": todo["status"], "revoked": todo["revoked"].fillna(False).astype(bool),
    }).reset_index(drop=True)
    return Response(survey_id=survey_id, status=str(s["status"]), overall=overall, per_organisation=per,
                    reminders=reminders)


def _counts(inv: pd.DataFrame) -> dict[str, Any]:
    n = len(inv)
    sub = int((inv["status"] == "ingediend").sum())
    part = int((inv["status"] == "bezig").sum())
    return {"invited": n, "submitted": sub, "partial": part, "not_started": n - sub - part,
            "rate": rt.response_rate(sub, n)}


def round_response_rates(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The response of every survey round sent from Buurtnetwerk (imported rounds have
    none): round_id, invited, submitted, rate (0-1), comparable
    (:func:`netwerk.analysis.ratings.comparable_response`, from the exact rate). Every role;
    for a bestuurder the counts are rounded (``"<5"``, else to a multiple of 5) and the rate
    is computed from the rounded counts, withheld (None) when either is ``"<5"``.
    """
    s = store.table("surveys")
    i = store.table("survey_invites")
    rows = []
    for r in s[s["round_id"].notna()].to_dict("records") if len(s) else []:
        mine = i[i["survey_id"] == r["survey_id"]]
        n, sub = len(mine), int((mine["status"] == "ingediend").sum())
        rate = rt.response_rate(sub, n)
        if viewer.role == "bestuurder":  # the rate from the rounded counts: the exact one would give them back
            shown_n, shown_sub = round_count(n), round_count(sub)
            shown_rate = (None if n < SUPPRESS_BELOW or isinstance(shown_sub, str) or isinstance(shown_n, str)
                          else ratio(shown_sub, shown_n, upper=1.0))
            rows.append({"round_id": r["round_id"], "invited": shown_n, "submitted": shown_sub, "rate": shown_rate,
                         "comparable": rt.comparable_response(rate)})
        else:
            rows.append({"round_id": r["round_id"], "invited": n, "submitted": sub, "rate": rate,
                         "comparable": rt.comparable_response(rate)})
    return pd.DataFrame(rows, columns=["round_id", "invited", "submitted", "rate", "comparable"])


def response_lines_in(rates: pd.DataFrame, round_ids: list[str], labels: dict[str, str] | None = None,
                      inert: Any = str) -> tuple[list[str], str | None]:
    """Dutch lines on the response of ``round_ids`` (one per round; "onbekend" for an
    imported round) and a warning when any is below
    :data:`netwerk.analysis.ratings.MIN_RESPONSE_RATE` (None otherwise): the one text
    Vertrouwen, Verschil and the bestuurdersrapport show.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`round_response_rates` for the viewer.
    round_ids : list of str
    labels : dict, optional
        round id -> name (user text).
    inert : callable, default str
        Applied to each round name (the dashboard passes its Markdown escaping).
    """
    rates = rates.set_index("round_id")
    lines, low = [], []
    for r in round_ids:
        name = inert((labels or {}).get(r, r))
        if r not in rates.index:
            lines.append(f"Respons {name}: onbekend (een geïmporteerde ronde; Buurtnetwerk weet niet hoeveel mensen "
                         "gevraagd zijn).")
            continue
        row = rates.loc[r]
        n_sub, n_inv = (v if isinstance(v, str) else fmt_count(v) for v in (row["submitted"], row["invited"]))
        shown = fmt_percent(row["rate"]) if row["rate"] is not None and not pd.isna(row["rate"]) else "afgeschermd"
        lines.append(f"Respons {name}: {n_sub} van {n_inv} uitgenodigden ({shown}).")
        if row["comparable"] is not None and not pd.isna(row["comparable"]) and not bool(row["comparable"]):
            low.append(name)
    warning = None
    if low:
        warning = (f"De respons van {', '.join(low)} is lager dan {fmt_percent(rt.MIN_RESPONSE_RATE)}. Vergelijk zo'n "
                   "ronde niet met andere rondes: bij veel ontbrekende respondenten verschuiven netwerkcijfers vanzelf "
                   "(regel: minstens 70% respons; bron: Smith & Moody 2013, Borgatti, Carley & Krackhardt 2006).")
    return lines, warning


# --- closing ---------------------------------------------------------------------------


def _ratings_of(survey: dict, inv: pd.DataFrame, orgs: set[str]) -> list[Rating]:
    out = []
    for r in inv[inv["status"] == "ingediend"].to_dict("records"):
        answers = r["answers"] or {}
        for rated in survey["rated_ids"] or ():
            vals = {q: answers.get(f"{rated}:{q}") for q in (*gs.RATING_ITEMS, "himmelman_level", "contact_frequency")}
            if all(v is None for v in vals.values()):
                continue
            out.append(Rating(round_id=survey["round_id"], rater_id=r["person_id"], rater_type="person",
                              rated_id=rated, rated_type="organisation" if rated in orgs else "person", **vals))
    return out


def close_survey(viewer: Viewer, store: Store, survey_id: str) -> str:
    """Close a survey: every link stops working, and the submitted answers become the
    ratings of a new survey round (round_id = survey_id, with the survey's name and
    date): one ``Rating`` per respondent and rated partner with at least one answer,
    rater_type ``person``. Partial (unsubmitted) answers are not written. The round, the
    ratings, the survey's status and the audit entry are one transaction.

    Returns
    -------
    str
        The round_id.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        For an unknown survey.
    InputError
        When it is already closed or a round with its code exists; nothing is written.
    """
    _coordinator(viewer)
    with _SUBMIT_LOCK, store.unit_of_work():
        s = _survey(store, survey_id)
        if s["status"] != "open":
            raise InputError("Deze evaluatie is al gesloten.")
        if survey_id in store.existing_ids("survey_rounds"):
            raise InputError(f"Er bestaat al een ronde '{survey_id}'.")
        s = {k: v for k, v in s.items() if k not in ("created_at", "updated_at")}
        s.update(status="gesloten", round_id=survey_id)
        ratings = _ratings_of(s, _invites(store, survey_id), store.existing_ids("organisations"))
        store.apply(ChangeSet(survey_rounds=[SurveyRound(round_id=survey_id, name=s["name"], date=s["date"])],
                              surveys=[Survey(**s)], ratings=ratings))
        log_event(viewer, store, "survey_closed", survey_id, f"{len(ratings)} beoordelingen")
    return survey_id


# --- the respondent's form (a token instead of a viewer) -----------------------------------


@dataclass
class Form:
    """What a respondent sees: only their own survey and answers.

    ``rated``: (id, name) of the partners to rate (organisations and professionals; never
    residents, never the respondent or their own organisation); ``questions``: the codes
    chosen (:data:`QUESTIONS`); ``answers``: their own saved answers (``rated_id:code`` or
    ``open:code`` -> value); ``status`` nieuw, bezig or ingediend; ``year``: the lessons and
    decisions of the twelve months before the survey's date when the coordinator chose to show
    them (:func:`netwerk.services.learning.year_overview`, naming nobody; vote tallies rounded
    as for a bestuurder), else None.
    """

    survey_id: str
    name: str
    closes_on: dt.date
    respondent: str
    questions: tuple[str, ...]
    rated: list[tuple[str, str]]
    answers: dict[str, Any]
    status: str
    year: learning.YearOverview | None = None


def _audit_link(store: Store, action: str, target: str | None, detail: str | None = None) -> None:
    store.append_audit(AuditEvent(user_id=_RESPONDENT, role="respondent", action=action, target=target, detail=detail))


def _find(store: Store, token: str, client: str, now: dt.datetime | None, deferred: list | None = None) -> dict:
    """The invite of a valid token, or LinkInvalid (the same for every reason).

    With ``deferred`` (a list), the audit entry of a refusal is appended to it instead of
    written: inside a transaction that the refusal rolls back, the caller writes it after.

    A client over its own limit is refused before the lookup. The global limit refuses only
    failed lookups: otherwise anyone could lock every respondent out by guessing 200 times in
    5 minutes, while a good token (256 random bits) is no more guessable with it."""
    def audit(action: str, detail: str) -> None:
        if deferred is None:
            _audit_link(store, action, None, detail)
        else:
            deferred.append((action, detail))

    if LIMITER.client_blocked(client):
        audit("survey_link_blocked", f"client {client[:40]}")
        raise TooManyAttempts()
    digest = hash_token(token or "")
    inv = store.table("survey_invites")
    hit = [r for r in inv.to_dict("records") if hmac.compare_digest(str(r["token_hash"]), digest)]
    ok = False
    if hit:
        r = hit[0]
        s = _survey(store, r["survey_id"])
        ok = not r["revoked"] and s["status"] == "open" and _today(now) <= s["closes_on"]
    if not ok:
        blocked = LIMITER.blocked(client)
        LIMITER.fail(client)
        if blocked:
            audit("survey_link_blocked", f"client {client[:40]}")
            raise TooManyAttempts()
        audit("survey_link_failed", f"client {client[:40]}; hash {digest[:12]}")
        raise LinkInvalid()
    return _row(hit[0])


def open_form(store: Store, token: str, client: str = "onbekend", now: dt.datetime | None = None) -> Form:
    """The form behind a personal link (no account).

    Parameters
    ----------
    token : str
        The link's token.
    client : str
        A key for the attempt limit (e.g. the browser session).
    now : datetime, optional
        The moment (tests); default now.

    Raises
    ------
    LinkInvalid
        For a wrong, expired, revoked or closed link (one message for all).
    TooManyAttempts
        After too many failed attempts from ``client`` (or all clients) in 5 minutes.
    """
    inv = _find(store, token, client, now)
    s = _survey(store, inv["survey_id"])
    # Only the respondent and the rated: a form reads what it shows.
    p = store.rows("persons", "person_id", [inv["person_id"], *(s["rated_ids"] or ())])
    names = dict(zip(p["person_id"].astype(str), p["display_name"], strict=True))
    kinds = dict(zip(p["person_id"].astype(str), p["kind"], strict=True))
    o = store.rows("organisations", "org_id", s["rated_ids"] or ())
    orgs = dict(zip(o["org_id"], o["name"], strict=True))
    own_orgs = set(store.rows("works_for", "person_id", [inv["person_id"]])["org_id"])
    rated = []
    for r in s["rated_ids"] or ():
        if r in orgs and r not in own_orgs:
            rated.append((r, str(orgs[r] or r)))
        elif kinds.get(r) == "professional" and r != inv["person_id"]:
            rated.append((r, str(names.get(r) or r)))
    return Form(survey_id=s["survey_id"], name=str(s["name"]), closes_on=s["closes_on"],
                respondent=str(names.get(inv["person_id"]) or ""), questions=tuple(s["questions"] or ()),
                rated=rated, answers=dict(inv["answers"] or {}), status=str(inv["status"]),
                year=_year(store, s) if s.get("show_lessons") else None)


def _year(store: Store, survey: dict) -> learning.YearOverview:
    """The lessons and decisions a respondent reads first: the twelve months up to the survey's
    date, as an aggregate reader (a bestuurder) sees them."""
    end = survey["date"]
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1) if (end.month, end.day) != (2, 29) \
        else dt.date(end.year - 1, 3, 1)
    return learning.year_overview(Viewer(_RESPONDENT, "bestuurder"), store, start, end)


def form_pages(form: Form) -> list[tuple[str, str | None]]:
    """The form's pages in order: (title, rated_id) per partner, then ("Open vragen",
    None) when open questions were chosen. Pure."""
    pages: list[tuple[str, str | None]] = []
    if any(QUESTIONS[q][0] != "open" for q in form.questions):
        pages += [(name, rid) for rid, name in form.rated]
    if any(QUESTIONS[q][0] == "open" for q in form.questions):
        pages.append(("Open vragen", None))
    return pages


def _valid_answer(form: Form, key: str, value: Any) -> Any:
    rid, _, q = key.partition(":")
    if q not in form.questions or (rid == "open") != (QUESTIONS[q][0] == "open") or (
            rid != "open" and rid not in {r for r, _ in form.rated}):
        raise InputError(f"Onbekende vraag '{key}'.")
    kind = QUESTIONS[q][0]
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str if kind in ("frequency", "open") else int):
        raise InputError(f"Ongeldig antwoord op '{key}'.")  # a crafted value (a list, True, 2.5)
    if kind == "score" and value not in SCORE_LABELS:
        raise InputError("Kies een antwoord van 1 tot 4.")
    if kind == "himmelman" and value not in HIMMELMAN_EXPLANATIONS:
        raise InputError("Kies een niveau van 0 tot 4.")
    if kind == "frequency" and value not in gs.CONTACT_FREQUENCIES:
        raise InputError("Kies hoe vaak u contact heeft.")
    if kind == "open" and (not isinstance(value, str) or len(value) > OPEN_MAX_CHARS):
        raise InputError(f"Een antwoord is hoogstens {OPEN_MAX_CHARS} tekens.")
    return value.strip() if isinstance(value, str) else int(value) if kind in ("score", "himmelman") else value


_FORM_VIEWER = Viewer(user_id=_RESPONDENT, role="professional")
"""The privacy text check runs as a professional: residents' real names are not matched
(that would reveal whether a resident is on record) but every visible name is."""


def save_answers(store: Store, token: str, answers: dict[str, Any], client: str = "onbekend",
                 now: dt.datetime | None = None) -> list[str]:
    """Save (part of) a respondent's answers: merged into what was saved before, status
    ``bezig``. An empty value removes an answer.

    Returns
    -------
    list of str
        Dutch privacy warnings for open answers (:func:`netwerk.services.privacy.text_warnings`).

    Raises
    ------
    LinkInvalid, TooManyAttempts
        As :func:`open_form`.
    InputError
        :data:`ALREADY_SUBMITTED` after submitting; for an unknown question or an answer
        outside its scale; for an open answer that names a person (nothing is saved).
    """
    return _write(store, token, answers, client, now, final=False)


def submit(store: Store, token: str, answers: dict[str, Any] | None = None, client: str = "onbekend",
           now: dt.datetime | None = None) -> list[str]:
    """Save the last answers and submit, once: afterwards the answers cannot change and
    every further save or submit gets :data:`ALREADY_SUBMITTED`. The check and the write
    are one transaction under a process lock, so two tabs submitting at once store one
    answer. Audited (``survey_submitted``). Errors as :func:`save_answers`."""
    return _write(store, token, answers or {}, client, now, final=True)


def _write(store: Store, token: str, answers: dict[str, Any], client: str, now: dt.datetime | None,
           final: bool) -> list[str]:
    form = open_form(store, token, client, now)
    clean = {k: _valid_answer(form, k, v) for k, v in answers.items()}
    warnings = [w for k, v in clean.items() if k.startswith("open:") and v
                for w in text_warnings(_FORM_VIEWER, store, v)]
    if any(w.startswith("De tekst noemt een persoon") for w in warnings):
        raise InputError("Een antwoord noemt een persoon. Schrijf over de samenwerking, niet over personen; "
                         "er is niets opgeslagen.")
    refused: list[tuple[str, str]] = []
    try:
        _store_answers(store, token, clean, client, now, final, refused)
    finally:
        for action, detail in refused:  # the refusal rolled the transaction back, its audit entry with it
            _audit_link(store, action, None, detail)
    return warnings


def _store_answers(store: Store, token: str, clean: dict[str, Any], client: str, now: dt.datetime | None,
                   final: bool, refused: list) -> None:
    with _SUBMIT_LOCK, store.unit_of_work():
        inv = _find(store, token, client, now, refused)
        if inv["status"] == "ingediend":
            raise InputError(ALREADY_SUBMITTED)
        merged = {k: v for k, v in {**(inv["answers"] or {}), **clean}.items() if v is not None}
        at = (now or dt.datetime.now(AMSTERDAM))
        inv.update(answers=merged, status="ingediend" if final else "bezig",
                   submitted_at=at if final else None)
        store.apply(ChangeSet(survey_invites=[SurveyInvite(**inv)]))
        target = f"{inv['survey_id']}/{inv['person_id']}"
        _audit_link(store, "survey_submitted" if final else "survey_saved", target, f"{len(merged)} antwoorden")
