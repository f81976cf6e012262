"""Everyday data entry from the dashboard: a straatgesprek, a meeting (with a new
pseudonymous resident on the spot), an ABCD asset, a KNOWS tie; edit and delete with
confirmation.

Forms go through the same domain models as the importer (:mod:`netwerk.domain`, with
its Dutch messages), are checked against the store (people, themes, owners exist; the
right kinds) and written as one :class:`~netwerk.domain.ChangeSet` with
:meth:`~netwerk.store.base.Store.apply`, all or nothing.

Double submission: every form carries a ``token`` (kept in the page's session state
until the user starts a new record); the record's id is a UUID5 of the form kind and
token (:func:`record_id`), so submitting the same form twice updates the same record
instead of creating a second one.

Every write is recorded in the audit log (action ``edit``, the record's id as target), in
the same unit of work as the write (:meth:`~netwerk.store.base.Store.unit_of_work`):
the record and its audit entry are stored together or not at all.

Roles: coordinators record and change anything. Professionals record their own
straatgesprekken and meetings (they must be among the professionals or attendees), new
residents, assets and KNOWS ties they are part of, and change or delete only
activities they took part in. Bestuurders record nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from pydantic import BaseModel, ValidationError

import graph_schema as gs
from netwerk.access import PermissionDenied, Viewer, require_role, resident_label, visible_snapshot
from netwerk.analysis.growth import local_date
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    Asset,
    ChangeSet,
    InputError,
    Knows,
    NotFoundError,
    Participation,
    Person,
    person_label,
)
from netwerk.ingest.validate import pydantic_row_errors
from netwerk.services.areas import area_code, area_name, area_names
from netwerk.services.audit import log_event
from netwerk.services.pseudonyms import pseudonym_warning
from netwerk.store.base import Store

__all__ = [
    "MEETING_KINDS",
    "ActivityDetail",
    "EntryOptions",
    "activity_detail",
    "entry_options",
    "delete_activity",
    "delete_asset",
    "delete_knows",
    "lone_residents",
    "new_resident",
    "resident_pseudonym_warning",
    "new_token",
    "record_asset",
    "record_id",
    "record_knows",
    "record_meeting",
    "record_straatgesprek",
]

_NAMESPACE = uuid.UUID("5b0e6f0e-8a61-4c55-9a51-6b75e2a0c1d5")
MEETING_KINDS = ("professionalsoverleg", "bewonersbijeenkomst", "bestuurdersoverleg", "introductie", "evaluatie", "overig")
"""Activity kinds the meeting form records (a straatgesprek has its own form)."""

_PREFIX = {"straatgesprek": "sg-", "meeting": "act-", "resident": "bew-", "asset": "bron-", "decision": "besluit-",
           "lesson": "les-", "plan": "plan-"}


@dataclass(frozen=True)
class EntryOptions:
    """What the entry forms choose from, as the viewer may see it.

    - persons: person_id, label (pseudonym for residents unless the viewer may see the
      name), kind, buurt_code; sorted by kind then label;
    - buurten: buurt codes in use (activities, persons, assets) and the buurten of the
      area data, sorted by display name;
    - area_names: CBS code -> area name (:func:`netwerk.services.areas.area_names`), for
      the pickers' ``format_func`` (:func:`netwerk.services.areas.area_name`);
    - themes: the theme vocabulary, sorted;
    - owners: (id, Dutch description) of organisations, groups and persons for assets;
    - activities: activity_id, date (calendar day), kind, title, buurt_code of the
      activities the viewer may change (all for a coordinator, their own for a
      professional), newest first.
    """

    persons: pd.DataFrame
    buurten: list[str]
    area_names: dict[str, str]
    themes: list[str]
    owners: list[tuple[str, str]]
    activities: pd.DataFrame


def entry_options(viewer: Viewer, store: Store) -> EntryOptions:
    """The choices of the entry forms (see :class:`EntryOptions`).

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    """
    require_role(viewer, "coordinator", "professional")
    snap = visible_snapshot(viewer, store)
    order = {k: i for i, k in enumerate(("professional", "volunteer", "resident", "bestuurder"))}
    persons = snap.persons[["person_id", "label", "kind", "buurt_code"]].copy()
    persons["_k"] = persons["kind"].map(lambda k: order.get(k, 9))
    persons["_l"] = persons["label"].map(lambda s: str(s).casefold())
    persons = persons.sort_values(["_k", "_l", "person_id"], kind="mergesort").drop(columns=["_k", "_l"]).reset_index(drop=True)
    assets = store.table("assets")
    names = area_names(viewer, store)
    known = [c for c in names if c.startswith("BU")]
    buurten = sorted({str(b) for b in [*snap.activities["buurt_code"], *snap.persons["buurt_code"], *assets["buurt_code"],
                                       *known] if isinstance(b, str) and b.strip()},
                     key=lambda c: (area_name(c, names).casefold(), c))
    owners = [(str(o), f"{n} (organisatie)") for o, n in zip(snap.organisations["org_id"], snap.organisations["name"],
                                                              strict=True)]
    owners += [(str(g), f"{n} (groep)") for g, n in zip(snap.groups["group_id"], snap.groups["name"], strict=True)]
    owners += [(str(p), f"{lab} ({gs.PERSON_KINDS.get(k, k)})") for p, lab, k in
               zip(persons["person_id"], persons["label"], persons["kind"], strict=True)]
    acts = snap.activities
    if viewer.role == "professional":
        mine = set(snap.participations.loc[snap.participations["person_id"] == viewer.person_id, "activity_id"])
        acts = acts[acts["activity_id"].isin(mine)]
    activities = pd.DataFrame({
        "activity_id": acts["activity_id"].tolist(),
        "date": [local_date(d) for d in acts["date"]],
        "kind": acts["kind"].tolist(),
        "title": acts["title"].tolist(),
        "buurt_code": acts["buurt_code"].tolist(),
    }, columns=["activity_id", "date", "kind", "title", "buurt_code"])
    activities = activities.sort_values(["date", "activity_id"], ascending=[False, False], kind="mergesort")
    return EntryOptions(persons=persons, buurten=buurten, area_names=names, themes=sorted(store.existing_ids("themes")),
                        owners=owners,
                        activities=activities.reset_index(drop=True))


@dataclass(frozen=True)
class ActivityDetail:
    """One activity as the edit form needs it: its fields, participants (person_id,
    role) and themes."""

    activity_id: str
    kind: str
    when: dt.datetime
    title: str | None
    buurt_code: str | None
    anonymous_participants: int
    organiser: str | None
    participants: list[str]
    themes: list[str]


def activity_detail(viewer: Viewer, store: Store, activity_id: str) -> ActivityDetail:
    """The activity ``activity_id`` for the edit form.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional who did not take part in it.
    NotFoundError
        If it does not exist.
    """
    require_role(viewer, "coordinator", "professional")
    _may_change(viewer, store, activity_id)
    a = store.rows("activities", "activity_id", [activity_id]).iloc[0]
    parts = store.rows("participations", "activity_id", [activity_id])
    organisers = [str(p) for p, r in zip(parts["person_id"], parts["role"], strict=True) if r == "organiser"]
    links = store.rows("activity_themes", "activity_id", [activity_id])
    return ActivityDetail(
        activity_id=activity_id, kind=str(a["kind"]), when=pd.Timestamp(a["date"]).to_pydatetime(), title=a["title"],
        buurt_code=a["buurt_code"],
        anonymous_participants=int(a["anonymous_participants"] or 0), organiser=organisers[0] if organisers else None,
        participants=[str(p) for p in parts["person_id"] if str(p) not in organisers[:1]],
        themes=sorted(str(t) for t in links["theme"]),
    )


def new_token() -> str:
    """A fresh form token (random UUID4 hex), for one record being entered."""
    return uuid.uuid4().hex


def record_id(form: str, token: str) -> str:
    """The id of the record a form with ``token`` writes: a prefix per form and the first
    12 hex digits of ``uuid5(namespace, form + ":" + token)``. Deterministic, so a second
    submission of the same form writes the same record.

    Raises
    ------
    InputError
        For an empty token or unknown form.
    """
    if not token or form not in _PREFIX:
        raise InputError("Formulier zonder geldig kenmerk; vernieuw de pagina.")
    return _PREFIX[form] + uuid.uuid5(_NAMESPACE, f"{form}:{token}").hex[:12]


_FIELD_LABELS = {
    "category": "categorie", "name": "naam", "visibility": "zichtbaarheid", "buurt_code": "buurt", "date": "datum",
    "title": "titel", "pseudonym": "pseudoniem", "anonymous_participants": "aantal anonieme deelnemers",
    "since": "sinds", "source": "bron", "owner_id": "eigenaar", "themes": "thema's", "kind": "soort",
}


_M = TypeVar("_M", bound=BaseModel)


def _model(cls: type[_M], form: str, **kwargs) -> _M:
    """A domain model from form values (empty values omitted); pydantic's errors become
    one Dutch InputError naming the form and the field ("Bron, categorie: ...")."""
    try:
        return cls(**{k: v for k, v in kwargs.items() if v not in (None, "", ())})
    except ValidationError as e:
        msgs = [f"{err.column}: {err.message}" if err.column else err.message
                for err in pydantic_row_errors(e, form, None, lambda c: _FIELD_LABELS.get(c, c))]
        raise InputError(f"{form.capitalize()}, " + "; ".join(msgs)) from None


def _when(day: dt.date | dt.datetime, time: dt.time | None) -> dt.datetime:
    if isinstance(day, dt.datetime):
        return day if day.tzinfo else day.replace(tzinfo=AMSTERDAM)
    return dt.datetime.combine(day, time or dt.time(12, 0), AMSTERDAM)


def _kinds(store: Store, ids: Iterable[str | None]) -> dict[str, str]:
    """person_id -> kind of the persons among ``ids`` that exist (one narrow read)."""
    persons = store.rows("persons", "person_id", [str(i) for i in ids if i is not None and str(i).strip()])
    return dict(zip(persons["person_id"].astype(str), persons["kind"], strict=True))


def _check_people(ids: Iterable[str], kinds: dict[str, str], allowed: tuple[str, ...], what: str) -> list[str]:
    out = list(dict.fromkeys(str(i) for i in ids if str(i).strip()))
    for pid in out:
        if pid not in kinds:
            raise InputError(f"{what}: onbekende persoon '{pid}'.")
        if kinds[pid] not in allowed:
            labels = " of ".join(gs.PERSON_KINDS[k] for k in allowed)
            raise InputError(f"{what}: '{pid}' is geen {labels}.")
    return out


def _check_themes(store: Store, themes: Iterable[str]) -> list[str]:
    out = list(dict.fromkeys(t.strip().lower() for t in themes if t and t.strip()))
    known = set(store.rows("themes", "name", out)["name"]) if out else set()
    unknown = [t for t in out if t not in known]
    if unknown:
        raise InputError(f"Onbekend thema: {', '.join(unknown)}. Kies uit de themalijst (de coördinator kan er een toevoegen).")
    return out


def _write_activity(store: Store, activity: Activity, people: list[tuple[str, str]], themes: list[str],
                    extra: ChangeSet | None = None) -> None:
    """Upsert the activity with exactly these participants and themes (earlier ones that
    are no longer listed are removed: an edit)."""
    aid = activity.activity_id
    changes = extra or ChangeSet()
    changes.activities.append(activity)
    changes.participations += [Participation(activity_id=aid, person_id=p, role=role) for p, role in people]
    changes.activity_themes += [ActivityTheme(activity_id=aid, theme=t) for t in themes]
    # Only this activity's links are read (Store.rows): an edit costs what it touches.
    parts = store.rows("participations", "activity_id", [aid])
    keep = {p for p, _ in people}
    stale: list[tuple[str, ...]] = [(aid, p) for p in parts["person_id"] if p not in keep]
    links = store.rows("activity_themes", "activity_id", [aid])
    old: list[tuple[str, ...]] = [(aid, t) for t in links["theme"] if t not in themes]
    # One transaction: the new state is saved and the dropped links removed together, or nothing.
    store.apply(changes, delete={"participations": stale, "activity_themes": old})


def _own(viewer: Viewer, people: list[str], what: str) -> None:
    if viewer.role == "professional" and viewer.person_id not in people:
        raise PermissionDenied(f"Een professional legt alleen eigen {what} vast: zet uzelf erbij.")


def record_straatgesprek(
    viewer: Viewer,
    store: Store,
    *,
    token: str,
    day: dt.date | dt.datetime,
    buurt_code: str,
    professionals: list[str],
    themes: list[str],
    residents: Sequence[str] = (),
    anonymous_residents: int = 0,
    time: dt.time | None = None,
    title: str | None = None,
    activity_id: str | None = None,
) -> str:
    """Record a straatgesprek (street conversation); return its activity id.

    Parameters
    ----------
    token : str
        The form's token (:func:`new_token`); the id is :func:`record_id` of it, unless
        ``activity_id`` is given (an edit of that activity).
    day, time
        When (Europe/Amsterdam; 12:00 without a time).
    buurt_code : str
        Where (required): a CBS code, or an area's name typed by hand, stored as its code
        (:func:`netwerk.services.areas.area_code`).
    professionals : list of str
        person_ids of the professionals (at least one; kind professional or volunteer);
        the first is recorded as organiser.
    themes : list of str
        Themes raised, from the store's vocabulary (at least one).
    residents : list of str
        person_ids of residents met by pseudonym (kind resident).
    anonymous_residents : int
        Residents met without a record (a count, >= 0).
    title : str, optional
        Default: "Straatgesprek <buurt name>" (the area's name, :func:`netwerk.services.areas.area_name`;
        the code when the store has no name for it).

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional not among ``professionals``.
    InputError
        In Dutch, for a missing buurt, professional or theme, an unknown person or theme,
        a person of the wrong kind or an invalid value; nothing is written.
    """
    require_role(viewer, "coordinator", "professional")
    if not professionals:
        raise InputError("Straatgesprek: kies minstens één professional.")
    if not (buurt_code or "").strip():
        raise InputError("Straatgesprek: vul de buurt in.")
    if not themes:
        raise InputError("Straatgesprek: kies minstens één thema.")
    kinds = _kinds(store, [*professionals, *residents])
    pros = _check_people(professionals, kinds, ("professional", "volunteer"), "Professionals")
    res = _check_people(residents, kinds, ("resident",), "Bewoners")
    _own(viewer, pros, "straatgesprekken")
    aid = activity_id or record_id("straatgesprek", token)
    if activity_id:
        _may_change(viewer, store, activity_id)
    names = area_names(viewer, store)
    buurt_code = area_code(buurt_code, names) or ""
    activity = _model(Activity, "straatgesprek", activity_id=aid, kind="straatgesprek", date=_when(day, time),
                      buurt_code=buurt_code, title=title or f"Straatgesprek {area_name(buurt_code, names)}",
                      anonymous_participants=anonymous_residents)
    people = [(pros[0], "organiser")] + [(p, "participant") for p in pros[1:] + res]
    with store.unit_of_work():  # the change and its audit entry commit together
        _write_activity(store, activity, people, _check_themes(store, themes))
        log_event(viewer, store, "edit", aid, "straatgesprek gewijzigd" if activity_id else "straatgesprek vastgelegd")
    return aid


def record_meeting(
    viewer: Viewer,
    store: Store,
    *,
    token: str,
    kind: str,
    day: dt.date | dt.datetime,
    title: str,
    attendees: list[str],
    organiser: str | None = None,
    themes: Sequence[str] = (),
    buurt_code: str | None = None,
    anonymous_participants: int = 0,
    methods: Sequence[str] = (),
    time: dt.time | None = None,
    activity_id: str | None = None,
) -> str:
    """Record a meeting (professionalsoverleg, bewonersbijeenkomst, ...) with its
    attendance; return its activity id.

    ``organiser`` (default: the first attendee) is recorded with role organiser and must
    be among or is added to the attendees. A professional must be among the attendees.
    Other parameters and errors as :func:`record_straatgesprek`; ``kind`` is one of
    :data:`MEETING_KINDS`, ``title`` required, ``themes`` optional.
    """
    require_role(viewer, "coordinator", "professional")
    if kind not in MEETING_KINDS:
        raise InputError(f"Bijeenkomst: onbekende soort '{kind}'; kies uit {', '.join(MEETING_KINDS)}.")
    if not (title or "").strip():
        raise InputError("Bijeenkomst: vul een titel in.")
    kinds = _kinds(store, [organiser, *attendees])
    people = _check_people([*([organiser] if organiser else []), *attendees], kinds, tuple(gs.PERSON_KINDS), "Aanwezigen")
    if not people:
        raise InputError("Bijeenkomst: kies minstens één aanwezige.")
    _own(viewer, people, "bijeenkomsten")
    aid = activity_id or record_id("meeting", token)
    if activity_id:
        _may_change(viewer, store, activity_id)
    activity = _model(Activity, "bijeenkomst", activity_id=aid, kind=kind, date=_when(day, time),
                      buurt_code=area_code(buurt_code, area_names(viewer, store)),
                      title=title, anonymous_participants=anonymous_participants,
                      methods=tuple(methods))
    roles = [(people[0], "organiser")] + [(p, "participant") for p in people[1:]]
    with store.unit_of_work():  # the change and its audit entry commit together
        _write_activity(store, activity, roles, _check_themes(store, themes))
        log_event(viewer, store, "edit", aid, f"{kind} gewijzigd" if activity_id else f"{kind} vastgelegd")
    return aid


_NUMBERED = re.compile(r"^Bewoner (\d+)$")


def _next_resident_pseudonym(store: Store) -> str:
    """``Bewoner <n>``, one above the highest numbered pseudonym in the store (``Bewoner 151``
    after ``Bewoner 150``); read inside the caller's unit of work."""
    persons = store.table("persons")
    numbers = [int(m.group(1)) for p in persons["pseudonym"] if isinstance(p, str) and (m := _NUMBERED.match(p.strip()))]
    return f"Bewoner {max(numbers, default=0) + 1}"


def new_resident(viewer: Viewer, store: Store, *, token: str, buurt_code: str | None = None,
                 pseudonym: str | None = None) -> str:
    """Add a pseudonymous resident on the spot (e.g. from the attendance picker); return
    the person id. Never a name: the pseudonym defaults to the next number of the
    ``Bewoner <n>`` series the importer and generator use (``Bewoner 151`` when ``Bewoner 150``
    is the highest).

    The number is read and the resident written in one unit of work; the SQLite store
    serialises its writers (``BEGIN IMMEDIATE``), so two sessions adding a resident at the
    same moment get two different numbers.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    InputError
        For an invalid value.
    """
    require_role(viewer, "coordinator", "professional")
    pid = record_id("resident", token)
    with store.unit_of_work():  # the number, the change and its audit entry commit together
        if not store.rows("persons", "person_id", [pid]).empty:  # the same form twice: the resident exists already
            return pid
        person = _model(Person, "bewoner", person_id=pid, kind="resident",
                        pseudonym=pseudonym or _next_resident_pseudonym(store), buurt_code=buurt_code)
        store.apply(ChangeSet(persons=[person]))
        log_event(viewer, store, "edit", pid, "nieuwe bewoner (pseudoniem) vastgelegd")
    if not pseudonym:
        _renumber_if_taken(viewer, store, person)
    return pid


def _renumber_if_taken(viewer: Viewer, store: Store, person: Person, tries: int = 5) -> None:
    """A store whose transactions do not serialise (Neo4j reads without a lock) can give two
    concurrent sessions the same number. Then the resident made here takes the next free number,
    unless it is the one of those made on the spot (ids ``bew-...``) with the smallest id and no
    other person holds the number: of two racing sessions, exactly one renumbers."""
    prefix = _PREFIX["resident"]
    for _ in range(tries):
        persons = store.table("persons")
        others = [str(p) for p, s in zip(persons["person_id"], persons["pseudonym"], strict=True)
                  if s == person.pseudonym and str(p) != person.person_id]
        if all(o.startswith(prefix) and o > person.person_id for o in others):
            return
        with store.unit_of_work():
            person = person.model_copy(update={"pseudonym": _next_resident_pseudonym(store)})
            store.apply(ChangeSet(persons=[person]))
            log_event(viewer, store, "edit", person.person_id, "pseudoniem vernummerd (nummer was al in gebruik)")


def resident_pseudonym_warning(viewer: Viewer, store: Store, pseudonym: str | None) -> str | None:
    """The Dutch warning to show before :func:`new_resident` stores ``pseudonym``, or None.

    The check is the privacy page's (:func:`netwerk.services.pseudonyms.pseudonym_warning`):
    the shape of a personal name, or the name of a person in the store. A professional's
    pseudonym is compared only with the names a professional may see (not residents'
    real names), so the warning never reveals one. It warns; nothing is refused.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    """
    require_role(viewer, "coordinator", "professional")
    persons = store.table("persons")
    names = {n for kind, n in zip(persons["kind"], persons["display_name"], strict=True)
             if isinstance(n, str) and n.strip() and (viewer.role == "coordinator" or kind != "resident")}
    return pseudonym_warning(pseudonym, names)


def record_asset(
    viewer: Viewer,
    store: Store,
    *,
    token: str,
    category: str,
    name: str,
    owner_id: str | None = None,
    buurt_code: str | None = None,
    visibility: str = "intern",
    themes: Sequence[str] = (),
    asset_id: str | None = None,
) -> str:
    """Record an ABCD asset; return its id.

    ``category`` is a key of ``graph_schema.ASSET_CATEGORIES``, ``visibility`` of
    ``graph_schema.ASSET_VISIBILITY``; ``owner_id`` a person, group or organisation.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    InputError
        For an unknown category, visibility, owner or theme, or an empty name.
    """
    require_role(viewer, "coordinator", "professional")
    if owner_id:
        if all(store.rows(kind, key, [owner_id]).empty
               for kind, key in (("persons", "person_id"), ("groups", "group_id"), ("organisations", "org_id"))):
            raise InputError(f"Bron: onbekende eigenaar '{owner_id}'.")
    aid = asset_id or record_id("asset", token)
    asset = _model(Asset, "bron", asset_id=aid, category=category, name=name, owner_id=owner_id,
                   buurt_code=area_code(buurt_code, area_names(viewer, store)),
                   visibility=visibility, themes=tuple(_check_themes(store, themes)))
    with store.unit_of_work():  # the change and its audit entry commit together
        store.apply(ChangeSet(assets=[asset]))
        log_event(viewer, store, "edit", aid, "bron vastgelegd")
    return aid


def record_knows(viewer: Viewer, store: Store, *, from_id: str, to_id: str, since: dt.date | None = None,
                 source: str = "gemeld") -> tuple[str, str, str]:
    """Record that ``from_id`` knows ``to_id``; return the tie's key (from, to, source).

    Idempotent: the key is the tie's identity, so a second submission changes nothing.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional who is not one of the two.
    InputError
        For an unknown person or a tie of a person with themselves.
    """
    require_role(viewer, "coordinator", "professional")
    kinds = _kinds(store, [from_id, to_id])
    a, b = _check_people([from_id], kinds, tuple(gs.PERSON_KINDS), "Van"), _check_people([to_id], kinds,
                                                                                        tuple(gs.PERSON_KINDS), "Naar")
    if not a or not b:
        raise InputError("Kent: kies twee personen.")
    if a[0] == b[0]:
        raise InputError("Kent: een persoon kent zichzelf niet; kies twee verschillende personen.")
    _own(viewer, [a[0], b[0]], "relaties")
    tie = _model(Knows, "kent", from_id=a[0], to_id=b[0], source=source or "gemeld", since=since)
    with store.unit_of_work():  # the change and its audit entry commit together
        store.apply(ChangeSet(knows=[tie]))
        log_event(viewer, store, "edit", f"{tie.from_id}->{tie.to_id}", "kent-relatie vastgelegd")
    return tie.from_id, tie.to_id, tie.source


def _may_change(viewer: Viewer, store: Store, activity_id: str) -> None:
    if store.rows("activities", "activity_id", [activity_id]).empty:
        raise NotFoundError(f"Activiteit '{activity_id}' bestaat niet.")
    if viewer.role == "professional":
        parts = store.rows("participations", "activity_id", [activity_id])
        if viewer.person_id not in set(parts["person_id"]):
            raise PermissionDenied("Een professional wijzigt alleen activiteiten waaraan hij of zij deelnam.")


def _confirmed(confirm: bool) -> None:
    if not confirm:
        raise InputError("Bevestig eerst dat u dit wilt verwijderen.")


def lone_residents(viewer: Viewer, store: Store, activity_id: str) -> list[tuple[str, str]]:
    """The residents who took part in ``activity_id`` and in no other activity: deleting
    the activity would leave them without any, so the delete form offers to remove them.

    Returns
    -------
    list of (person_id, label)
        The label as the viewer may see it (a pseudonym unless the viewer may see the
        name), sorted by label.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional who did not take part in the activity.
    NotFoundError
        If the activity does not exist.
    """
    require_role(viewer, "coordinator", "professional")
    _may_change(viewer, store, activity_id)
    return _lone_residents(viewer, store, activity_id)


def _lone_residents(viewer: Viewer, store: Store, activity_id: str) -> list[tuple[str, str]]:
    # Only the rows this activity touches: its participants, then their other participations.
    here = set(store.rows("participations", "activity_id", [activity_id])["person_id"].astype(str))
    persons = store.rows("persons", "person_id", here)
    residents = persons[persons["kind"] == "resident"]
    theirs = store.rows("participations", "person_id", residents["person_id"])
    elsewhere = set(theirs.loc[theirs["activity_id"] != activity_id, "person_id"].astype(str))
    residents = residents[~residents["person_id"].astype(str).isin(elsewhere)]
    # The label as visible_snapshot gives it: a professional sees the pseudonym only.
    labels = [resident_label(str(p), ps) if viewer.role != "coordinator" else
              person_label(str(p), "resident", n, ps, bool(c)) for p, n, ps, c in
              zip(residents["person_id"], residents["display_name"], residents["pseudonym"], residents["consent_named"],
                  strict=True)]
    return sorted(((str(p), lab) for p, lab in zip(residents["person_id"], labels, strict=True)),
                  key=lambda t: (t[1].casefold(), t[0]))


def delete_activity(viewer: Viewer, store: Store, activity_id: str, *, confirm: bool,
                    remove_residents: Sequence[str] = ()) -> None:
    """Delete an activity with its participations and themes, after confirmation; with
    ``remove_residents`` also those residents (each must be one of
    :func:`lone_residents`: in this activity and no other), in the same unit of work,
    each with its own audit entry.

    Raises
    ------
    InputError
        Without ``confirm``, or when a resident to remove took part in another activity
        (nothing is deleted).
    PermissionDenied
        For a bestuurder, or a professional who did not take part in it.
    NotFoundError
        If it does not exist.
    """
    require_role(viewer, "coordinator", "professional")
    _confirmed(confirm)
    _may_change(viewer, store, activity_id)
    chosen = list(dict.fromkeys(str(p) for p in remove_residents))
    with store.unit_of_work():  # the activity, the residents and the audit entries go together
        lone = {p for p, _ in _lone_residents(viewer, store, activity_id)}
        other = [p for p in chosen if p not in lone]
        if other:
            raise InputError(f"Niet verwijderd: {', '.join(other)} is geen bewoner die alleen aan deze activiteit "
                             "deelnam; er is niets verwijderd.")
        _delete(viewer, store, "activities", (activity_id,), activity_id, "activiteit verwijderd")
        for pid in chosen:
            _delete(viewer, store, "persons", (pid,), pid, f"bewoner zonder activiteit verwijderd (met {activity_id})")


def delete_asset(viewer: Viewer, store: Store, asset_id: str, *, confirm: bool) -> None:
    """Delete an asset after confirmation (coordinators only).

    Raises
    ------
    InputError, PermissionDenied, NotFoundError
        As :func:`delete_activity`.
    """
    require_role(viewer, "coordinator")
    _confirmed(confirm)
    _delete(viewer, store, "assets", (asset_id,), asset_id, "bron verwijderd")


def delete_knows(viewer: Viewer, store: Store, key: tuple[str, str, str], *, confirm: bool) -> None:
    """Delete a KNOWS tie by its key (from_id, to_id, source) after confirmation
    (coordinators only).

    Raises
    ------
    InputError, PermissionDenied, NotFoundError
        As :func:`delete_activity`.
    """
    require_role(viewer, "coordinator")
    _confirmed(confirm)
    _delete(viewer, store, "knows", tuple(key), "->".join(key[:2]), "kent-relatie verwijderd")


def _delete(viewer: Viewer, store: Store, field: str, key: tuple, target: str, detail: str) -> None:
    """Delete the row of ``field`` with ``key`` and log it as an ``edit`` of ``target``, in one
    unit of work (the change and its audit entry commit together)."""
    with store.unit_of_work():
        store.delete(field, [key])
        log_event(viewer, store, "edit", target, detail)
