"""Professionals find each other: search (Collega zoeken), the colleague card, ego
networks, shortest paths, who could introduce us and suggested introductions.

For coordinators and professionals only; a bestuurder gets
:class:`~netwerk.access.PermissionDenied` (they see aggregates, never persons).
Residents appear only as pseudonyms for professionals (:func:`netwerk.access.visible_snapshot`).

Paths, introducers and common contacts run only through people one can ask for an
introduction (:data:`netwerk.analysis.introductions.CONTACTABLE_KINDS`: professionals,
volunteers, bestuurders), never through residents, and are measured in distance 1/strength
(two strong working ties are a shorter way than one weak direct tie).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import networkx as nx
import pandas as pd

import graph_schema as gs
from netwerk import analysis as an
from netwerk.access import PermissionDenied, Viewer, require_role, suppress_small, visible_snapshot
from netwerk.analysis import introductions as intro
from netwerk.analysis.growth import Freq, local_date
from netwerk.domain import AMSTERDAM, ChangeSet, InputError, Introduction, NotFoundError, Snapshot
from netwerk.services.audit import log_event
from netwerk.store.base import Store
from netwerk.text import fold, present

__all__ = [
    "SEARCH_COLUMNS",
    "ColleagueCard",
    "EgoNetwork",
    "colleague_card",
    "ego_map",
    "fold",
    "introducers_for",
    "introduction_outcomes",
    "introductions_made",
    "mark_introduction",
    "organisation_gaps",
    "paths_to",
    "search_colleagues",
    "search_options",
    "suggestions",
]

SEARCH_COLUMNS = ["person_id", "name", "role_title", "organisation", "themes", "skills", "buurten", "groups"]
COLLEAGUE_KINDS = ("professional",)


def _allowed(viewer: Viewer) -> None:
    require_role(viewer, "coordinator", "professional")


def _own_person(viewer: Viewer, person_id: str | None, refusal: str) -> str:
    """The professional a request is about: ``person_id``, or the account's own person; a
    professional may only ask about themself (``refusal`` says what they may do)."""
    _allowed(viewer)
    if person_id is None:
        if not viewer.person_id:
            raise InputError("Kies een professional: uw account is niet gekoppeld aan een persoon.")
        person_id = viewer.person_id
    if viewer.role == "professional" and person_id != viewer.person_id:
        raise PermissionDenied(refusal)
    return person_id


@dataclass(frozen=True)
class _Profiles:
    snap: Snapshot
    table: pd.DataFrame  # SEARCH_COLUMNS plus email, phone, kind


def _profiles(viewer: Viewer, store: Store) -> _Profiles:
    snap = visible_snapshot(viewer, store)
    persons = snap.persons
    orgs = dict(zip(snap.organisations["org_id"].astype(str), snap.organisations["name"], strict=True))
    groups = dict(zip(snap.groups["group_id"].astype(str), snap.groups["name"], strict=True))
    employers: dict[str, list[str]] = {}
    for pid, oid in zip(snap.works_for["person_id"], snap.works_for["org_id"], strict=True):
        employers.setdefault(str(pid), []).append(orgs.get(str(oid), str(oid)))
    member: dict[str, list[str]] = {}
    for pid, gid in zip(snap.memberships["person_id"], snap.memberships["group_id"], strict=True):
        member.setdefault(str(pid), []).append(groups.get(str(gid), str(gid)))
    themes_of: dict[str, set[str]] = {}
    for aid, t in zip(snap.activity_themes["activity_id"], snap.activity_themes["theme"], strict=True):
        themes_of.setdefault(str(aid), set()).add(str(t))
    buurt_of = dict(zip(snap.activities["activity_id"].astype(str), snap.activities["buurt_code"], strict=True))
    p_themes: dict[str, Counter] = {}
    p_buurten: dict[str, set[str]] = {}
    for aid, pid in zip(snap.participations["activity_id"], snap.participations["person_id"], strict=True):
        p_themes.setdefault(str(pid), Counter()).update(themes_of.get(str(aid), ()))
        b = buurt_of.get(str(aid))
        if isinstance(b, str) and b:
            p_buurten.setdefault(str(pid), set()).add(b)
    rows = []
    for r in persons.to_dict("records"):
        if r["kind"] not in COLLEAGUE_KINDS:
            continue
        pid = str(r["person_id"])
        counts = p_themes.get(pid, Counter())
        rows.append({
            "person_id": pid,
            "name": r["label"],
            "role_title": r.get("role_title"),
            "organisation": ", ".join(sorted(employers.get(pid, []))) or None,
            "themes": tuple(t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
            "skills": tuple(r.get("skills") or ()),
            "buurten": tuple(sorted(p_buurten.get(pid, set()) | ({r["buurt_code"]} if present(r.get("buurt_code")) else set()))),
            "groups": tuple(sorted(member.get(pid, []))),
            "email": r.get("email"),
            "phone": r.get("phone"),
            "kind": r["kind"],
        })
    table = pd.DataFrame(rows, columns=[*SEARCH_COLUMNS, "email", "phone", "kind"])
    return _Profiles(snap, table.sort_values("name", key=lambda s: s.map(fold), kind="mergesort").reset_index(drop=True))


@dataclass(frozen=True)
class SearchOptions:
    """Choices for the search filters (sorted values that occur among professionals)."""

    themes: list[str]
    skills: list[str]
    buurten: list[str]
    organisations: list[str]
    groups: list[str]


def search_options(viewer: Viewer, store: Store) -> SearchOptions:
    """The values the Collega zoeken filters can choose from.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    """
    _allowed(viewer)
    t = _profiles(viewer, store).table

    def values(col: str) -> list[str]:
        return sorted({v for vs in t[col] for v in vs}, key=fold)

    orgs = sorted({o for v in t["organisation"] if v for o in v.split(", ")}, key=fold)
    return SearchOptions(values("themes"), values("skills"), values("buurten"), orgs, values("groups"))


def search_colleagues(
    viewer: Viewer,
    store: Store,
    text: str = "",
    themes: tuple[str, ...] = (),
    skills: tuple[str, ...] = (),
    buurten: tuple[str, ...] = (),
    organisations: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Search professionals.

    ``text`` is split into words; a professional matches when every word occurs (as a
    part of a word) in their name, role, organisation, skills, themes or groups,
    compared with :func:`fold` (case and accents ignored: ``ozturk`` finds ``Öztürk``).
    Each filter keeps professionals with at least one of the chosen values (themes they
    worked on, skills, buurten of their activities, organisation names, group names).

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, name, role_title, organisation (names, comma-separated),
        themes (most frequent first), skills, buurten, groups (tuples). Sorted by name.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    """
    _allowed(viewer)
    t = _profiles(viewer, store).table
    words = fold(text).split()
    keep = []
    for r in t.itertuples(index=False):
        hay = fold(" ".join([str(r.name), str(r.role_title or ""), str(r.organisation or ""), *r.skills, *r.themes,
                             *r.groups]))
        ok = all(w in hay for w in words)
        ok = ok and (not themes or bool(set(themes) & set(r.themes)))
        ok = ok and (not skills or bool({fold(s) for s in skills} & {fold(s) for s in r.skills}))
        ok = ok and (not buurten or bool(set(buurten) & set(r.buurten)))
        ok = ok and (not organisations or bool(set(organisations) & set((r.organisation or "").split(", "))))
        ok = ok and (not groups or bool(set(groups) & set(r.groups)))
        keep.append(ok)
    return t.loc[keep, SEARCH_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class ColleagueCard:
    """One professional's card.

    ``themes``: themes of the activities they took part in, most frequent first;
    ``recent``: their latest activities (DataFrame: date (Europe/Amsterdam calendar
    day), kind (Dutch label), title, buurt_code; newest first); ``email``/``phone``:
    work contact details (None when not recorded).
    """

    person_id: str
    name: str
    role_title: str | None
    organisation: str | None
    themes: tuple[str, ...]
    skills: tuple[str, ...]
    groups: tuple[str, ...]
    email: str | None
    phone: str | None
    recent: pd.DataFrame


def colleague_card(viewer: Viewer, store: Store, person_id: str, recent: int = 5) -> ColleagueCard:
    """The card of professional ``person_id`` with their ``recent`` latest activities.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    NotFoundError
        If ``person_id`` is not a professional.
    """
    _allowed(viewer)
    prof = _profiles(viewer, store)
    row = prof.table[prof.table["person_id"] == person_id]
    if row.empty:
        raise NotFoundError(f"Geen wijkprofessional met code '{person_id}'.")
    r = row.iloc[0]
    snap = prof.snap
    mine = set(snap.participations.loc[snap.participations["person_id"] == person_id, "activity_id"])
    acts = snap.activities[snap.activities["activity_id"].isin(mine)].copy()
    acts["day"] = [local_date(d) for d in acts["date"]]
    acts = acts.sort_values(["day", "activity_id"], ascending=[False, False], kind="mergesort").head(recent)
    recent_df = pd.DataFrame({
        "date": acts["day"].tolist(),
        "kind": [gs.ACTIVITY_KINDS.get(k, k) for k in acts["kind"]],
        "title": acts["title"].tolist(),
        "buurt_code": acts["buurt_code"].tolist(),
    }, columns=["date", "kind", "title", "buurt_code"])
    return ColleagueCard(
        person_id=person_id, name=str(r["name"]), role_title=_opt(r["role_title"]), organisation=_opt(r["organisation"]),
        themes=tuple(r["themes"]), skills=tuple(r["skills"]), groups=tuple(r["groups"]),
        email=_opt(r["email"]), phone=_opt(r["phone"]), recent=recent_df,
    )


@dataclass(frozen=True)
class EgoNetwork:
    """An ego network as data (drawn by :func:`dashboard.map_view.ego_map_data`).

    nodes: id (person id), label (display label, a pseudonym for residents as the viewer
    sees them), kind (person kind code), steps (0 for the ego, 1 or 2).
    edges: source, target, weight (tie strength), kind (co-participation | knows | both).
    ego_label: the ego's display label.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    ego_label: str


def ego_map(viewer: Viewer, store: Store, person_id: str, radius: int = 1) -> EgoNetwork:
    """The ego network of ``person_id`` (radius 1 or 2): persons within ``radius`` steps
    over working ties and the ties between them, with each person's steps from the ego.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    NotFoundError
        If ``person_id`` is not in the network.
    ValueError
        If ``radius`` is not 1 or 2.
    """
    _allowed(viewer)
    G = an.person_network(visible_snapshot(viewer, store))
    if person_id not in G:
        raise NotFoundError(f"Persoon '{person_id}' staat niet in het netwerk.")
    E = intro.ego_network(G, person_id, radius)
    steps = nx.single_source_shortest_path_length(E, person_id)
    rows = [(n, d.get("label", n), d.get("kind"), steps.get(n, radius)) for n, d in E.nodes(data=True)]
    nodes = pd.DataFrame(rows, columns=["id", "label", "kind", "steps"])
    edges = pd.DataFrame([(u, v, d["weight"], d["kind"]) for u, v, d in E.edges(data=True)],
                         columns=["source", "target", "weight", "kind"])
    return EgoNetwork(nodes=nodes, edges=edges, ego_label=str(G.nodes[person_id].get("label", person_id)))


def _me(viewer: Viewer, G: nx.Graph) -> str:
    if not viewer.person_id:
        raise InputError("Uw account is niet gekoppeld aan een persoon in het netwerk; vraag de coördinator dit te doen.")
    if viewer.person_id not in G:
        raise NotFoundError(f"Uw persoon '{viewer.person_id}' staat niet in het netwerk.")
    return viewer.person_id


def paths_to(viewer: Viewer, store: Store, person_id: str, limit: int = 3) -> list[list[tuple[str, str]]]:
    """Up to ``limit`` shortest paths from the viewer's own person (``viewer.person_id``)
    to ``person_id`` over working ties (the tie model's "werkrelatie",
    :mod:`netwerk.analysis.ties`; having sat in the same plenary meeting once is not
    knowing each other).

    Paths are shortest by distance, a tie of strength *w* counting 1/*w* (the graph's
    ``distance``; :func:`netwerk.analysis.introductions.shortest_paths`), and their
    intermediaries are of :data:`~netwerk.analysis.introductions.CONTACTABLE_KINDS` only:
    a professional cannot ask a pseudonymous resident to introduce them.

    Returns
    -------
    list of list of (person_id, label)
        Shortest first; a weaker direct tie may follow a stronger detour. When the two
        have a direct working tie that is not among the ``limit`` shortest, it is added
        last (so a direct tie is never hidden). ``[]`` when there is no path through
        contactable people.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    InputError
        If the viewer's account has no person, or ``person_id`` is a resident.
    NotFoundError
        If either person is not in the network.
    """
    _allowed(viewer)
    G, me = _graph_between(viewer, store, person_id)
    _contactable(G, person_id)
    paths = intro.shortest_paths(G, me, person_id, limit, via=intro.CONTACTABLE_KINDS)
    if G.has_edge(me, person_id) and [me, person_id] not in paths:
        paths.append([me, person_id])
    return [[(n, G.nodes[n].get("label", n)) for n in p] for p in paths]


def introducers_for(viewer: Viewer, store: Store, person_id: str, top: int = 10) -> pd.DataFrame:
    """Who could introduce the viewer to ``person_id``: common neighbours over working ties
    (as in :func:`paths_to`) of :data:`~netwerk.analysis.introductions.CONTACTABLE_KINDS`
    (never a resident), ranked by the distance of the path viewer–introducer–``person_id``,
    1/strength + 1/strength (see :func:`netwerk.analysis.introductions.introducers`).

    Returns
    -------
    pandas.DataFrame
        Columns: person_id, label, kind, weight_a (tie with the viewer), weight_b (with
        ``person_id``), strength, total, distance, reason (Dutch, e.g. "Werkt met beiden:
        3 gedeelde activiteiten met Thijs, 2 met Gert-Jan"); at most ``top`` rows.

    Raises
    ------
    PermissionDenied, InputError, NotFoundError
        As :func:`paths_to`.
    """
    _allowed(viewer)
    G, me = _graph_between(viewer, store, person_id)
    _contactable(G, person_id)
    return intro.introducers(G, me, person_id, via=intro.CONTACTABLE_KINDS).head(top).reset_index(drop=True)


def _contactable(G: nx.Graph, person_id: str) -> None:
    """Refuse a path or introduction to someone one cannot contact (a resident)."""
    if G.nodes[person_id].get("kind") not in intro.CONTACTABLE_KINDS:
        raise InputError("Kennismaken via het netwerk kan alleen met professionals, vrijwilligers en bestuurders; "
                         "bewoners ziet u onder een schuilnaam en kunt u zo niet benaderen.")


def _working_graph(snap: Snapshot) -> nx.Graph:
    """The person network of working ties (:func:`netwerk.analysis.ties.person_network`)."""
    return an.person_network(snap)


def _graph_between(viewer: Viewer, store: Store, person_id: str) -> tuple[nx.Graph, str]:
    """The working-tie graph and the viewer's node, once ``person_id`` is known to be in it."""
    G = _working_graph(visible_snapshot(viewer, store))
    me = _me(viewer, G)
    if person_id not in G:
        raise NotFoundError(f"Persoon '{person_id}' staat niet in het netwerk.")
    return G, me


def _names(store: Store, snap: Snapshot) -> tuple[dict[str, str], dict[str, str]]:
    try:
        areas = store.table("areas")
        buurt_names = dict(zip(areas["code"].astype(str), areas["name"], strict=True))
    except Exception:  # noqa: BLE001 - names are a nicety; codes are shown without them
        buurt_names = {}
    groups = dict(zip(snap.groups["group_id"].astype(str), snap.groups["name"], strict=True))
    return buurt_names, groups


def suggestions(viewer: Viewer, store: Store, person_id: str | None = None, top: int = 10) -> pd.DataFrame:
    """Suggested introductions for a professional: others who share themes, buurten or
    groups but have no working tie yet, ranked by Adamic-Adar, with a Dutch reason.

    Ties are working ties (the tie model's "werkrelatie", :mod:`netwerk.analysis.ties`);
    common contacts are counted over working ties too, and only those of
    :data:`~netwerk.analysis.introductions.CONTACTABLE_KINDS` (a resident is no one to ask
    for an introduction). Suggestions are professionals only (:data:`COLLEAGUE_KINDS`).

    ``person_id`` defaults to the viewer's own person; a professional may only ask for
    themselves, a coordinator for anyone.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`netwerk.analysis.introductions.SUGGESTION_COLUMNS`.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional asking for someone else.
    InputError
        Without a person (no ``person_id`` and none linked to the account).
    NotFoundError
        If the person is not a professional in the network.
    """
    person_id = _own_person(viewer, person_id, "Een professional ziet alleen de suggesties voor zichzelf.")
    snap = visible_snapshot(viewer, store)
    G = _working_graph(snap)
    buurt_names, group_names = _names(store, snap)
    try:
        return intro.suggest_introductions(snap, G, person_id, COLLEAGUE_KINDS, top, buurt_names, group_names,
                                           via=intro.CONTACTABLE_KINDS)
    except KeyError:
        raise NotFoundError(f"Geen wijkprofessional met code '{person_id}' in het netwerk.") from None


def organisation_gaps(viewer: Viewer, store: Store) -> pd.DataFrame:
    """Organisation pairs whose professionals work on the same themes without any
    working tie between them (as in :func:`suggestions`; coordinators only).

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`netwerk.analysis.introductions.ORG_PAIR_COLUMNS`.

    Raises
    ------
    PermissionDenied
        For anyone but a coordinator.
    """
    require_role(viewer, "coordinator")
    snap = visible_snapshot(viewer, store)
    return intro.organisation_pairs_without_ties(snap, an.organisation_network(snap), COLLEAGUE_KINDS)


MARK_COLUMNS = ["person_a", "person_b", "label_a", "label_b", "date", "marked_by"]


def mark_introduction(viewer: Viewer, store: Store, other_id: str, person_id: str | None = None,
                      day: dt.date | None = None) -> tuple[str, str]:
    """Mark a suggested introduction between ``person_id`` and ``other_id`` as made on ``day``.

    ``person_id`` defaults to the viewer's own person; a professional may only mark their
    own introductions, a coordinator anyone's. Both must be professionals
    (:data:`COLLEAGUE_KINDS`): residents are never suggested, so never marked. The mark and
    its audit entry are written in one transaction. Marking the same pair again replaces
    the date and who marked it (one mark per pair).

    Parameters
    ----------
    day : datetime.date, optional
        The day the two were introduced (Europe/Amsterdam); default today. Not in the future.

    Returns
    -------
    (str, str)
        The pair's key (person_a, person_b), sorted.

    Raises
    ------
    PermissionDenied
        For a bestuurder, or a professional marking for someone else.
    InputError
        Without a person, for a pair of one person, a day in the future, or a person who
        is not a professional (a resident, a volunteer); nothing is written.
    """
    person_id = _own_person(viewer, person_id, "Een professional legt alleen zijn of haar eigen kennismakingen vast.")
    if person_id == other_id:
        raise InputError("Een kennismaking is tussen twee verschillende professionals.")
    today = dt.datetime.now(AMSTERDAM).date()
    day = day or today
    if day > today:
        raise InputError("De datum van de kennismaking ligt in de toekomst; kies vandaag of eerder.")
    persons = store.table("persons")
    kinds = dict(zip(persons["person_id"].astype(str), persons["kind"], strict=True))
    for pid in (person_id, other_id):
        if kinds.get(pid) not in COLLEAGUE_KINDS:
            raise InputError(f"'{pid}' is geen wijkprofessional; alleen kennismakingen tussen professionals worden "
                             "vastgelegd.")
    a, b = sorted((person_id, other_id))
    mark = Introduction(person_a=a, person_b=b, date=day, marked_by=viewer.user_id)
    with store.unit_of_work():  # the mark and its audit entry commit together
        store.apply(ChangeSet(introductions=[mark]))
        log_event(viewer, store, "edit", f"{a}/{b}", "kennismaking gemaakt")
    return a, b


def introductions_made(viewer: Viewer, store: Store) -> pd.DataFrame:
    """The introductions marked as made: a professional's own, or (coordinator) all.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MARK_COLUMNS`: person_a, person_b (ids), label_a, label_b (names as
        the viewer sees them), date (``datetime.date``), marked_by (user id). Newest first.

    Raises
    ------
    PermissionDenied
        For a bestuurder.
    """
    _allowed(viewer)
    marks = store.table("introductions")
    if viewer.role == "professional":
        mine = (marks["person_a"] == viewer.person_id) | (marks["person_b"] == viewer.person_id)
        marks = marks[mine]
    labels = _labels(viewer, store)
    out = marks.assign(label_a=[labels.get(p, p) for p in marks["person_a"]],
                       label_b=[labels.get(p, p) for p in marks["person_b"]])
    return out.reindex(columns=MARK_COLUMNS).sort_values(["date", "person_a", "person_b"], ascending=[False, True, True],
                                                         kind="mergesort").reset_index(drop=True)


def _labels(viewer: Viewer, store: Store) -> dict[str, str]:
    persons = visible_snapshot(viewer, store).persons
    return dict(zip(persons["person_id"].astype(str), persons["label"].astype(str), strict=True))


def introduction_outcomes(viewer: Viewer, store: Store, freq: Freq = "quarter") -> pd.DataFrame:
    """Did our introductions work? Per period, marked introductions that became a working
    tie and suggestions nobody marked that did so by themselves
    (:func:`netwerk.analysis.introductions.introduction_outcomes`, top 10 suggestions per
    professional as on Collega's).

    Counts only, for every role; for a bestuurder each count as CBS publishes it
    (:func:`netwerk.access.suppress_small`: "<5", multiples of 5).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`netwerk.analysis.introductions.OUTCOME_COLUMNS`.

    Raises
    ------
    ValueError
        For an unknown ``freq``.
    """
    require_role(viewer, "coordinator", "professional", "bestuurder")
    df = intro.introduction_outcomes(visible_snapshot(viewer, store), store.table("introductions"), freq)
    if viewer.role == "bestuurder":
        for col in intro.OUTCOME_COLUMNS[3:]:
            df[col] = [suppress_small(viewer, int(v)) for v in df[col]]
    return df


def _opt(v) -> str | None:
    return str(v) if present(v) else None
