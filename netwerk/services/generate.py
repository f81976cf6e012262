"""Synthetic networks at scale: ``netwerk generate --persons N --activities M --seed S``.

:func:`generate_changeset` builds a realistic, fully invented network as a
:class:`~netwerk.domain.ChangeSet` (every row a validated domain model, exactly as the
importer produces them); :func:`generate` writes it into a store through the importer's
write path (:meth:`~netwerk.store.base.Store.apply`), in chunks.

What is generated (all invented; any resemblance to real people or organisations is
coincidental):

- areas: gemeenten, wijken and buurten with invented CBS-pattern codes (``GM9001``,
  ``WK900101``, ``BU90010101``; CBS's own codes stay below ``GM2000``), invented names
  marked ``name_uncertain``; about 250 persons per buurt, 8 buurten per wijk, at most
  20 wijken per gemeente;
- organisations in every sector of ``graph_schema.SECTORS`` (one gemeente organisation
  per gemeente), about one per ten professionals;
- persons: ~10% professionals (Dutch-looking invented names, particles such as
  "van der" included; a role title; a wijk team), ~1% bestuurders, ~5% volunteers and
  residents (the rest). Residents and volunteers are pseudonyms only (``Bewoner 123``,
  ``Vrijwilliger 45``): no names, no consent, no contact details;
- groups: bewonersgroepen per buurt (15-30 residents, volunteers and one professional),
  a kernteam and werkgroepen of professionals per wijk, a bestuurlijk overleg per gemeente;
- activities of every kind over four years (2022-2025, weekdays, Europe/Amsterdam
  wall-clock times resolved as the importer resolves them): straatgesprekken of 2-4
  people (professionals of the wijk with residents of the buurt), meetings of 6-25 drawn
  mostly from the recurring groups, so ties repeat; 1-3 themes each (buurten have
  favourite themes);
- KNOWS ties (colleagues and acquaintances reported at the nulmeting), two survey
  rounds (nulmeting 2022, jaarevaluatie 2025) with PARTNER ratings between organisations
  (trust mostly growing), and commitments (hours per month) of organisations.

Guideline sizes (``activities = 2 * persons``): 1,000 / 10,000 / 50,000 persons; 50,000
persons give about a million participations (run ``python -m netwerk.services.generate`` to print
the counts and the number of ties in the social graph).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import graph_schema as gs
from netwerk.access import Viewer, require_role
from netwerk.domain import (
    Activity,
    ActivityTheme,
    Area,
    ChangeSet,
    Commitment,
    Group,
    InputError,
    Knows,
    Membership,
    Organisation,
    Participation,
    Person,
    Rating,
    SurveyRound,
    Theme,
    WorksFor,
)
from netwerk.ingest.parse import parse_datetime
from netwerk.store.base import CHANGESET_SCHEMA, Store
from netwerk.text import counted, fmt_int

__all__ = ["DEFAULT_CHUNK_ROWS", "MIN_PERSONS", "GenerateReport", "apply_in_chunks", "generate", "generate_changeset",
           "split_in_chunks"]

MIN_PERSONS = 30
"""The smallest network :func:`generate_changeset` makes (every kind of person present)."""

DEFAULT_CHUNK_ROWS = 20_000
"""Rows per transaction when writing to Neo4j: a 512 MB test server fails at about
177,000 rows in one transaction (``dbms.memory.transaction.total.max``)."""

FIRST_YEAR, LAST_YEAR = 2022, 2025

_FIRST_NAMES = (
    "Anna", "Bas", "Daan", "Eva", "Fleur", "Gert", "Hanneke", "Ingrid", "Jeroen", "Karin", "Lotte", "Marieke",
    "Niels", "Noor", "Pieter", "Roos", "Sander", "Sanne", "Thijs", "Willemijn", "Yvonne", "Joost", "Femke",
    "Martijn", "Esther", "Ruud", "Anouk", "Koen", "Mehmet", "Aylin", "Fatima", "Youssef", "Priya", "Sevda",
    "Gerrit", "Henk", "Jolanda", "Marloes", "Wouter", "Tineke", "Rik", "Lisa", "Mark", "Inge", "Bram", "Eline",
    "Hendrik", "Miriam", "Ahmed", "Samira", "Dewi", "Kees", "Ilse", "Tom", "Judith", "Erik", "Petra", "Frank",
)
_PARTICLES = ("", "", "", "", "", "van", "van der", "van den", "de", "ter", "van 't", "te", "in 't")
_SURNAMES = (
    "Jansen", "Veen", "Berg", "Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Dijkstra",
    "Haar", "Wit", "Brink", "Linden", "Heuvel", "Hofstede", "Kamphuis", "Wolters", "Nijenhuis", "Schuurman",
    "Lubbers", "Wessels", "Haverkamp", "Brouwer", "Kok", "Peters", "Hendriks", "Dekker", "Graaf", "Meer",
    "Bosch", "Leeuw", "Klein Gunnewiek", "Oude Luttikhuis", "Öztürk", "Demir", "El Idrissi", "Yılmaz", "Bouzid",
    "Jonkman", "Weustink", "Pieterse", "Zwiers", "Meijerink", "Hul", "Horst", "Wiel", "Kolk",
)
_ROLE_TITLES: dict[str, tuple[str, ...]] = {
    "gemeente": ("wijkregisseur", "procesbegeleider", "beleidsmedewerker sociaal domein", "handhaver (boa)"),
    "woningcorporatie": ("woonconsulent", "wijkbeheerder", "huismeester"),
    "welzijn": ("opbouwwerker", "jongerenwerker", "ouderenwerker", "buurtsportcoach", "maatschappelijk werker"),
    "zorg": ("wijkverpleegkundige", "casemanager dementie", "praktijkondersteuner"),
    "politie": ("wijkagent",),
    "onderwijs": ("intern begeleider", "leerkracht", "schoolmaatschappelijk werker"),
    "jeugd": ("jeugdconsulent", "CJG-medewerker"),
    "bewonersorganisatie": ("coördinator buurthuis",),
    "vereniging": ("verenigingsondersteuner",),
    "ondernemer": ("centrummanager",),
    "levensbeschouwing": ("pastoraal werker",),
    "overig": ("medewerker",),
}
_BESTUURDER_TITLES = ("directeur", "directeur-bestuurder", "regiomanager", "teamchef", "bestuurder")
_SKILLS = ("abcd", "deep_democracy", "mediation", "huisbezoek", "sport", "schuldhulp", "Turks", "Arabisch",
           "organiseren", "data-analyse", "dementie", "opvoedondersteuning")
# Share of organisations per sector (one gemeente organisation per gemeente comes on top).
_SECTOR_WEIGHTS = {
    "welzijn": 0.20, "zorg": 0.18, "onderwijs": 0.12, "woningcorporatie": 0.08, "jeugd": 0.08, "vereniging": 0.08,
    "bewonersorganisatie": 0.07, "ondernemer": 0.06, "politie": 0.05, "levensbeschouwing": 0.04, "overig": 0.04,
}
_ORG_PREFIX = {
    "gemeente": "Gemeente", "welzijn": "Welzijn", "zorg": "Thuiszorg", "onderwijs": "Kindcentrum",
    "woningcorporatie": "Woonstichting", "jeugd": "Jeugdkracht", "vereniging": "Sportvereniging",
    "bewonersorganisatie": "Bewonersvereniging", "ondernemer": "Ondernemerskring", "politie": "Basisteam Politie",
    "levensbeschouwing": "Huiskamer", "overig": "Stichting",
}
_PLACE_A = ("Heide", "Bos", "Veld", "Beek", "Linde", "Eiken", "Water", "Molen", "Hooi", "Zand", "Kamp", "Esch",
            "Brinken", "Vlier", "Dorpen", "Wilgen")
_PLACE_B = ("dal", "rijk", "hoven", "oord", "horst", "kamp", "wijk", "veen", "lo", "huizen", "rode", "stede")
_ACTIVITY_KINDS = {  # kind -> share of activities
    "straatgesprek": 0.40, "bewonersbijeenkomst": 0.25, "professionalsoverleg": 0.15, "overig": 0.07,
    "introductie": 0.06, "evaluatie": 0.04, "bestuurdersoverleg": 0.03,
}
_METHODS = ((), ("deep_democracy",), ("abcd",), ("abcd", "deep_democracy"))
_THEMES = tuple(gs.THEMES)


@dataclass
class _World:
    """Indices built while generating (positions into the person/org/area lists)."""

    gemeenten: list[str] = field(default_factory=list)
    wijken: list[str] = field(default_factory=list)
    wijk_gemeente: list[int] = field(default_factory=list)
    buurten: list[str] = field(default_factory=list)
    buurt_wijk: list[int] = field(default_factory=list)
    buurt_names: list[str] = field(default_factory=list)
    buurt_themes: list[tuple[str, ...]] = field(default_factory=list)
    org_ids: list[str] = field(default_factory=list)
    org_gemeente: list[int] = field(default_factory=list)
    wijk_team: list[list[str]] = field(default_factory=list)  # professionals per wijk
    buurt_residents: list[list[str]] = field(default_factory=list)  # residents and volunteers per buurt
    gemeente_bestuurders: list[list[str]] = field(default_factory=list)
    prof_org: dict[str, str] = field(default_factory=dict)


def generate_changeset(persons: int, activities: int, seed: int = 0) -> ChangeSet:
    """A realistic synthetic network of ``persons`` persons and ``activities`` activities.

    Parameters
    ----------
    persons : int
        Number of persons (at least :data:`MIN_PERSONS`).
    activities : int
        Number of activities (at least 1); the benchmarks use ``2 * persons``.
    seed : int, default 0
        Seed of the ``numpy.random.Generator``: the same arguments give an identical
        ChangeSet, in any process.

    Returns
    -------
    ChangeSet
        Every row a validated domain model (as imported data), referentially complete:
        organisations, persons, groups, themes (the vocabulary), activities, areas, survey
        rounds, commitments, works_for, memberships, participations, activity_themes,
        knows and ratings; no assets. What is generated is described in the module
        docstring.

    Raises
    ------
    InputError
        If ``persons < MIN_PERSONS`` or ``activities < 1``.
    """
    if persons < MIN_PERSONS:
        raise InputError(f"Minstens {MIN_PERSONS} personen nodig (gevraagd: {persons}).")
    if activities < 1:
        raise InputError(f"Minstens 1 activiteit nodig (gevraagd: {activities}).")
    rng = np.random.default_rng(seed)
    cs = ChangeSet()
    w = _World()
    _areas(rng, persons, cs, w)
    _organisations(rng, persons, cs, w)
    _persons(rng, persons, cs, w)
    groups = _groups(rng, cs, w)
    cs.themes = [Theme(name=name, category=cat) for name, cat in gs.THEMES.items()]
    _activities(rng, activities, cs, w, groups)
    _knows(rng, cs, w)
    _survey(rng, cs, w)
    return cs


# --- areas and organisations -------------------------------------------------------------


def _place(rng: np.random.Generator) -> str:
    return f"{_PLACE_A[rng.integers(len(_PLACE_A))]}{_PLACE_B[rng.integers(len(_PLACE_B))]}"


def _areas(rng: np.random.Generator, persons: int, cs: ChangeSet, w: _World) -> None:
    n_buurten = max(2, round(persons / 250))
    n_wijken = math.ceil(n_buurten / 8)
    n_gemeenten = math.ceil(n_wijken / 20)
    for g in range(n_gemeenten):
        gm = f"{9001 + g:04d}"
        w.gemeenten.append(f"GM{gm}")
        cs.areas.append(Area(code=f"GM{gm}", name=_place(rng), name_uncertain=True))
    for k in range(n_wijken):
        g = k // 20
        code = f"WK{w.gemeenten[g][2:]}{k % 20 + 1:02d}"
        w.wijken.append(code)
        w.wijk_gemeente.append(g)
        cs.areas.append(Area(code=code, name=f"Wijk {_place(rng)}", name_uncertain=True))
    for b in range(n_buurten):
        k = b // 8
        code = f"BU{w.wijken[k][2:]}{b % 8 + 1:02d}"
        name = _place(rng)
        w.buurten.append(code)
        w.buurt_wijk.append(k)
        w.buurt_names.append(name)
        w.buurt_themes.append(tuple(_THEMES[i] for i in rng.choice(len(_THEMES), 3, replace=False)))
        cs.areas.append(Area(code=code, name=name, name_uncertain=True))


def _organisations(rng: np.random.Generator, persons: int, cs: ChangeSet, w: _World) -> None:
    n_other = max(11, round(persons * 0.10 / 10))
    sectors = list(_SECTOR_WEIGHTS)
    p = np.array(list(_SECTOR_WEIGHTS.values()))
    drawn = ["gemeente"] * len(w.gemeenten) + [sectors[i] for i in rng.choice(len(sectors), n_other, p=p / p.sum())]
    drawn[len(w.gemeenten):len(w.gemeenten) + len(sectors)] = sectors  # every sector at least once
    for i, sector in enumerate(drawn):
        g = i if sector == "gemeente" and i < len(w.gemeenten) else int(rng.integers(len(w.gemeenten)))
        org_id = f"org{i + 1:04d}"
        name = f"Gemeente {cs.areas[g].name}" if sector == "gemeente" else f"{_ORG_PREFIX[sector]} {_place(rng)}"
        cs.organisations.append(Organisation(org_id=org_id, name=name, sector=sector))
        w.org_ids.append(org_id)
        w.org_gemeente.append(g)


# --- persons --------------------------------------------------------------------------------


def _name(rng: np.random.Generator) -> str:
    particle = _PARTICLES[rng.integers(len(_PARTICLES))]
    parts = [_FIRST_NAMES[rng.integers(len(_FIRST_NAMES))], particle, _SURNAMES[rng.integers(len(_SURNAMES))]]
    return " ".join(p for p in parts if p)


def _day(rng: np.random.Generator, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dt.date:
    start = dt.date(first, 1, 1)
    return start + dt.timedelta(days=int(rng.integers((dt.date(last, 12, 31) - start).days + 1)))


def _persons(rng: np.random.Generator, persons: int, cs: ChangeSet, w: _World) -> None:
    n_prof = max(6, round(persons * 0.10))
    n_best = max(3, round(persons * 0.01))
    n_vol = max(2, round(persons * 0.05))
    n_res = persons - n_prof - n_best - n_vol
    sectors = {o.org_id: o.sector for o in cs.organisations}
    w.wijk_team = [[] for _ in w.wijken]
    w.buurt_residents = [[] for _ in w.buurten]
    w.gemeente_bestuurders = [[] for _ in w.gemeenten]
    n_orgs = len(w.org_ids)
    wijken_of = [[k for k, g in enumerate(w.wijk_gemeente) if g == gi] for gi in range(len(w.gemeenten))]
    pid = 0

    def next_id() -> str:
        nonlocal pid
        pid += 1
        return f"p{pid:06d}"

    # Organisation sizes vary (a few large ones): a Zipf-like weight per organisation.
    weights = 1.0 / np.arange(1, n_orgs + 1) ** 0.6
    weights = weights[rng.permutation(n_orgs)]
    employers = rng.choice(n_orgs, n_prof, p=weights / weights.sum())
    employers[:n_orgs] = np.arange(min(n_orgs, n_prof))  # every organisation has someone
    for i in range(n_prof):
        person_id = next_id()
        o = int(employers[i])
        org = w.org_ids[o]
        name = _name(rng)
        local = name.lower().replace(" ", "").replace("'", "")
        n_skills = int(rng.integers(0, 3))
        cs.persons.append(Person(
            person_id=person_id, kind="professional", display_name=name,
            role_title=_ROLE_TITLES[sectors[org]][rng.integers(len(_ROLE_TITLES[sectors[org]]))],
            skills=tuple(sorted(_SKILLS[j] for j in rng.choice(len(_SKILLS), n_skills, replace=False))),
            email=f"{local}@{org}.example",
        ))
        since = _day(rng, 2012, LAST_YEAR - 1)
        cs.works_for.append(WorksFor(person_id=person_id, org_id=org, since=since))
        if rng.random() < 0.03:  # a few work for two organisations
            other = w.org_ids[int(rng.integers(n_orgs))]
            if other != org:
                cs.works_for.append(WorksFor(person_id=person_id, org_id=other, since=_day(rng)))
        w.prof_org[person_id] = org
        own = wijken_of[w.org_gemeente[o]]
        w.wijk_team[own[int(rng.integers(len(own)))]].append(person_id)
    for k, team in enumerate(w.wijk_team):  # every wijk has a team of at least two
        while len(team) < 2:
            team.append(cs.persons[int(rng.integers(n_prof))].person_id)
            w.wijk_team[k] = list(dict.fromkeys(team))
    for i in range(n_best):
        person_id = next_id()
        o = i % n_orgs
        cs.persons.append(Person(person_id=person_id, kind="bestuurder", display_name=_name(rng),
                                 role_title="wethouder" if sectors[w.org_ids[o]] == "gemeente" else
                                 _BESTUURDER_TITLES[rng.integers(len(_BESTUURDER_TITLES))]))
        cs.works_for.append(WorksFor(person_id=person_id, org_id=w.org_ids[o], since=_day(rng, 2015, FIRST_YEAR)))
        w.gemeente_bestuurders[w.org_gemeente[o]].append(person_id)
    local_orgs = [i for i, o in enumerate(cs.organisations) if o.sector in ("vereniging", "bewonersorganisatie")]
    # Residents cluster unevenly over buurten.
    buurt_weight = rng.gamma(4.0, 1.0, len(w.buurten))
    buurt_of = rng.choice(len(w.buurten), n_vol + n_res, p=buurt_weight / buurt_weight.sum())
    buurt_of[:len(w.buurten)] = np.arange(min(len(w.buurten), n_vol + n_res))
    for i in range(n_vol + n_res):
        person_id = next_id()
        b = int(buurt_of[i])
        volunteer = i < n_vol
        kind = "volunteer" if volunteer else "resident"
        label = f"Vrijwilliger {i + 1}" if volunteer else f"Bewoner {i - n_vol + 1}"
        cs.persons.append(Person(person_id=person_id, kind=kind, pseudonym=label, buurt_code=w.buurten[b]))
        w.buurt_residents[b].append(person_id)
        if volunteer and local_orgs and rng.random() < 0.5:
            org = w.org_ids[local_orgs[int(rng.integers(len(local_orgs)))]]
            cs.works_for.append(WorksFor(person_id=person_id, org_id=org, since=_day(rng)))


# --- groups ---------------------------------------------------------------------------------


@dataclass
class _Groups:
    """Recurring groups: most meetings draw their attendance from one of these, so the
    same people meet again and ties repeat (distinct ties stay near 5 per person)."""

    bewoners: list[tuple[str, int, list[str], str]] = field(default_factory=list)  # (group_id, buurt, members, professional)
    teams: list[tuple[str, int, list[str]]] = field(default_factory=list)  # (group_id, wijk, members)
    overleg: list[tuple[str, int, list[str]]] = field(default_factory=list)  # (group_id, gemeente, members)
    street: list[list[str]] = field(default_factory=list)  # per buurt: the professionals who do its straatgesprekken
    regulars: list[np.ndarray] = field(default_factory=list)  # per buurt: how often each resident is met in the street


def _sample(rng: np.random.Generator, pool: list[str], k: int) -> list[str]:
    k = min(k, len(pool))
    return [pool[i] for i in rng.choice(len(pool), k, replace=False)] if k else []


def _partition(rng: np.random.Generator, pool: list[str], low: int, high: int) -> list[list[str]]:
    """``pool`` shuffled and cut into parts of ``low``..``high`` members (a smaller pool is one part)."""
    order = [pool[i] for i in rng.permutation(len(pool))]
    parts, start = [], 0
    while start < len(order):
        size = int(rng.integers(low, high + 1))
        if len(order) - start - size < low:  # the rest would be too small: take it too
            size = len(order) - start
        parts.append(order[start:start + size])
        start += size
    return parts


def _groups(rng: np.random.Generator, cs: ChangeSet, w: _World) -> _Groups:
    out = _Groups()
    n = 0

    def add(name: str, kind: str, members: list[str]) -> str:
        nonlocal n
        n += 1
        group_id = f"g{n:05d}"
        cs.groups.append(Group(group_id=group_id, name=name, kind=kind))
        for person_id in members:
            cs.memberships.append(Membership(person_id=person_id, group_id=group_id, since=_day(rng, FIRST_YEAR, FIRST_YEAR + 1)))
        return group_id

    for b, residents in enumerate(w.buurt_residents):
        team = w.wijk_team[w.buurt_wijk[b]]
        # About 40% of the residents are in one bewonersgroep of 10-25; the others are met in the street.
        engaged = residents[: max(1, round(len(residents) * 0.4))]
        for j, members in enumerate(_partition(rng, engaged, 10, 25)):
            pro = _sample(rng, team, 1)
            theme = w.buurt_themes[b][j % 3]
            gid = add(f"Bewonersgroep {theme.capitalize()} {w.buurt_names[b]} {j + 1}", "bewonersgroep", members + pro)
            out.bewoners.append((gid, b, members, pro[0]))
        out.street.append(_sample(rng, team, int(rng.integers(2, 5))))
        out.regulars.append(1.0 / np.arange(1, len(residents) + 1) ** 1.0)
    for k, team in enumerate(w.wijk_team):
        for j, members in enumerate(_partition(rng, team, 10, 25)):
            kind, name = ("kernteam", f"Kernteam {w.wijken[k]}") if j == 0 else ("werkgroep", f"Werkgroep {j} {w.wijken[k]}")
            out.teams.append((add(name, kind, members), k, members))
    for g, bestuurders in enumerate(w.gemeente_bestuurders):
        for j, members in enumerate(_partition(rng, bestuurders, 6, 20)):
            out.overleg.append((add(f"Bestuurlijk overleg {cs.areas[g].name} {j + 1}", "overleg", members), g, members))
    return out


# --- activities -----------------------------------------------------------------------------


_HOURS = {"straatgesprek": ("10:00", "11:30", "14:00", "15:30"), "bestuurdersoverleg": ("15:00", "16:00")}
_MEETING_HOURS = ("09:30", "13:30", "19:30")


def _when(rng: np.random.Generator, kind: str) -> dt.datetime:
    day = _day(rng)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    if day.year > LAST_YEAR:
        day -= dt.timedelta(days=3)
    hours = _HOURS.get(kind, _MEETING_HOURS)
    # Wall-clock text through the importer's parser: the same DST-safe resolution as imported data.
    when = parse_datetime(f"{day.isoformat()}T{hours[rng.integers(len(hours))]}")
    assert when is not None  # the text is a valid date and time
    return when


def _attending(rng: np.random.Generator, members: list[str], low: int, high: int) -> list[str]:
    """Most of a group attends (60-95%), within ``low``..``high`` people."""
    k = round(len(members) * rng.uniform(0.6, 0.95))
    return _sample(rng, members, max(min(low, len(members)), min(high, k)))


def _activities(rng: np.random.Generator, n: int, cs: ChangeSet, w: _World, groups: _Groups) -> None:
    kinds = list(_ACTIVITY_KINDS)
    p = np.array(list(_ACTIVITY_KINDS.values()))
    drawn = [kinds[i] for i in rng.choice(len(kinds), n, p=p / p.sum())]
    if not groups.overleg:
        drawn = ["overig" if k == "bestuurdersoverleg" else k for k in drawn]
    group_names = {g.group_id: g.name for g in cs.groups}
    for i, kind in enumerate(drawn):
        activity_id = f"a{i + 1:07d}"
        buurt: int | None = None
        methods: tuple[str, ...] = ()
        anonymous = None
        if kind == "straatgesprek":
            buurt = int(rng.integers(len(w.buurten)))
            residents, weights = w.buurt_residents[buurt], groups.regulars[buurt]
            pros = _sample(rng, groups.street[buurt], 1 if rng.random() < 0.7 else 2)
            k = min(len(residents), int(rng.integers(1, 3)))
            people = pros + [residents[j] for j in rng.choice(len(residents), k, replace=False, p=weights / weights.sum())]
            title = f"Straatgesprek {w.buurt_names[buurt]}"
            anonymous = int(rng.integers(1, 4)) if rng.random() < 0.2 else None
        elif kind in ("bewonersbijeenkomst", "evaluatie", "overig"):
            gid, buurt, members, pro = groups.bewoners[int(rng.integers(len(groups.bewoners)))]
            if kind == "overig":
                people = [pro] + _sample(rng, members, int(rng.integers(3, 10)))
                title = f"Buurtactiviteit {w.buurt_names[buurt]}"
            else:
                people = [pro] + _attending(rng, members, 5, 24 if kind == "bewonersbijeenkomst" else 20)
                title = f"Bijeenkomst {group_names[gid]}" if kind == "bewonersbijeenkomst" else f"Evaluatie {group_names[gid]}"
                if kind == "evaluatie":  # the buurt's street team evaluates with the group
                    people += groups.street[buurt]
                methods = _METHODS[rng.integers(len(_METHODS))]
        elif kind in ("professionalsoverleg", "introductie"):
            gid, _wijk, members = groups.teams[int(rng.integers(len(groups.teams)))]
            if kind == "introductie":
                people = _sample(rng, members, int(rng.integers(2, 7)))
                title = f"Introductie buurtaanpak {group_names[gid]}"
            else:
                people = _attending(rng, members, 6, 25)
                title = f"Overleg {group_names[gid]}"
                methods = _METHODS[rng.integers(len(_METHODS))]
        else:  # bestuurdersoverleg
            gid, _g, members = groups.overleg[int(rng.integers(len(groups.overleg)))]
            people = _attending(rng, members, 6, 20)
            title = f"Bestuurdersoverleg {group_names[gid]}"
        buurt_code = w.buurten[buurt] if buurt is not None else None
        cs.activities.append(Activity(activity_id=activity_id, kind=kind, date=_when(rng, kind), buurt_code=buurt_code,
                                      title=title, methods=methods, anonymous_participants=anonymous))
        people = list(dict.fromkeys(people))
        organiser = next((q for q in people if q in w.prof_org), people[0] if people else None)
        cs.participations.extend(
            Participation(activity_id=activity_id, person_id=q, role="organiser" if q == organiser else "participant")
            for q in people)
        favourite = w.buurt_themes[buurt] if buurt is not None else _THEMES
        for theme in dict.fromkeys(favourite[j] for j in rng.integers(len(favourite), size=int(rng.integers(1, 4)))):
            cs.activity_themes.append(ActivityTheme(activity_id=activity_id, theme=theme))


# --- knows, survey rounds, ratings, commitments -------------------------------------------


def _knows(rng: np.random.Generator, cs: ChangeSet, w: _World) -> None:
    pairs: dict[tuple[str, str], Knows] = {}
    by_org: dict[str, list[str]] = {}
    for person_id, org in w.prof_org.items():
        by_org.setdefault(org, []).append(person_id)
    for team in w.wijk_team:
        for person_id in team:
            colleagues = by_org[w.prof_org[person_id]]
            for other in _sample(rng, colleagues, 2) + _sample(rng, team, 1):
                if other != person_id:
                    pairs.setdefault((person_id, other), Knows(
                        from_id=person_id, to_id=other, source="nulmeting", since=_day(rng, 2015, FIRST_YEAR),
                        count=int(rng.integers(1, 3))))
    for b, residents in enumerate(w.buurt_residents):  # some residents name a neighbour or professional
        team = w.wijk_team[w.buurt_wijk[b]]
        for person_id in _sample(rng, residents, len(residents) // 20):
            other = _sample(rng, team if rng.random() < 0.5 else residents, 1)[0]
            if other != person_id:
                pairs.setdefault((person_id, other), Knows(from_id=person_id, to_id=other, source="gemeld", since=_day(rng)))
    cs.knows = list(pairs.values())


def _survey(rng: np.random.Generator, cs: ChangeSet, w: _World) -> None:
    first, last = f"nulmeting-{FIRST_YEAR}", f"jaarevaluatie-{LAST_YEAR}"
    cs.survey_rounds = [
        SurveyRound(round_id=first, name=f"Nulmeting {FIRST_YEAR}", date=dt.date(FIRST_YEAR, 2, 15)),
        SurveyRound(round_id=last, name=f"Jaarevaluatie {LAST_YEAR}", date=dt.date(LAST_YEAR, 12, 10)),
    ]
    freqs = list(gs.CONTACT_FREQUENCIES)
    n = len(w.org_ids)
    by_gemeente = [[i for i in range(n) if w.org_gemeente[i] == g] for g in range(len(w.gemeenten))]
    for i, rater in enumerate(w.org_ids):
        local = [j for j in by_gemeente[w.org_gemeente[i]] if j != i]
        partners = _sample(rng, [w.org_ids[j] for j in local], int(rng.integers(3, 9)))
        for rated in partners:
            base = rng.integers(1, 4, size=6)
            level = int(rng.integers(0, 3))
            both = rng.random() < 0.8
            rounds = [(first, base, level)] + ([(last, np.minimum(4, base + rng.integers(0, 2, size=6)), min(4, level + 1))]
                                               if both else [])
            for round_id, scores, lvl in rounds:
                cs.ratings.append(Rating(
                    round_id=round_id, rater_id=rater, rater_type="organisation", rated_id=rated, rated_type="organisation",
                    **{item: int(s) for item, s in zip(gs.RATING_ITEMS, scores, strict=True)},
                    himmelman_level=lvl, contact_frequency=freqs[min(len(freqs) - 1, 1 + lvl)]))
        if rng.random() < 0.6:
            cs.commitments.append(Commitment(
                commitment_id=f"t{i + 1:05d}", org_id=rater, description="Inzet voor de buurtaanpak",
                hours_per_month=float(4 * rng.integers(1, 11)), date=dt.date(FIRST_YEAR, 3, 1)))


# --- writing --------------------------------------------------------------------------------


_DUTCH = {"organisations": "organisaties", "persons": "personen", "groups": "groepen", "activities": "activiteiten"}


@dataclass
class GenerateReport:
    """What :func:`generate` wrote: rows per ChangeSet field, and the number of transactions."""

    counts: dict[str, int]
    transactions: int

    def summary(self) -> str:
        """Dutch one-paragraph summary for the command line."""
        c = {k: fmt_int(v) for k, v in self.counts.items()}
        return (f"Gegenereerd: {c['persons']} personen, {c['organisations']} organisaties, {c['activities']} "
                f"activiteiten, {c['participations']} deelnames, {c['knows']} kent-relaties, {c['ratings']} "
                f"beoordelingen ({fmt_int(sum(self.counts.values()))} rijen in "
                f"{counted(self.transactions, 'transactie', 'transacties')}).")


def split_in_chunks(cs: ChangeSet, chunk_rows: int | None) -> list[ChangeSet]:
    """Slices of ``cs`` of at most ``chunk_rows`` rows, nodes before relationships
    (the order of :data:`CHANGESET_SCHEMA`), so every chunk's references exist."""
    if not chunk_rows:
        return [cs]
    out: list[ChangeSet] = []
    current, size = ChangeSet(), 0
    for fname in CHANGESET_SCHEMA:
        rows = getattr(cs, fname)
        start = 0
        while start < len(rows):
            take = min(chunk_rows - size, len(rows) - start)
            getattr(current, fname).extend(rows[start:start + take])
            start += take
            size += take
            if size == chunk_rows:
                out.append(current)
                current, size = ChangeSet(), 0
    if size:
        out.append(current)
    return out


def apply_in_chunks(viewer: Viewer, store: Store, cs: ChangeSet, chunk_rows: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Write ``cs`` with :meth:`Store.apply`, ``chunk_rows`` rows per transaction.

    Chunks follow :data:`CHANGESET_SCHEMA` (nodes first), so every chunk's references are
    already stored. NOT all-or-nothing: a failure leaves the chunks before it written.
    ``chunk_rows=None`` writes one transaction on SQLite (all-or-nothing) and chunks of
    :data:`DEFAULT_CHUNK_ROWS` on other stores. ``progress(done_rows, total_rows)`` is
    called after each chunk. Returns the number of transactions.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    StoreError
        If a chunk fails (earlier chunks stay written).
    """
    require_role(viewer, "coordinator")
    if chunk_rows is None and not store.url.startswith("sqlite"):
        chunk_rows = DEFAULT_CHUNK_ROWS
    total = sum(cs.counts().values())
    done = 0
    chunks = split_in_chunks(cs, chunk_rows)
    for chunk in chunks:
        store.apply(chunk)
        done += sum(chunk.counts().values())
        if progress is not None:
            progress(done, total)
    return len(chunks)


def generate(viewer: Viewer, store: Store, persons: int, activities: int, seed: int = 0,
             progress: Callable[[int, int], None] | None = None, chunk_rows: int | None = None,
             add_to_existing: bool = False) -> GenerateReport:
    """Generate a synthetic network (:func:`generate_changeset`) and write it into ``store``.

    Written through :meth:`Store.apply` (the importer's write path) by
    :func:`apply_in_chunks`: on Neo4j in transactions of ``chunk_rows`` rows (default
    :data:`DEFAULT_CHUNK_ROWS`), so a small server's transaction memory suffices. This
    is synthetic data, so a chunked write is NOT all-or-nothing (a failure leaves earlier
    chunks written; run it again: writes are idempotent). The importer stays
    all-or-nothing.

    Parameters
    ----------
    viewer : Viewer
        Must be a coordinator.
    store : Store
    persons, activities, seed
        As for :func:`generate_changeset`.
    progress : callable, optional
        ``progress(done_rows, total_rows)``, called once with ``(0, total)`` after
        generating and after every transaction.
    chunk_rows : int, optional
        Rows per transaction (None: one transaction on SQLite, 20,000 elsewhere).
    add_to_existing : bool, default False
        Write into a store that already holds a network. Generated ids (``org0001``,
        ``p000001``, ``g00001``, ``a0000001``, ...) are upserted: an existing row with
        the same id is overwritten.

    Returns
    -------
    GenerateReport
        Rows per ChangeSet field and the number of transactions.

    Raises
    ------
    PermissionDenied
        Unless ``viewer`` is a coordinator.
    InputError
        For too small sizes, or a store that already holds organisations, persons,
        groups or activities (unless ``add_to_existing``).
    StoreError
        If a write fails.
    """
    require_role(viewer, "coordinator")
    if not add_to_existing:
        held = {k: v for k, v in store.counts().items() if k in ("organisations", "persons", "groups", "activities") and v}
        if held:
            what = ", ".join(f"{fmt_int(v)} {_DUTCH[k]}" for k, v in held.items())
            raise InputError(f"De store is niet leeg ({what}). Kies een lege store, of voeg toe met --toevoegen "
                             "(rijen met dezelfde id worden dan overschreven).")
    cs = generate_changeset(persons, activities, seed)
    counts = cs.counts()
    if progress is not None:
        progress(0, sum(counts.values()))
    transactions = apply_in_chunks(viewer, store, cs, chunk_rows, progress)
    return GenerateReport(counts=counts, transactions=transactions)


def _main() -> None:  # python -m netwerk.services.generate [persons] [activities]: counts and ties, for tuning
    import sys
    import tempfile
    import time

    from netwerk.analysis import social_graph
    from netwerk.bootstrap import open_store

    persons = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    acts = int(sys.argv[2]) if len(sys.argv) > 2 else 2 * persons
    t0 = time.perf_counter()
    cs = generate_changeset(persons, acts)
    t1 = time.perf_counter()
    print({k: v for k, v in cs.counts().items() if v}, f"{t1 - t0:.1f} s")
    with tempfile.TemporaryDirectory() as d:
        s = open_store(f"sqlite:///{d}/g.sqlite")
        t2 = time.perf_counter()
        s.apply(cs)
        t3 = time.perf_counter()
        G = social_graph(s.snapshot())
        t4 = time.perf_counter()
        print(f"apply {t3 - t2:.1f} s, snapshot+graph {t4 - t3:.1f} s: {G.number_of_nodes():,} nodes, "
              f"{G.number_of_edges():,} ties")
        s.close()


if __name__ == "__main__":
    _main()
