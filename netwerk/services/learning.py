"""What came out of the meetings: decisions (Deep Democracy), lessons ("wat we leerden")
and the plans and initiatives of resident groups.

- :func:`record_decision`: a meeting's decision: the proposal, the vote tally (for,
  against, abstain) and what the minority needs to go along. Never who voted how: no
  person is linked (Deep Democracy records the minority's needs, not its members).
- :func:`record_lesson`: a short statement tied to an activity and themes, with its
  author (the viewer's person). Text naming a known person or holding contact details is
  refused (:func:`netwerk.services.privacy.identifying_warnings`).
- :func:`record_plan`: a resident group's plan, with status ``idee``, ``gestart``,
  ``lopend`` or ``afgerond`` (``graph_schema.PLAN_STATUSES``) and start/end dates.
- :func:`learning_overview`: the page's lists, filtered by theme, buurt and status;
  :func:`year_overview`: a period's lessons and decisions (for the evaluation form and
  the report); :func:`learning_counts`: the counts (one definition, for page and report).

Roles: coordinators record anything; professionals record for activities they took part
in (decisions, lessons) and plans; bestuurders record nothing and see the texts of
lessons, plans and decisions without any person's name, every count as
:func:`netwerk.access.suppress_small` shows it (below 5 as ``"<5"``). Every write and its
audit entry (``edit``) are one unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

import graph_schema as gs
from netwerk.access import PermissionDenied, Viewer, require_role, suppress_small, visible_snapshot
from netwerk.analysis.growth import local_date
from netwerk.domain import ChangeSet, Decision, InputError, Lesson, NotFoundError, Plan
from netwerk.services.areas import area_code, area_names
from netwerk.services.audit import log_event
from netwerk.services.entry import record_id
from netwerk.services.privacy import identifying_warnings
from netwerk.store.base import Store

__all__ = [
    "COUNT_KEYS",
    "LearningOverview",
    "YearOverview",
    "learning_counts",
    "learning_overview",
    "plan_groups",
    "record_decision",
    "record_lesson",
    "record_plan",
    "year_overview",
]

VOTE_COLUMNS = ("votes_for", "votes_against", "votes_abstain")
COUNT_KEYS: tuple[str, ...] = ("lessons", "decisions", "plans", *gs.PLAN_STATUSES)
"""The keys of :func:`learning_counts`: lessons, decisions and plans in the period, then
plans per status (idee, gestart, lopend, afgerond)."""

_LESSON_COLUMNS = ["lesson_id", "text", "themes", "activity_id", "activity", "date", "buurt_code", "author"]
_DECISION_COLUMNS = ["decision_id", "proposal", *VOTE_COLUMNS, "minority_needs", "activity_id", "activity", "date",
                     "buurt_code"]
_PLAN_COLUMNS = ["plan_id", "title", "group_id", "group", "themes", "buurt_code", "status", "start_date", "end_date"]


@dataclass(frozen=True)
class YearOverview:
    """A period's lessons and decisions (see :func:`year_overview`)."""

    start: dt.date
    end: dt.date
    lessons: pd.DataFrame
    decisions: pd.DataFrame


@dataclass(frozen=True)
class LearningOverview:
    """The page "Wat we leerden" (see :func:`learning_overview`): ``lessons``,
    ``decisions`` and ``plans`` tables and ``counts`` (:func:`learning_counts` of the shown rows)."""

    lessons: pd.DataFrame
    decisions: pd.DataFrame
    plans: pd.DataFrame
    counts: dict[str, int | str]


# --- reading ------------------------------------------------------------------------------


def _activity_info(viewer: Viewer, store: Store) -> pd.DataFrame:
    """activity_id -> activity (title, else the kind's Dutch name), date (calendar day), buurt_code."""
    acts = store.table("activities")
    return pd.DataFrame({
        "activity_id": acts["activity_id"].astype(str),
        "activity": [t if isinstance(t, str) and t.strip() else gs.ACTIVITY_KINDS.get(k, k)
                     for t, k in zip(acts["title"], acts["kind"], strict=True)],
        "date": [local_date(d) for d in acts["date"]],
        "buurt_code": acts["buurt_code"].tolist(),
    }, columns=["activity_id", "activity", "date", "buurt_code"]).set_index("activity_id")


def _author_labels(viewer: Viewer, store: Store) -> dict[str, str]:
    """person_id -> label as ``viewer`` may see it; none for a bestuurder (no names)."""
    if viewer.role == "bestuurder":
        return {}
    persons = visible_snapshot(viewer, store).persons
    return dict(zip(persons["person_id"].astype(str), persons["label"].astype(str), strict=True))


def _with_activity(frame: pd.DataFrame, acts: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("activity", "date", "buurt_code"):
        out[col] = [acts[col].get(a) if a in acts.index else None for a in out["activity_id"]]
    return out


def _lessons(viewer: Viewer, store: Store, acts: pd.DataFrame) -> pd.DataFrame:
    les = _with_activity(store.table("lessons"), acts)
    labels = _author_labels(viewer, store)
    les["author"] = [labels.get(str(a), "") if isinstance(a, str) else "" for a in les["author_id"]]
    les["themes"] = [tuple(t) if isinstance(t, (list, tuple)) else () for t in les["themes"]]
    return les.reindex(columns=_LESSON_COLUMNS)


def _decisions(viewer: Viewer, store: Store, acts: pd.DataFrame) -> pd.DataFrame:
    dec = _with_activity(store.table("decisions"), acts).reindex(columns=_DECISION_COLUMNS)
    for col in VOTE_COLUMNS:
        dec[col] = pd.Series([None if v is None or pd.isna(v) else suppress_small(viewer, int(v)) for v in dec[col]],
                             dtype=object, index=dec.index)
    return dec


def _plans(store: Store) -> pd.DataFrame:
    plans = store.table("plans").copy()
    groups = store.table("groups").set_index("group_id")["name"].to_dict()
    plans["group"] = [groups.get(g, "") if isinstance(g, str) else "" for g in plans["group_id"]]
    plans["themes"] = [tuple(t) if isinstance(t, (list, tuple)) else () for t in plans["themes"]]
    return plans.reindex(columns=_PLAN_COLUMNS)


def _in_period(days: pd.Series, start: dt.date | None, end: dt.date | None) -> pd.Series:
    return pd.Series([d is not None and not pd.isna(d) and (start is None or d >= start) and (end is None or d <= end)
                      for d in days], index=days.index, dtype=bool)


def _plans_in_period(plans: pd.DataFrame, start: dt.date | None, end: dt.date | None) -> pd.DataFrame:
    """Plans running at some day of [start, end]: not started after ``end`` and not ended
    before ``start`` (a missing date is open)."""
    keep = [(start is None or not isinstance(e, dt.date) or e >= start) and
            (end is None or not isinstance(s, dt.date) or s <= end)
            for s, e in zip(plans["start_date"], plans["end_date"], strict=True)]
    return plans[pd.Series(keep, index=plans.index, dtype=bool)]


def _sorted(frame: pd.DataFrame, by: str, key: str) -> pd.DataFrame:
    return frame.assign(_d=[d if isinstance(d, dt.date) else dt.date.min for d in frame[by]]).sort_values(
        ["_d", key], ascending=[False, True], kind="mergesort").drop(columns="_d").reset_index(drop=True)


def year_overview(viewer: Viewer, store: Store, start: dt.date, end: dt.date) -> YearOverview:
    """The lessons and decisions of activities dated ``start`` to ``end`` (inclusive
    calendar days, Europe/Amsterdam), newest first: what respondents may read before they
    answer the evaluation, and what the report shows.

    Returns
    -------
    YearOverview
        lessons: lesson_id, text, themes (tuple), activity_id, activity (title or kind),
        date, buurt_code, author (always "" here: the overview names nobody);
        decisions: decision_id, proposal, votes_for, votes_against, votes_abstain (int,
        None when not recorded; for a bestuurder as :func:`netwerk.access.suppress_small`),
        minority_needs, activity_id, activity, date, buurt_code.

    Raises
    ------
    InputError
        If ``end`` is before ``start``.
    """
    if end < start:
        raise InputError("De einddatum ligt voor de begindatum.")
    acts = _activity_info(viewer, store)
    les = _lessons(Viewer(viewer.user_id, "bestuurder"), store, acts)  # names nobody, whoever asks
    dec = _decisions(viewer, store, acts)
    return YearOverview(start=start, end=end,
                        lessons=_sorted(les[_in_period(les["date"], start, end)], "date", "lesson_id"),
                        decisions=_sorted(dec[_in_period(dec["date"], start, end)], "date", "decision_id"))


def learning_counts(viewer: Viewer, lessons: pd.DataFrame, decisions: pd.DataFrame,
                    plans: pd.DataFrame) -> dict[str, int | str]:
    """The counts of :data:`COUNT_KEYS` of the given tables (rows of :func:`learning_overview`
    or :func:`year_overview`): number of lessons, decisions and plans, and plans per status;
    for a bestuurder each as :func:`netwerk.access.suppress_small` (1-4 as ``"<5"``, others
    rounded to a multiple of 5). Any role (the tables were already made for the viewer)."""
    raw = {"lessons": len(lessons), "decisions": len(decisions), "plans": len(plans)}
    for status in gs.PLAN_STATUSES:
        raw[status] = int((plans["status"] == status).sum())
    return {k: suppress_small(viewer, v) for k, v in raw.items()}


def learning_overview(viewer: Viewer, store: Store, *, themes: Sequence[str] = (), buurten: Sequence[str] = (),
                      statuses: Sequence[str] = (), start: dt.date | None = None,
                      end: dt.date | None = None) -> LearningOverview:
    """Lessons, decisions and plans for the page "Wat we leerden", newest first.

    Filters (empty: all): ``themes`` keeps lessons and plans with one of them (decisions
    have no themes and are kept when no theme is chosen); ``buurten`` keeps lessons and
    decisions of activities in those buurten and plans there; ``statuses`` keeps plans
    with one of those statuses; ``start``/``end`` (inclusive) keep lessons and decisions
    of activities in the period and plans running in it.

    Returns
    -------
    LearningOverview
        lessons and decisions as in :func:`year_overview` (lessons with ``author``: the
        label of the person who recorded it as the viewer may see it; "" for a bestuurder);
        plans: plan_id, title, group_id, group (name), themes (tuple), buurt_code,
        status, start_date, end_date; counts: :func:`learning_counts` of these rows.
    """
    acts = _activity_info(viewer, store)
    les, dec, plans = _lessons(viewer, store, acts), _decisions(viewer, store, acts), _plans(store)
    les = les[_in_period(les["date"], start, end)] if (start or end) else les
    dec = dec[_in_period(dec["date"], start, end)] if (start or end) else dec
    plans = _plans_in_period(plans, start, end)
    if themes:
        wanted = set(themes)
        les = les[[bool(wanted & set(t)) for t in les["themes"]]]
        plans = plans[[bool(wanted & set(t)) for t in plans["themes"]]]
        dec = dec.iloc[0:0]
    if buurten:
        les, dec = les[les["buurt_code"].isin(buurten)], dec[dec["buurt_code"].isin(buurten)]
        plans = plans[plans["buurt_code"].isin(buurten)]
    if statuses:
        plans = plans[plans["status"].isin(statuses)]
    les, dec = _sorted(les, "date", "lesson_id"), _sorted(dec, "date", "decision_id")
    plans = _sorted(plans, "start_date", "plan_id")
    return LearningOverview(lessons=les, decisions=dec, plans=plans, counts=learning_counts(viewer, les, dec, plans))


def plan_groups(viewer: Viewer, store: Store) -> list[tuple[str, str]]:
    """(group_id, name) of the groups a plan can belong to, resident groups first, by name.

    Raises
    ------
    PermissionDenied
        For a bestuurder (who records nothing).
    """
    require_role(viewer, "coordinator", "professional")
    groups = store.table("groups")
    rows = sorted(zip(groups["kind"], groups["name"], groups["group_id"], strict=True),
                  key=lambda t: (t[0] != "bewonersgroep", str(t[1]).casefold()))
    return [(str(g), str(n)) for _, n, g in rows]


# --- writing ------------------------------------------------------------------------------


def _model(cls, what: str, **kwargs):
    try:
        return cls(**{k: v for k, v in kwargs.items() if v not in (None, "", ())})
    except ValidationError as e:
        msgs = "; ".join(f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors())
        raise InputError(f"{what}: {msgs}") from None


def _may_use_activity(viewer: Viewer, store: Store, activity_id: str) -> None:
    """The activity exists; a professional took part in it."""
    if store.rows("activities", "activity_id", [activity_id]).empty:
        raise NotFoundError(f"Activiteit '{activity_id}' bestaat niet.")
    if viewer.role == "professional":
        parts = store.rows("participations", "activity_id", [activity_id])  # this activity's only
        if viewer.person_id not in set(parts["person_id"]):
            raise PermissionDenied("U kunt alleen iets vastleggen bij activiteiten waaraan u deelnam.")


def _may_change(viewer: Viewer, store: Store, fname: str, key: str, ident: str | None) -> None:
    """A professional changes an existing lesson or decision only when they took part in its
    activity (and, for a lesson, wrote it): else any id would let them overwrite or move
    another's record."""
    if viewer.role != "professional" or not ident:
        return
    hit = store.rows(fname, key, [ident])
    if not len(hit):
        return
    row = hit.iloc[0]
    _may_use_activity(viewer, store, str(row["activity_id"]))
    if fname == "lessons" and row["author_id"] != viewer.person_id:
        raise PermissionDenied("U kunt alleen uw eigen lessen wijzigen.")


def _themes(store: Store, themes: Sequence[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(t.strip().lower() for t in themes if t and t.strip()))
    known = set(store.rows("themes", "name", out)["name"]) if out else set()
    unknown = [t for t in out if t not in known]
    if unknown:
        raise InputError(f"Onbekend thema: {', '.join(unknown)}. Kies uit de themalijst.")
    return out


def _refuse_identifying(viewer: Viewer, store: Store, *texts: str | None) -> None:
    found = [w for t in texts for w in identifying_warnings(viewer, store, t)]
    if found:
        raise InputError("Niet opgeslagen. " + " ".join(dict.fromkeys(found)))


def record_decision(viewer: Viewer, store: Store, *, token: str, activity_id: str, proposal: str,
                    votes_for: int | None = None, votes_against: int | None = None, votes_abstain: int | None = None,
                    minority_needs: str | None = None, decision_id: str | None = None) -> str:
    """Record (or, with ``decision_id``, change) a meeting's decision; return its id.

    The tally is three counts (>= 0), never who voted how. The id is derived from the
    form's ``token`` (:func:`netwerk.services.entry.record_id`), so a second submission
    changes the same decision.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional who did not take part in the activity (or, when
        changing a decision, in its activity).
    NotFoundError
        For an unknown activity.
    InputError
        For an empty proposal, a negative count, or text naming a person or holding contact details.
    """
    require_role(viewer, "coordinator", "professional")
    _may_use_activity(viewer, store, activity_id)
    _refuse_identifying(viewer, store, proposal, minority_needs)
    did = decision_id or record_id("decision", token)
    _may_change(viewer, store, "decisions", "decision_id", did)
    decision = _model(Decision, "Besluit", decision_id=did, activity_id=activity_id, proposal=proposal,
                      votes_for=votes_for, votes_against=votes_against, votes_abstain=votes_abstain,
                      minority_needs=minority_needs)
    with store.unit_of_work():  # the decision and its audit entry commit together
        store.apply(ChangeSet(decisions=[decision]))
        log_event(viewer, store, "edit", did, "besluit vastgelegd")
    return did


def record_lesson(viewer: Viewer, store: Store, *, token: str, activity_id: str, text: str,
                  themes: Sequence[str] = (), lesson_id: str | None = None) -> str:
    """Record (or, with ``lesson_id``, change) a lesson; return its id. Its author is the
    viewer's person (``viewer.person_id``; None for an account without one, the audit
    entry names the account either way).

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional who did not take part in the activity (or, when
        changing a lesson, in its activity, or did not write it).
    NotFoundError
        For an unknown activity.
    InputError
        For an empty text, an unknown theme, or text that names a person the viewer can see
        or holds an e-mail address or phone number
        (:func:`netwerk.services.privacy.identifying_warnings`).
    """
    require_role(viewer, "coordinator", "professional")
    _may_use_activity(viewer, store, activity_id)
    _refuse_identifying(viewer, store, text)
    lid = lesson_id or record_id("lesson", token)
    _may_change(viewer, store, "lessons", "lesson_id", lid)
    known = bool(viewer.person_id) and not store.rows("persons", "person_id", [str(viewer.person_id)]).empty
    author = viewer.person_id if known else None
    lesson = _model(Lesson, "Les", lesson_id=lid, activity_id=activity_id, text=text,
                    themes=_themes(store, themes), author_id=author)
    with store.unit_of_work():  # the lesson and its audit entry commit together
        store.apply(ChangeSet(lessons=[lesson]))
        log_event(viewer, store, "edit", lid, "les vastgelegd")
    return lid


def record_plan(viewer: Viewer, store: Store, *, token: str, title: str, group_id: str | None = None,
                themes: Sequence[str] = (), buurt_code: str | None = None, status: str = "idee",
                start_date: dt.date | None = None, end_date: dt.date | None = None, plan_id: str | None = None) -> str:
    """Record (or, with ``plan_id``, change: e.g. its status) a resident group's plan;
    return its id. ``status`` is a key of ``graph_schema.PLAN_STATUSES``; ``buurt_code`` a
    CBS code or buurt name.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    InputError
        For an empty title, an unknown group, theme or status, an end before the start, or
        a title naming a person or holding contact details.
    """
    require_role(viewer, "coordinator", "professional")
    if group_id and store.rows("groups", "group_id", [group_id]).empty:
        raise InputError(f"Plan: onbekende groep '{group_id}'.")
    if start_date and end_date and end_date < start_date:
        raise InputError("Plan: de einddatum ligt voor de startdatum.")
    _refuse_identifying(viewer, store, title)
    pid = plan_id or record_id("plan", token)
    plan = _model(Plan, "Plan", plan_id=pid, title=title, group_id=group_id, themes=_themes(store, themes),
                  buurt_code=area_code(buurt_code, area_names(viewer, store)), status=status,
                  start_date=start_date, end_date=end_date)
    with store.unit_of_work():  # the plan and its audit entry commit together
        store.apply(ChangeSet(plans=[plan]))
        log_event(viewer, store, "edit", pid, f"plan vastgelegd ({gs.PLAN_STATUSES.get(status, status)})")
    return pid
