"""Rights of residents under the AVG (GDPR): inzage (export everything held on a person),
erasure, withdrawal of consent and the retention purge. Coordinators only; every action
is written to the audit log.

- :func:`export_person` / :func:`export_json`: art. 15 AVG (right of access), as JSON;
  :func:`netwerk.report.inzage.inzage_html` draws it as a readable, escaped HTML page.
- :func:`erase_person`: art. 17 AVG (right to erasure). The person, their ties,
  memberships, ratings and assets go; lessons they recorded stay without their author;
  every activity they took part in keeps an
  anonymous participant count, so participant figures of past periods stay the same
  (:func:`netwerk.services.network.participant_counts`).
- :func:`withdraw_consent`: the name is removed at once; the resident stays as a
  pseudonym.
- :func:`retention_plan` / :func:`purge`: art. 5(1)(e) AVG (storage limitation):
  residents whose latest contact is older than ``NETWERK_RETENTION_MONTHS``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

import pandas as pd

import graph_schema as gs
from netwerk.access import Viewer, require_role, resident_label
from netwerk.analysis.growth import local_date
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, NotFoundError, Person, Survey, SurveyInvite, person_label
from netwerk.services import results
from netwerk.services.audit import log_event
from netwerk.settings import Settings
from netwerk.store.base import Store
from netwerk.text import counted, fold, plain, plain_dict

__all__ = [
    "NameMatcher",
    "PurgePlan",
    "erase_person",
    "export_json",
    "export_person",
    "identifying_warnings",
    "person_choices",
    "person_consent",
    "purge",
    "retention_plan",
    "scan_titles",
    "text_warnings",
    "withdraw_consent",
]


# --- inzage ---------------------------------------------------------------------------


def export_person(viewer: Viewer, store: Store, person_id: str) -> dict[str, Any]:
    """Everything the store holds on one person, JSON-ready (dates as ISO text).

    Keys: ``person`` (every stored property), ``organisations`` (works_for rows with the
    organisation's name), ``groups`` (memberships with the group's name),
    ``activities`` (participations with kind, date, buurt, title and themes),
    ``ties`` (KNOWS ties in both directions; the other person by id and label, a
    resident by pseudonym), ``introductions`` (introductions marked as made, with the other
    professional by label and who marked it), ``ratings_given`` / ``ratings_received``,
    ``survey_invites`` (evaluations the person was invited to, with their saved answers and
    status; never the link's hash), ``assets``,
    ``lessons`` (lessons "wat we leerden" the person recorded as author),
    ``accounts`` (dashboard accounts linked to the person: user id and role),
    ``audit`` (audit entries whose target is this person), ``exported_at`` and
    ``exported_by``. The export is itself logged (``export``).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        If the person does not exist.
    """
    require_role(viewer, "coordinator")
    persons = store.table("persons")
    row = persons[persons["person_id"] == person_id]
    if row.empty:
        raise NotFoundError(f"Persoon '{person_id}' bestaat niet.")
    labels = {
        str(r.person_id): person_label(r.person_id, r.kind, r.display_name, r.pseudonym, r.consent_named)
        for r in persons.itertuples(index=False)
    }
    orgs = store.table("organisations").set_index("org_id")["name"].to_dict()
    groups = store.table("groups").set_index("group_id")["name"].to_dict()
    acts = store.table("activities").set_index("activity_id")
    themes = store.table("activity_themes")

    def rows(fname: str, mask_col: str | tuple[str, ...]) -> list[dict]:
        df = store.table(fname)
        cols = (mask_col,) if isinstance(mask_col, str) else mask_col
        mask = pd.Series(False, index=df.index)
        for c in cols:
            mask |= df[c] == person_id
        return [plain_dict(r) for r in df[mask].to_dict("records")]

    works = rows("works_for", "person_id")
    for w in works:
        w["organisation"] = orgs.get(w["org_id"])
    members = rows("memberships", "person_id")
    for m in members:
        m["group"] = groups.get(m["group_id"])
    parts = rows("participations", "person_id")
    for p in parts:
        a = acts.loc[p["activity_id"]] if p["activity_id"] in acts.index else None
        if a is not None:
            p.update({"kind": a["kind"], "date": plain(a["date"]), "buurt_code": a["buurt_code"], "title": a["title"],
                      "themes": sorted(themes.loc[themes["activity_id"] == p["activity_id"], "theme"].tolist())})
    ties = rows("knows", ("from_id", "to_id"))
    for t in ties:
        other = t["to_id"] if t["from_id"] == person_id else t["from_id"]
        t["other_person"] = labels.get(str(other), str(other))
    introductions = rows("introductions", ("person_a", "person_b"))
    for t in introductions:
        other = t["person_b"] if t["person_a"] == person_id else t["person_a"]
        t["other_person"] = labels.get(str(other), str(other))
    invites = [{k: v for k, v in r.items() if k != "token_hash"} for r in rows("survey_invites", "person_id")]
    ratings = store.table("ratings")
    given = ratings[(ratings["rater_type"] == "person") & (ratings["rater_id"] == person_id)]
    received = ratings[(ratings["rated_type"] == "person") & (ratings["rated_id"] == person_id)]
    assets = store.table("assets")
    owned = assets[assets["owner_id"] == person_id] if "owner_id" in assets else assets.iloc[0:0]
    lessons = rows("lessons", "author_id")
    accounts = store.users()
    accounts = accounts[accounts["person_id"] == person_id]
    audit = store.audit_events()
    audit = audit[audit["target"] == person_id]
    data = {
        "person": plain_dict(row.iloc[0].to_dict()),
        "organisations": works,
        "groups": members,
        "activities": parts,
        "ties": ties,
        "introductions": introductions,
        "ratings_given": [plain_dict(r) for r in given.to_dict("records")],
        "ratings_received": [plain_dict(r) for r in received.to_dict("records")],
        "survey_invites": invites,
        "assets": [plain_dict(r) for r in owned.to_dict("records")],
        "lessons": lessons,
        "accounts": [{"user_id": u, "role": r} for u, r in zip(accounts["user_id"], accounts["role"], strict=True)],
        "audit": [plain_dict(r) for r in audit[["at", "user_id", "action", "detail"]].to_dict("records")],
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "exported_by": viewer.user_id,
    }
    log_event(viewer, store, "export", target=person_id)
    return data


def export_json(data: dict[str, Any]) -> str:
    """An :func:`export_person` result as pretty-printed UTF-8 JSON text."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


# --- erasure and consent ----------------------------------------------------------------


def erase_person(viewer: Viewer, store: Store, person_id: str) -> None:
    """Erase a person (art. 17 AVG): see :meth:`netwerk.store.base.Store.erase_person`.
    Evaluations stop rating the person and other respondents' answers about them go.
    Dashboard accounts linked to the person keep working but lose the link.
    Logged as ``erase`` with the person's id only.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        If the person does not exist.
    """
    require_role(viewer, "coordinator")
    # One unit of work: the person, the account links and the audit entry go together.
    with store.unit_of_work():
        kind = _person_row(store, person_id)["kind"]
        store.apply(_unrated(store, person_id))
        store.erase_person(person_id)
        for uid in store.users().query("person_id == @person_id")["user_id"]:
            account = store.get_user(uid)
            if account is not None:  # listed a moment ago, in this unit of work
                store.upsert_user(account.model_copy(update={"person_id": None}))
        log_event(viewer, store, "erase", target=person_id, detail=gs.PERSON_KINDS.get(kind, kind))
    results.forget(store.url)  # no cached figure may show the erased person again


def _unrated(store: Store, person_id: str) -> ChangeSet:
    """The surveys that rate ``person_id`` without them, and every invite's answers about
    them removed (else closing the survey would write ratings of the erased person)."""
    def plain_row(r: dict) -> dict:
        return {k: v for k, v in r.items() if k not in ("created_at", "updated_at")}

    surveys = [Survey(**{**plain_row(r), "rated_ids": tuple(x for x in r["rated_ids"] if x != person_id)})
               for r in store.table("surveys").to_dict("records") if person_id in (r["rated_ids"] or ())]
    prefix = f"{person_id}:"
    invites = [SurveyInvite(**{**plain_row(r), "answers": {k: v for k, v in r["answers"].items()
                                                           if not k.startswith(prefix)}})
               for r in store.table("survey_invites").to_dict("records")
               if any(k.startswith(prefix) for k in (r["answers"] or {}))]
    return ChangeSet(surveys=surveys, survey_invites=invites)


def withdraw_consent(viewer: Viewer, store: Store, person_id: str) -> bool:
    """Withdraw a resident's consent to be named: ``display_name``, ``consent_named``,
    ``consent_date`` and ``consent_scope`` are cleared in one write, so the name is gone
    from every view at once. A resident without a pseudonym gets ``Bewoner <id>``.
    Returns False if there was no consent to withdraw (nothing changes).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        If the person does not exist.
    InputError
        If the person is not a resident.
    """
    require_role(viewer, "coordinator")
    row = _person_row(store, person_id)
    if row["kind"] != "resident":
        raise InputError(f"Persoon '{person_id}' is geen bewoner; alleen bewoners hebben toestemming voor hun naam.")
    if not row["consent_named"] and not row["display_name"]:
        return False
    fields = {k: row[k] for k in Person.model_fields if k in row}
    fields.update(display_name=None, consent_named=False, consent_date=None, consent_scope=None,
                  pseudonym=row.get("pseudonym") or resident_label(person_id, None))
    with store.unit_of_work():  # the change and its audit entry commit together
        store.apply(ChangeSet(persons=[Person(**fields)]))
        log_event(viewer, store, "consent_withdrawn", target=person_id)
    results.forget(store.url)  # no cached figure may show the name again
    return True


# --- retention ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgePlan:
    """What a retention purge removes.

    ``cutoff``: residents whose latest contact is before this date go.
    ``to_erase``: columns person_id, label (pseudonym), last_contact (date).
    ``undated``: residents without any dated contact (no activity, tie or consent
    date); they are kept and listed so a coordinator can decide (person_id, label).
    ``done``: True when the persons in ``to_erase`` were erased.
    """

    cutoff: date
    months: int
    to_erase: pd.DataFrame
    undated: pd.DataFrame
    done: bool = False


def retention_plan(viewer: Viewer, store: Store, months: int | None = None, today: date | None = None) -> PurgePlan:
    """The residents a retention purge would erase (a dry run; nothing changes).

    A resident's latest contact is the latest of: the dates of the activities they took
    part in (Europe/Amsterdam calendar day), the ``since`` dates of their KNOWS ties and
    their ``consent_date``. Residents whose latest contact lies before ``today`` minus
    ``months`` calendar months are listed for erasure.

    Parameters
    ----------
    months : int, optional
        The retention period (default ``NETWERK_RETENTION_MONTHS``, 24).
    today : date, optional
        The reference day (default: today in Europe/Amsterdam); tests pass it.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For ``months`` < 1.
    """
    require_role(viewer, "coordinator")
    months = Settings().retention_months if months is None else int(months)
    if months < 1:
        raise InputError("De bewaartermijn is minstens 1 maand.")
    today = today or datetime.now(AMSTERDAM).date()
    cutoff = _months_before(today, months)
    persons = store.table("persons")
    residents = persons[persons["kind"] == "resident"]
    last: dict[str, date] = {}

    def seen(pid, day) -> None:
        if day is not None and (pid not in last or day > last[pid]):
            last[pid] = day

    # The latest activity per person, in columns (a city has close to a million participations).
    acts, parts = store.table("activities"), store.table("participations")
    act_day = pd.Series(_local_days(acts["date"]).to_numpy(), index=acts["activity_id"])
    act_day = act_day[~act_day.index.duplicated(keep="last")]
    latest = (pd.DataFrame({"person_id": parts["person_id"], "day": parts["activity_id"].map(act_day)})
              .dropna().groupby("person_id")["day"].max())
    for pid, day in zip(latest.index, latest.dt.date, strict=True):
        seen(pid, day)
    knows = store.table("knows")
    for f, t, since in zip(knows["from_id"], knows["to_id"], knows["since"], strict=True):
        seen(f, since)
        seen(t, since)
    for pid, consent in zip(residents["person_id"], residents["consent_date"], strict=True):
        seen(pid, consent)
    to_erase, undated = [], []
    for r in residents.itertuples(index=False):
        label = resident_label(r.person_id, r.pseudonym)
        if r.person_id not in last:
            undated.append((r.person_id, label))
        elif last[r.person_id] < cutoff:
            to_erase.append((r.person_id, label, last[r.person_id]))
    return PurgePlan(
        cutoff=cutoff,
        months=months,
        to_erase=pd.DataFrame(to_erase, columns=["person_id", "label", "last_contact"]),
        undated=pd.DataFrame(undated, columns=["person_id", "label"]),
    )


def purge(viewer: Viewer, store: Store, months: int | None = None, today: date | None = None,
          dry_run: bool = True) -> PurgePlan:
    """Run the retention purge: with ``dry_run`` (the default) only the plan
    (:func:`retention_plan`); otherwise every listed resident is erased
    (:func:`erase_person`, anonymous counts kept) and one ``purge`` entry is logged.

    The whole purge (every erasure with its ``erase`` entry, and the ``purge`` entry) is
    one unit of work: interrupted at any moment (a crash, kill -9) it leaves either
    nothing erased or everything erased with every entry.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For ``months`` < 1.
    """
    plan = retention_plan(viewer, store, months, today)
    if dry_run:
        return plan
    with store.unit_of_work():
        for pid in plan.to_erase["person_id"]:
            erase_person(viewer, store, pid)
        log_event(viewer, store, "purge",
                  detail=f"{len(plan.to_erase)} bewoners, laatste contact voor {plan.cutoff.isoformat()}")
    results.forget(store.url)
    return PurgePlan(plan.cutoff, plan.months, plan.to_erase, plan.undated, done=True)


# --- free text about individuals ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+31|\b0)[\s-]?(?:\d[\s-]?){8,9}\b")
# Special categories of personal data (art. 9 AVG) and other sensitive matters that must
# not be written about a person in a title or note.
SENSITIVE_WORDS: tuple[str, ...] = (
    "ziek", "ziekte", "diagnose", "depressie", "depressief", "psychisch", "psychose", "dementie", "verslaafd",
    "verslaving", "schulden", "schuld", "bijstand", "uitkering", "strafblad", "veroordeeld", "verdachte", "religie",
    "moslim", "christen", "joods", "homo", "lesbisch", "transgender", "zwanger", "huiselijk geweld", "mishandeling",
    "ggz", "medicijnen", "suïcid", "zelfmoord",
)
"""Words that suggest a title or note says something sensitive about an individual."""


def text_warnings(viewer: Viewer, store: Store, text: str | None) -> list[str]:
    """Dutch warnings when ``text`` (an activity title, a group name, a note) looks like
    information about an individual: a known person's name or pseudonym, an e-mail
    address, a phone number, or a sensitive word (:data:`SENSITIVE_WORDS`). Data entry
    forms show these before saving; the privacy page scans existing titles.

    Only names the viewer may see are matched (:func:`_visible_names`): otherwise the
    warning would tell a professional whether a resident with a given real name is on
    record, or a bestuurder whether a given professional is (an oracle for hidden names).

    Matching ignores case and accents. An empty list means nothing was found (this is a
    heuristic, not a guarantee). Any role may check its own text.
    """
    return _warnings(viewer, text, _matcher(frozenset(_visible_names(viewer, store))))


class NameMatcher:
    """Finds which of a set of names occur in a text as whole words, ignoring case and
    accents, in time linear in the text (a lookup per word, not a search per name).

    A name ``n`` (at least 4 characters) is found when ``fold(n)`` occurs in ``fold(text)``
    (:func:`netwerk.text.fold`),
    not preceded and not followed by a word character (``(?<!\\w)`` / ``(?!\\w)``): the same
    answer as searching every name separately with ``(?<!\\w)name(?!\\w)``.

    How: a folded text split on its non-word characters, keeping them
    (``re.split(r"(\\W)", t)``), alternates maximal runs of word characters (possibly
    empty) and single non-word characters: ``"anna, de"`` -> ``anna , '' ' ' de``. A name
    occurs with both boundaries exactly when its own split is a run of that list starting
    at a word run: an empty word run at either end stands for the non-word character or
    text edge the boundary needs (``"(x)"`` -> ``'' ( x ) ''``). The names' splits are
    kept in a trie of nested dicts keyed on these pieces, walked from every word run of
    the text; overlapping and nested names are all found.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.by_folded: dict[str, list[str]] = {}
        for n in names:
            if len(n) >= 4:
                self.by_folded.setdefault(fold(n), []).append(n)
        self.trie: dict[str | None, Any] = {}
        self.memo: dict[str, Any] = {}  # text -> what it holds (see _findings)
        for f in self.by_folded:
            node = self.trie
            for piece in _PIECES.split(f):
                node = node.setdefault(piece, {})
            node[None] = f  # the name ends here (None is never a piece)

    def find(self, folded: str) -> list[str]:
        """The original names found in an already folded text, sorted."""
        if not self.trie:
            return []
        parts = _PIECES.split(folded)
        found: set[str] = set()
        for i in range(0, len(parts), 2):  # the word runs
            node = self.trie.get(parts[i])
            j = i + 1
            while node is not None:
                if None in node:
                    found.update(self.by_folded[node[None]])
                if j == len(parts):
                    break
                node = node.get(parts[j])
                j += 1
        return sorted(found)


_PIECES = re.compile(r"(\W)")


@lru_cache(maxsize=2)
def _matcher(names: frozenset[str]) -> NameMatcher:
    """One :class:`NameMatcher` per set of names, kept for the next text checked against
    the same names (a form's title, a survey's answers, the next scan); thread-safe
    (``lru_cache``). Two: a coordinator's and a professional's names (about 23 MiB each
    at 50,000 persons, plus the memo)."""
    return NameMatcher(names)


def _visible_names(viewer: Viewer, store: Store) -> set[str]:
    """The names and pseudonyms ``viewer`` may see, as :func:`netwerk.access.redact_snapshot`
    shows them: a coordinator every stored name and pseudonym, a professional the names of
    non-residents and every pseudonym (never a resident's real name), a bestuurder none."""
    if viewer.role == "bestuurder":
        return set()
    persons = store.table("persons")
    out = set()
    for kind, name, pseudonym in zip(persons["kind"], persons["display_name"], persons["pseudonym"], strict=True):
        if isinstance(pseudonym, str) and pseudonym.strip():
            out.add(pseudonym)
        if isinstance(name, str) and name.strip() and (viewer.role == "coordinator" or kind != "resident"):
            out.add(name)
    return out


def identifying_warnings(viewer: Viewer, store: Store, text: str | None) -> list[str]:
    """The part of :func:`text_warnings` that says ``text`` is about an identifiable
    person: a known name or pseudonym (as the viewer may see them), an e-mail address or a
    phone number (not the sensitive words, which may name a theme: "schulden"). Forms that
    refuse such text (a lesson) use this; an empty list means nothing was found. Any role."""
    return _identifying(viewer, text, _matcher(frozenset(_visible_names(viewer, store))))


def _warnings(viewer: Viewer, text: str | None, names: NameMatcher) -> list[str]:
    if not text or not text.strip():
        return []
    out = _identifying(viewer, text, names)
    words = _findings(text, names).words
    if words:
        out.append(f"De tekst bevat gevoelige woorden ({', '.join(words[:3])}). "
                   "Leg geen gezondheid, geloof, schulden of strafzaken van personen vast.")
    return out


def _identifying(viewer: Viewer, text: str | None, names: NameMatcher) -> list[str]:
    if not text or not text.strip():
        return []
    found = _findings(text, names)
    out: list[str] = []
    if found.names:
        shown = (", ".join(found.names[:3]) if viewer.role == "coordinator"
                 else counted(len(found.names), "persoon", "personen"))
        out.append(f"De tekst noemt een persoon ({shown}). Schrijf geen notities over individuen; gebruik deelname.")
    if found.email:
        out.append("De tekst bevat een e-mailadres. Contactgegevens horen niet in een titel of notitie.")
    if found.phone:
        out.append("De tekst bevat een telefoonnummer. Contactgegevens horen niet in een titel of notitie.")
    return out


class _Findings(NamedTuple):
    names: tuple[str, ...]  # the names found, sorted
    words: tuple[str, ...]  # the sensitive words found, sorted
    email: bool
    phone: bool


_MEMO_MAX = 250_000  # texts per matcher: a city of 50,000 persons has about 110,000


def _findings(text: str, names: NameMatcher) -> _Findings:
    """What ``text`` holds, kept per text in ``names.memo``: the matcher is one per set of
    names (:func:`_matcher`), so the memo is keyed on (text, names) and a scan after an edit
    only checks the texts it has not seen. Thread-safe: a dict's get and set are atomic
    under the GIL; two threads may compute the same entry, with the same value."""
    hit: _Findings | None = names.memo.get(text)
    if hit is None:
        folded = fold(text)
        hit = _Findings(tuple(names.find(folded)), tuple(_sensitive_words(folded)),
                        "@" in text and _EMAIL.search(text) is not None, _PHONE.search(text) is not None)
        if len(names.memo) >= _MEMO_MAX:
            names.memo.clear()
        names.memo[text] = hit
    return hit


def scan_titles(viewer: Viewer, store: Store) -> pd.DataFrame:
    """Activity titles, group names, asset names, commitment descriptions, lessons, plan
    titles and decisions (proposal, what the minority needs) that trigger
    :func:`text_warnings` (free text that other roles see: public assets, commitments,
    lessons and plans reach bestuurders).

    Columns: kind (``activiteit`` | ``groep`` | ``bron`` | ``toezegging`` | ``les`` |
    ``plan`` | ``besluit``), id, text,
    warnings (one Dutch string).

    Time linear in the texts (:class:`NameMatcher`); what each text holds is kept per set
    of names, so a scan after an edit checks only the new or changed texts (about 2 s for
    a cold scan of a 50,000-person city's 101,600 texts, 0.6 s after one edit, store reads
    not counted).

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    rows = []
    acts = store.table("activities")
    groups = store.table("groups")
    assets = store.table("assets")
    commitments = store.table("commitments")
    lessons, plans, decisions = store.table("lessons"), store.table("plans"), store.table("decisions")
    names = _matcher(frozenset(_visible_names(viewer, store)))
    for kind, ids, texts in (("activiteit", acts["activity_id"], acts["title"]), ("groep", groups["group_id"], groups["name"]),
                             ("bron", assets["asset_id"], assets["name"]),
                             ("toezegging", commitments["commitment_id"], commitments["description"]),
                             ("les", lessons["lesson_id"], lessons["text"]), ("plan", plans["plan_id"], plans["title"]),
                             ("besluit", decisions["decision_id"], decisions["proposal"]),
                             ("besluit", decisions["decision_id"], decisions["minority_needs"])):
        for i, t in zip(ids, texts, strict=True):
            w = _warnings(viewer, t if isinstance(t, str) else None, names)
            if w:
                rows.append((kind, i, t, " ".join(w)))
    return pd.DataFrame(rows, columns=["kind", "id", "text", "warnings"])


def person_choices(viewer: Viewer, store: Store) -> list[tuple[str, str]]:
    """(person_id, label) for every person, sorted by label, for the privacy page's picker;
    the label is the name as the coordinator sees it (a resident's pseudonym without
    consent) with the kind.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    """
    require_role(viewer, "coordinator")
    persons = store.table("persons")
    out = [
        (str(r.person_id), f"{person_label(r.person_id, r.kind, r.display_name, r.pseudonym, r.consent_named)} "
                           f"({gs.PERSON_KINDS.get(r.kind, r.kind)}, {r.person_id})")
        for r in persons.itertuples(index=False)
    ]
    return sorted(out, key=lambda t: t[1].casefold())


def person_consent(viewer: Viewer, store: Store, person_id: str) -> dict[str, Any]:
    """A person's kind and consent: keys kind, consent_named, consent_date, consent_scope.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    NotFoundError
        If the person does not exist.
    """
    require_role(viewer, "coordinator")
    row = _person_row(store, person_id)
    return {k: row.get(k) for k in ("kind", "consent_named", "consent_date", "consent_scope")}


# --- helpers ---------------------------------------------------------------------------


_SENSITIVE_FOLDED = tuple((w, fold(w)) for w in SENSITIVE_WORDS)
# Every sensitive word at a word start, in one pass: a zero-width lookahead tried at each
# position after a non-word character, the folded words longest first, so a match is the
# longest word starting there; the shorter ones starting there are its prefixes.
_SENSITIVE = re.compile(r"(?<!\w)(?=(" + "|".join(
    re.escape(f) for f in sorted({f for _, f in _SENSITIVE_FOLDED}, key=lambda f: (-len(f), f))) + "))")


def _sensitive_words(folded: str) -> list[str]:
    """The :data:`SENSITIVE_WORDS` that start a word of the folded text (``(?<!\\w)word``,
    so "ziek" also flags "ziekte"), sorted."""
    found: set[str] = set()
    for m in _SENSITIVE.finditer(folded):
        found.update(w for w, f in _SENSITIVE_FOLDED if m.group(1).startswith(f))
    return sorted(found)


def _local_days(dates: pd.Series) -> pd.Series:
    """The Europe/Amsterdam calendar days of ``dates`` as :func:`netwerk.analysis.growth.local_date`
    gives them, as naive datetime64 midnights (NaT where missing), in columns."""
    if isinstance(dates.dtype, pd.DatetimeTZDtype):
        return dates.dt.tz_convert(AMSTERDAM).dt.tz_localize(None).dt.normalize()
    if dates.dtype.kind == "M":  # naive: Amsterdam wall-clock time already
        return dates.dt.normalize()
    return pd.Series(pd.to_datetime([local_date(d) for d in dates]), index=dates.index)


def _months_before(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    m += 1
    # The same day of the month, or the month's last day (31 March - 1 month = 28/29 February).
    for d in range(day.day, 27, -1):
        try:
            return date(y, m, d)
        except ValueError:
            continue
    return date(y, m, min(day.day, 28))


def _person_row(store: Store, person_id: str) -> dict:
    row = store.rows("persons", "person_id", [person_id])  # this person only
    if row.empty:
        raise NotFoundError(f"Persoon '{person_id}' bestaat niet.")
    return row.iloc[0].to_dict()
