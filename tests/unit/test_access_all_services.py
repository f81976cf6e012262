"""Every public service function, called as every role, leaks no name it may not give.

The functions are found by inspecting the modules of :mod:`netwerk.services`: every public
function whose first parameter is ``viewer``. Each must have an entry in :data:`CALLS`
(sensible arguments, including hostile ones); a new service function without one fails
:func:`test_every_service_function_has_calls`, and so does a public function without a
viewer unless :data:`NO_VIEWER` names it with a reason.

The network holds a resident who consented to be named (``Geheime Bewonernaam``), a
pseudonymous resident, professionals, a volunteer and a bestuurder with distinctive
names (the professionals' e-mail addresses contain their surnames). Everything a call
returns (DataFrames, dataclasses, dicts, text, bytes incl. XLSX workbooks, plotly
figures, graphs) and every error message is scanned, case-insensitively:

- a bestuurder never receives a person's name or pseudonym;
- a professional never receives a resident's real name;
- PermissionDenied counts as passing (its message is scanned too).

The coordinator's calls must find the consented name somewhere, so the scan can fail.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import io
import pkgutil
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from pydantic import BaseModel

import netwerk.services
from netwerk import report as renderers
from netwerk.access import PermissionDenied, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import (
    AMSTERDAM,
    Activity,
    ActivityTheme,
    Area,
    Asset,
    ChangeSet,
    Commitment,
    Decision,
    Group,
    Knows,
    Lesson,
    Membership,
    NetwerkError,
    Organisation,
    Participation,
    Person,
    Plan,
    Rating,
    SnapshotFilter,
    SurveyRound,
    Theme,
    WorksFor,
)
from netwerk.services import privacy as privacy_service
from netwerk.services.audit import log_event
from netwerk.services.network_map import MapLimits
from netwerk.services.users import add_user

# --- the network --------------------------------------------------------------------------

RESIDENT_NAME = "Geheime Bewonernaam"
NAMED_PSEUDONYM = "Bewoner Merel"
PSEUDONYMOUS = "Bewoner Spreeuw"
PROFESSIONALS = {"p-zw": "Pim Zwaluwstaart", "p-kw": "Kim Kwartelkoning", "p-ij": "Ida IJsvogeltje"}
VOLUNTEER = "Vera Roodborst"
BESTUURDER_NAME = "Bas Boomklever"
BUURT = "BU01770100"

COORD = Viewer(user_id="coord", role="coordinator", person_id="p-ij")
PRO = Viewer(user_id="pim", role="professional", person_id="p-zw")
BEST = Viewer(user_id="bas", role="bestuurder", person_id="p-bb")
VIEWERS = (COORD, PRO, BEST)

# What each role may never receive (matched case-insensitively, surnames alone too, so an
# e-mail address such as pim.zwaluwstaart@... counts).
RESIDENT_TOKENS = {RESIDENT_NAME, "Bewonernaam"}
PERSON_TOKENS = RESIDENT_TOKENS | {NAMED_PSEUDONYM, PSEUDONYMOUS, "Merel", "Spreeuw", VOLUNTEER, "Roodborst",
                                   BESTUURDER_NAME, "Boomklever", *PROFESSIONALS.values(),
                                   "Zwaluwstaart", "Kwartelkoning", "IJsvogeltje"}
PERSON_IDS = {"p-zw", "p-kw", "p-ij", "v-rb", "p-bb", "r-named", "r-pseudo"}
FORBIDDEN = {"coordinator": set(), "professional": RESIDENT_TOKENS, "bestuurder": PERSON_TOKENS | PERSON_IDS}

HOSTILE = ("' OR '1'='1", "x'); DROP TABLE person; --", "MATCH (n) DETACH DELETE n //", "%", "*", "<script>alert(1)</script>")


def _when(month: int, day: int) -> dt.datetime:
    return dt.datetime(2025, month, day, 10, 0, tzinfo=AMSTERDAM)


def _ratings(round_id: str, trust: int) -> list[Rating]:
    items = dict(reliability=trust, mission=trust, openness=trust, power=3, involvement=3, resources=3)
    return [
        Rating(round_id=round_id, rater_id="p-zw", rater_type="person", rated_id="o-wel", rated_type="organisation",
               himmelman_level=2, **items),
        Rating(round_id=round_id, rater_id="p-kw", rater_type="person", rated_id="o-gem", rated_type="organisation",
               himmelman_level=3, **items),
        Rating(round_id=round_id, rater_id="p-ij", rater_type="person", rated_id="p-zw", rated_type="person",
               himmelman_level=1, **items),
        Rating(round_id=round_id, rater_id="p-zw", rater_type="person", rated_id="r-named", rated_type="person",
               himmelman_level=1, **items),
        Rating(round_id=round_id, rater_id="r-named", rater_type="person", rated_id="o-gem", rated_type="organisation",
               **items),
        Rating(round_id=round_id, rater_id="o-pol", rater_type="organisation", rated_id="o-wel", rated_type="organisation",
               himmelman_level=trust - 1, **items),
    ]


def network() -> ChangeSet:
    """The ChangeSet of the test network (see the module docstring)."""
    orgs = [Organisation(org_id="o-gem", name="Gemeente Voorbeeld", sector="gemeente"),
            Organisation(org_id="o-wel", name="Welzijn Voorbeeld", sector="welzijn"),
            Organisation(org_id="o-pol", name="Politie Voorbeeld", sector="politie")]
    persons = [Person(person_id=pid, kind="professional", display_name=name, role_title="opbouwwerker",
                      email=f"{name.split()[1].lower()}@voorbeeld.example", phone="0612345678", skills=("mediation",),
                      buurt_code=BUURT)
               for pid, name in PROFESSIONALS.items()]
    persons += [
        Person(person_id="v-rb", kind="volunteer", display_name=VOLUNTEER),
        Person(person_id="p-bb", kind="bestuurder", display_name=BESTUURDER_NAME, role_title="wethouder"),
        Person(person_id="r-named", kind="resident", pseudonym=NAMED_PSEUDONYM, display_name=RESIDENT_NAME,
               consent_named=True, consent_date=dt.date(2025, 1, 5), consent_scope="naam zichtbaar", buurt_code=BUURT),
        Person(person_id="r-pseudo", kind="resident", pseudonym=PSEUDONYMOUS, buurt_code=BUURT),
    ]
    works = [WorksFor(person_id="p-zw", org_id="o-gem"), WorksFor(person_id="p-kw", org_id="o-wel"),
             WorksFor(person_id="p-ij", org_id="o-pol"), WorksFor(person_id="p-bb", org_id="o-gem")]
    groups = [Group(group_id="g-kern", name="Kernteam Noord", kind="kernteam"),
              Group(group_id="g-bew", name="Bewonersgroep Noord", kind="bewonersgroep")]
    members = [Membership(person_id="p-zw", group_id="g-kern"), Membership(person_id="p-kw", group_id="g-kern"),
               Membership(person_id="r-named", group_id="g-bew"), Membership(person_id="r-pseudo", group_id="g-bew")]
    themes = [Theme(name=t) for t in ("groen", "jongeren", "veiligheid")]
    activities = [
        Activity(activity_id="a1", kind="professionalsoverleg", date=_when(2, 10), title="Kennismaking"),
        Activity(activity_id="a2", kind="straatgesprek", date=_when(3, 5), buurt_code=BUURT, anonymous_participants=2),
        Activity(activity_id="a3", kind="bewonersbijeenkomst", date=_when(5, 12), buurt_code=BUURT, title="Plannen"),
        Activity(activity_id="a4", kind="bestuurdersoverleg", date=_when(6, 20), title="Bestuur"),
        Activity(activity_id="a5", kind="straatgesprek", date=_when(8, 14), buurt_code=BUURT),
        Activity(activity_id="a6", kind="professionalsoverleg", date=_when(9, 1), title="Evaluatie"),
    ]
    attend = {"a1": ["p-zw", "p-kw", "p-ij", "v-rb"], "a2": ["p-zw", "r-named", "r-pseudo"],
              "a3": ["p-kw", "r-named", "v-rb", "r-pseudo"], "a4": ["p-bb", "p-zw"], "a5": ["p-ij", "r-pseudo"],
              "a6": ["p-kw", "p-ij"]}
    parts = [Participation(activity_id=a, person_id=p, role="organiser" if i == 0 else "participant")
             for a, people in attend.items() for i, p in enumerate(people)]
    links = [ActivityTheme(activity_id="a2", theme="veiligheid"), ActivityTheme(activity_id="a3", theme="groen"),
             ActivityTheme(activity_id="a3", theme="jongeren"), ActivityTheme(activity_id="a5", theme="jongeren")]
    knows = [Knows(from_id="p-zw", to_id="r-named", since=dt.date(2025, 3, 5)),
             Knows(from_id="p-kw", to_id="r-pseudo", since=dt.date(2025, 5, 12)),
             Knows(from_id="r-named", to_id="r-pseudo", since=dt.date(2025, 5, 12))]
    assets = [
        Asset(asset_id="b-1", category="contribution", name="Moestuinhulp", owner_id="r-named", visibility="openbaar",
              buurt_code=BUURT, themes=("groen",)),
        Asset(asset_id="b-2", category="place", name="Buurthuis", owner_id="o-wel", visibility="openbaar", buurt_code=BUURT),
        Asset(asset_id="b-3", category="contribution", name="Fietsreparatie", owner_id="r-pseudo", visibility="intern"),
        Asset(asset_id="b-4", category="association", name="Kernteam", owner_id="g-kern", visibility="openbaar"),
        Asset(asset_id="b-5", category="contribution", name="Taalles", owner_id="p-kw", visibility="openbaar"),
        Asset(asset_id="b-6", category="contribution", name="Kookclub", owner_id="v-rb", visibility="openbaar"),
    ]
    areas = [Area(code="GM0177", name="Raalte", level="gemeente", indicators={"AantalInwoners_5": 38000}),
             Area(code="WK017701", name="Raalte-Noord", level="wijk", indicators={"AantalInwoners_5": 6000}),
             Area(code=BUURT, name="Centrum", level="buurt", indicators={"AantalInwoners_5": 2500})]
    rounds = [SurveyRound(round_id="r1", name="Nulmeting", date=dt.date(2025, 3, 1)),
              SurveyRound(round_id="r2", name="Vervolgmeting", date=dt.date(2025, 9, 1))]
    commitments = [Commitment(commitment_id="c1", org_id="o-gem", hours_per_month=8, date=dt.date(2025, 1, 15),
                              description="Spreekuur"),
                   Commitment(commitment_id="c2", org_id="o-wel", hours_per_month=16, date=dt.date(2025, 4, 1))]
    decisions = [Decision(decision_id="d1", activity_id="a3", proposal="Een buurtmoestuin", votes_for=9, votes_against=2,
                          votes_abstain=1, minority_needs="Een proefjaar")]
    lessons = [Lesson(lesson_id="l1", activity_id="a3", text="Buren nodigen buren uit", themes=("groen",), author_id="p-zw"),
               Lesson(lesson_id="l2", activity_id="a2", text="Kort op straat werkt", author_id="r-named")]
    plans = [Plan(plan_id="pl1", title="Moestuin", group_id="g-bew", themes=("groen",), buurt_code=BUURT, status="lopend",
                  start_date=dt.date(2025, 5, 12))]
    return ChangeSet(organisations=orgs, persons=persons, groups=groups, activities=activities, themes=themes, assets=assets,
                     decisions=decisions, lessons=lessons, plans=plans,
                     areas=areas, survey_rounds=rounds, commitments=commitments, works_for=works, memberships=members,
                     participations=parts, activity_themes=links, knows=knows,
                     ratings=_ratings("r1", 2) + _ratings("r2", 4))


@pytest.fixture(scope="module")
def master_db(tmp_path_factory) -> Path:
    """A filled store file, built once; calls that write get a copy of it."""
    path = tmp_path_factory.mktemp("leaks") / "master.sqlite"
    s = open_store(f"sqlite:///{path}")
    s.apply(network())
    add_user(COORD, s, "coord", "coordinator", "wachtwoord-coord", display_name="Coördinator")
    add_user(COORD, s, "pim", "professional", "wachtwoord-pim1", display_name=PROFESSIONALS["p-zw"], person_id="p-zw")
    add_user(COORD, s, "bas", "bestuurder", "wachtwoord-bas1", display_name=BESTUURDER_NAME, person_id="p-bb")
    log_event(COORD, s, "view", "r-named", "netwerkkaart")
    s.close()
    return path


@pytest.fixture(scope="module")
def shared_store(master_db, tmp_path_factory):
    """A read-only copy for the calls that do not write."""
    path = tmp_path_factory.mktemp("leaks-ro") / "netwerk.sqlite"
    shutil.copy(master_db, path)
    s = open_store(f"sqlite:///{path}")
    yield s
    s.close()


# --- scanning -----------------------------------------------------------------------------


def strings(obj, depth: int = 0) -> Iterator[str]:  # noqa: C901
    """Every piece of text inside a service result."""
    if depth > 50 or obj is None or isinstance(obj, bool | int | float | dt.date | dt.time | np.number | np.bool_):
        return
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, bytes | bytearray):
        data = bytes(obj)
        if data[:4] == b"PK\x03\x04" and "[Content_Types].xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist():
            z = zipfile.ZipFile(io.BytesIO(data))  # a zip of files (CSV lists): every member is scanned
            for name in z.namelist():
                yield from strings(z.read(name), depth + 1)
        elif data[:4] == b"PK\x03\x04":  # an XLSX workbook
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            for ws in wb.worksheets:
                yield ws.title
                for row in ws.iter_rows(values_only=True):
                    yield from (str(v) for v in row if v is not None)
        else:
            yield data.decode("utf-8", "replace")
    elif isinstance(obj, pd.DataFrame):
        yield from (str(c) for c in obj.columns)
        yield from (str(i) for i in obj.index)
        for col in obj.columns:
            for v in obj[col]:
                yield from strings(v, depth + 1)
    elif isinstance(obj, pd.Series | pd.Index | np.ndarray):
        yield from (str(i) for i in getattr(obj, "index", ()))
        for v in list(obj):
            yield from strings(v, depth + 1)
    elif isinstance(obj, nx.Graph):
        for n, d in obj.nodes(data=True):
            yield from strings(n, depth + 1)
            yield from strings(d, depth + 1)
        for u, v, d in obj.edges(data=True):
            yield from strings((u, v, d), depth + 1)
    elif isinstance(obj, BaseModel):
        yield from strings(obj.model_dump(), depth + 1)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from strings(getattr(obj, f.name), depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k, depth + 1)
            yield from strings(v, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for v in obj:
            yield from strings(v, depth + 1)
    elif hasattr(obj, "to_json"):  # a plotly figure
        yield obj.to_json()
    else:
        yield str(obj)


def leaked(result, tokens: set[str]) -> set[str]:
    text = "\n".join(strings(result)).casefold()
    return {t for t in tokens if t.casefold() in text}


# --- the calls ------------------------------------------------------------------------------

# Public service functions without a viewer, and why that is safe.
NO_VIEWER: dict[str, str] = {
    "audit.privacy_writes_since": "answers only whether an erase/withdrawal/purge happened since a moment",
    "results.result_cache": "the process's cache of computed results; callers key it on the role's view",
    "results.forget": "removes cached results of a store (called by the erase services)",
    "results.results_dir": "pure: a folder name from a store URL",
    "users.is_demo_only": "answers only whether the store holds nothing but the public demo seed",
    "pseudonyms.looks_like_name": "pure text check of one given string",
    "pseudonyms.pseudonym_warning": "pure text check of given strings",
    "colleagues.fold": "pure text helper",
    "entry.new_token": "pure: a random form token",
    "entry.record_id": "pure: an id from a form token",
    "privacy.export_json": "formats an export_person result (coordinators only)",
    "trust.latest_period": "pure calendar arithmetic",
    "generate.split_in_chunks": "pure: slices a ChangeSet (once generate.py lives in services/)",
    "trust.narrative": "text from a MomentDiff the caller already holds",
    "trust.suppress": "pure small-count suppression and rounding of a frame",
    "trust.bestuurder_diff": "pure rounding of a MomentDiff the caller already holds (it only hides more)",
    "trust.default_rounds_in": "pure: round ids of a snapshot the caller already read for its viewer",
    "trust.round_view_in": "pure: a snapshot the caller already read for its viewer (round_view, report); level checked there",
    "trust.compare_rounds_in": "pure: a snapshot the caller already read for its viewer; compare_rounds/report round it",
    "survey.response_lines_in": "pure: text from round_response_rates, which the caller read for its viewer",
    "report.first_page": "pure: the first page from a report's figures, already as a bestuurder sees them",
    "report.read_logo": "reads the settings' logo file (bytes and a Dutch note); no data about persons",
    "trust.compare_periods_in": "pure: a snapshot the caller already read for its viewer; compare_periods/report round it",
    "trust.commitments_vs_participation_in": "pure: a snapshot the caller already read for its viewer; callers suppress",
    "network.actor_frame": "pure: measures of a snapshot the caller already read for its viewer (actor_table, maps)",
    "network.edge_frame": "pure: the edges of a graph the caller already holds",
    "network.organisation_names": "pure: organisation names of a snapshot the caller already holds",
    "network.with_role_titles": "pure: role titles from a snapshot the caller already read for its viewer",
    "areas.area_label": "pure text helper",
    "areas.area_name": "pure text helper: a code's display name from area_names",
    "areas.area_code": "pure text helper: the code of a typed area name, from area_names",
    "importing.import_files": "seeds and tests; netwerk import goes through import_paths (coordinators only)",
    "importing.prepare_files": "reads and validates files without writing; callers (exchange.preview_import) check the role",
    "importing.write_template": "writes an empty template file",
    "importing.template_help": "describes the templates",
    "seeding.seed": "through seed_dataset (coordinators only); tests",
    "seeding.seed_files": "lists the files of a seed",
    "seeding.seed_if_empty": "through seed_dataset (coordinators only); tests",
    "users.demo_accounts_active": "shown before sign-in; the demo accounts are public (README)",
    "users.sign_in_help": "shown before sign-in; names demo accounts or the first command only",
    "users.has_accounts": "shown before sign-in; says only whether any account exists",
    "users.refresh_viewer": "re-reads the signed-in viewer's own account; returns that viewer or None",
    "users.viewer_from_claims": "makes the viewer at sign-in",
    "network_map.aggregate_network": "pure: contracts a graph the caller already holds",
    "network_map.map_layout": "pure: positions for nodes and edges the caller already holds",
    "network_map.shown_ties": "pure: filters edges the caller already holds",
    "auth.normalise_user_id": "pure text helper",
    "auth.common_passwords": "the bundled list of common passwords",
    "auth.check_password_policy": "pure check of a given password",
    "auth.hash_password": "pure: hashes a given password",
    "auth.verify_password": "pure: checks a given password against a given hash",
    "auth.lockout_seconds": "pure arithmetic",
    "auth.authenticate": "makes the viewer at sign-in",
    "auth.role_from_claims": "pure: a role from sign-in claims",
    "generate.generate_changeset": "pure: fictional data, nothing read from a store",
    "growth_change.growth_change_in": "pure: a snapshot the caller already read for its viewer (growth_change, report)",
    "growth_change.resolve_moment_in": "pure: a moment from text and a snapshot the caller already read for its viewer",
    "growth_change.verdict": "pure: Dutch text from given numbers",
    "growth_change.describe": "text from a GrowthChange the caller already holds",
    "survey.hash_token": "pure: sha256 of a given token",
    "survey.new_links": "pure: random tokens",
    "survey.form_pages": "pure: pages of a Form the link holder already opened",
    "survey.open_form": "token-gated: the link holder's own form only (no account); tests/unit/test_services_survey.py",
    "survey.save_answers": "token-gated: writes only the link holder's own answers; tests/unit/test_services_survey.py",
    "survey.submit": "token-gated: submits only the link holder's own answers; tests/unit/test_services_survey.py",
}

Call = tuple[tuple, dict]
PROFESSIONAL_IDS = tuple(PROFESSIONALS)
ALL_PERSONS = (*PROFESSIONAL_IDS, "v-rb", "p-bb", "r-named", "r-pseudo", "nobody", HOSTILE[1])
FLT = SnapshotFilter()
HOSTILE_FLT = SnapshotFilter(organisations=HOSTILE, themes=HOSTILE, buurten=HOSTILE, sectors=HOSTILE)
NAME_FLT = SnapshotFilter(organisations=(RESIDENT_NAME,), themes=(RESIDENT_NAME,), buurten=(RESIDENT_NAME,))
DATED_FLT = SnapshotFilter(start=dt.date(2025, 3, 1), end=dt.date(2025, 6, 30), person_kinds=("resident",))
FILTERS = (None, FLT, HOSTILE_FLT, NAME_FLT, DATED_FLT)
_MAP_LIMITS = MapLimits(persons=3)  # the test network is above it: every aggregated view runs
Q1, Q3 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31)), (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
DAY = dt.date(2025, 10, 1)


def _each(*variants: Call) -> list[Call]:
    return list(variants)


def _a(*args, **kwargs) -> Call:
    return args, kwargs


_EXCHANGE_CSV = ("Label,Type,Notitie\n" + "\n".join(f'"{h}",professional,"{h}"' for h in HOSTILE)).encode()


def _exchange_plan(s):
    """A coordinator's prepared import of hostile elements (None when only counting calls)."""
    from netwerk.services.exchange import prepare_import

    return None if s is None else prepare_import(COORD, s, [("knopen.csv", _EXCHANGE_CSV)])


def _exchange_file() -> Path:
    path = Path(tempfile.mkdtemp()) / "knopen.csv"
    path.write_bytes(_EXCHANGE_CSV)
    return path


def _survey(s, survey_id: str = "E9") -> str:
    """An open survey for the evaluation calls (none when only counting calls)."""
    from netwerk.services import survey

    if s is not None and survey_id not in set(s.table("surveys")["survey_id"]):
        survey.create_survey(COORD, s, survey_id, "Evaluatie", DAY, DAY, [*PROFESSIONAL_IDS, "v-rb", "p-bb"],
                             ["o-wel", "p-zw"], list(survey.QUESTIONS))
    return survey_id


# Arguments after (viewer, store) per function; a `Callable[[store], list[Call]]` where the
# store is needed in the arguments (copy_store). WRITES get a fresh copy of the store.
CALLS: dict[str, Callable[[object], list[Call]]] = {
    "survey.respondent_choices": lambda s: _each(_a(s)),
    "survey.create_survey": lambda s: _each(
        _a(s, "E1", "Evaluatie", DAY, DAY, list(PROFESSIONAL_IDS), ["o-wel", "p-zw"], ["reliability", "open_goed"]),
        _a(s, "E2", "Evaluatie", DAY, DAY, ["r-named"], ["o-wel"], ["reliability"]),
        _a(s, "E3", "Evaluatie", DAY, DAY, ["p-zw"], ["r-named", HOSTILE[1]], ["reliability"])),
    "survey.reissue_link": lambda s: _each(_a(s, _survey(s), "p-zw"), _a(s, "E1", "r-named")),
    "survey.revoke_link": lambda s: _each(_a(s, _survey(s), "p-zw"), _a(s, "E1", "r-named")),
    "survey.links_file": lambda s: _each(_a(s, _survey(s), {"p-zw": "t", "v-rb": "u"}, "http://h"),
                                         _a(s, _survey(s), {"p-zw": "t"}, "http://h", fmt="xlsx")),
    "survey.surveys": lambda s: _each(_a(s)),
    "survey.response": lambda s: _each(_a(s, _survey(s)), _a(s, HOSTILE[1])),
    "survey.round_response_rates": lambda s: _each(_a(s)),
    "survey.close_survey": lambda s: _each(_a(s, _survey(s))),
    # areas
    "areas.areas": lambda s: _each(_a(s)),
    "areas.area_names": lambda s: _each(_a(s)),
    "areas.area_overview": lambda s: [_a(s, f) for f in FILTERS],
    # assets
    "assets.asset_inventory": lambda s: _each(_a(s), _a(s, ("contribution",), (BUURT,), ("groen",)),
                                              _a(s, HOSTILE, HOSTILE, HOSTILE)),
    "assets.asset_counts": lambda s: _each(_a(s), _a(s, ("contribution",), (BUURT,), ("groen",))),
    "assets.connectors": lambda s: [_a(s, f, None) for f in FILTERS],
    # audit
    "audit.audit_log": lambda s: _each(_a(s), _a(s, dt.datetime(2020, 1, 1, tzinfo=AMSTERDAM), None)),
    "audit.audit_csv": lambda s: _each(_a(s)),
    "audit.log_event": lambda s: _each(_a(s, "view", "r-named", "test")),
    # colleagues
    "colleagues.search_options": lambda s: _each(_a(s)),
    "colleagues.search_colleagues": lambda s: [
        _a(s), _a(s, RESIDENT_NAME), _a(s, "bewonernaam"), _a(s, "geheime"), _a(s, NAMED_PSEUDONYM), _a(s, "Zwaluwstaart"),
        _a(s, "zwaluwstaart@voorbeeld.example"), *[_a(s, h, (h,), (h,), (h,), (h,), (h,)) for h in HOSTILE],
        _a(s, "", ("groen",), (), (BUURT,), ("Welzijn Voorbeeld",), ("Bewonersgroep Noord",)),
    ],
    "colleagues.colleague_card": lambda s: [_a(s, p) for p in ALL_PERSONS],
    "colleagues.ego_map": lambda s: [_a(s, p, r) for p in ALL_PERSONS for r in (1, 2)],
    "colleagues.paths_to": lambda s: [_a(s, p) for p in ALL_PERSONS],
    "colleagues.introducers_for": lambda s: [_a(s, p) for p in ALL_PERSONS],
    "colleagues.suggestions": lambda s: [_a(s), *[_a(s, p) for p in ALL_PERSONS]],
    "colleagues.organisation_gaps": lambda s: _each(_a(s)),
    "colleagues.mark_introduction": lambda s: _each(
        _a(s, "p-kw", day=dt.date(2025, 4, 1)), _a(s, "p-ij", person_id="p-kw", day=dt.date(2025, 4, 2)),
        _a(s, "r-named"), _a(s, HOSTILE[1])),
    "colleagues.introductions_made": lambda s: _each(_a(s)),
    "colleagues.introduction_outcomes": lambda s: _each(_a(s), _a(s, "month")),
    "growth_change.growth_change": lambda s: _each(
        _a(s, "r1", "r2"), _a(s, "2025-01", "2025-06"), _a(s, "2025-K1", "2025-K2", level="person"),
        _a(s, RESIDENT_NAME, "r2"), _a(s, HOSTILE[1], "2025")),
    "growth_change.moment_choices": lambda s: _each(_a(s)),
    # copying
    "copying.read_changeset": lambda s: _each(_a(s)),
    "copying.copy_store": lambda s: _each(_a(s, open_store(f"sqlite:///{tempfile.mkdtemp()}/doel.sqlite"))),
    # entry
    "entry.entry_options": lambda s: _each(_a(s)),
    "entry.activity_detail": lambda s: [_a(s, a) for a in ("a1", "a2", "a3", "a4", "a5", "nope", HOSTILE[1])],
    "entry.record_straatgesprek": lambda s: _each(
        _a(s, token="t1", day=dt.date(2025, 10, 2), buurt_code=BUURT, professionals=["p-zw"], themes=["groen"],
           residents=["r-named", "r-pseudo"], anonymous_residents=1),
        _a(s, token="t2", day=dt.date(2025, 10, 2), buurt_code=BUURT, professionals=["p-kw"], themes=["groen"],
           residents=["r-named"]),
        _a(s, token="t3", day=dt.date(2025, 10, 2), buurt_code=BUURT, professionals=["p-zw"], themes=["groen"],
           residents=["p-kw"]),
        _a(s, token="t4", day=dt.date(2025, 10, 2), buurt_code=BUURT, professionals=["p-zw"], themes=[HOSTILE[0]]),
        _a(s, token="t5", day=dt.date(2025, 10, 2), buurt_code=BUURT, professionals=["p-zw"], themes=["groen"],
           activity_id="a3"),
    ),
    "entry.record_meeting": lambda s: _each(
        _a(s, token="m1", kind="bewonersbijeenkomst", day=dt.date(2025, 10, 3), title="Buurtavond",
           attendees=["p-zw", "r-named"], themes=["groen"]),
        _a(s, token="m2", kind="professionalsoverleg", day=dt.date(2025, 10, 3), title="Overleg", attendees=["p-kw"]),
        _a(s, token="m3", kind=HOSTILE[2], day=dt.date(2025, 10, 3), title="x", attendees=["p-zw"]),
        _a(s, token="m4", kind="overig", day=dt.date(2025, 10, 3), title="x", attendees=["p-zw", "nobody"]),
    ),
    "entry.new_resident": lambda s: _each(_a(s, token="n1", buurt_code=BUURT), _a(s, token="n2", pseudonym="Bewoner Vink")),
    "entry.resident_pseudonym_warning": lambda s: _each(_a(s, "Jan de Vries"), _a(s, "Bewoner 4")),
    "entry.record_asset": lambda s: _each(
        _a(s, token="b1", category="contribution", name="Naaiatelier", owner_id="r-named", themes=["groen"]),
        _a(s, token="b2", category="place", name="Speeltuin", owner_id="o-gem", visibility="openbaar"),
        _a(s, token="b3", category=HOSTILE[0], name="x", owner_id="nobody"),
    ),
    "entry.record_knows": lambda s: _each(_a(s, from_id="p-zw", to_id="r-named"), _a(s, from_id="r-named", to_id="r-pseudo"),
                                          _a(s, from_id="p-zw", to_id="p-zw"), _a(s, from_id="p-zw", to_id=HOSTILE[1])),
    "entry.lone_residents": lambda s: _each(_a(s, "a2"), _a(s, "a6"), _a(s, "nope")),
    "entry.delete_activity": lambda s: _each(_a(s, "a2", confirm=True, remove_residents=["r-pseudo", "p-zw"]),
                                             _a(s, "a2", confirm=True), _a(s, "a6", confirm=True),
                                             _a(s, "a1", confirm=False)),
    "entry.delete_asset": lambda s: _each(_a(s, "b-1", confirm=True)),
    "entry.delete_knows": lambda s: _each(_a(s, ("p-zw", "r-named", "gemeld"), confirm=True)),
    # learning
    "learning.learning_overview": lambda s: _each(
        _a(s), _a(s, themes=("groen",), buurten=(BUURT,), statuses=("lopend",)),
        _a(s, themes=HOSTILE, buurten=HOSTILE, statuses=HOSTILE), _a(s, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30))),
    "learning.year_overview": lambda s: _each(_a(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
                                              _a(s, dt.date(2025, 12, 31), dt.date(2025, 1, 1))),
    "learning.learning_counts": lambda s: _each(_a(pd.DataFrame(), pd.DataFrame(), pd.DataFrame({"status": ["idee"]}))),
    "learning.plan_groups": lambda s: _each(_a(s)),
    "learning.record_decision": lambda s: _each(
        _a(s, token="d1", activity_id="a3", proposal="Speeltuin opknappen", votes_for=5, votes_against=0),
        _a(s, token="d2", activity_id="a6", proposal="Evaluatie in maart"),
        _a(s, token="d3", activity_id=HOSTILE[1], proposal=HOSTILE[0]),
        _a(s, token="d4", activity_id="a3", proposal=f"Voorstel van {RESIDENT_NAME}")),
    "learning.record_lesson": lambda s: _each(
        _a(s, token="l1", activity_id="a2", text="Samen lopen werkt", themes=["groen"]),
        _a(s, token="l2", activity_id="a2", text=f"{RESIDENT_NAME} wil meedoen"),
        _a(s, token="l3", activity_id="a2", text=f"{NAMED_PSEUDONYM} wil meedoen"),
        _a(s, token="l4", activity_id="a6", text="Vaker evalueren", themes=[HOSTILE[0]])),
    "learning.record_plan": lambda s: _each(
        _a(s, token="p1", title="Speeltuin", group_id="g-bew", themes=["jongeren"], buurt_code=BUURT, status="idee"),
        _a(s, token="p2", title=HOSTILE[5], group_id=HOSTILE[1]),
        _a(s, token="p3", title=f"Feest bij {RESIDENT_NAME}", group_id="g-bew")),
    # network
    "network.store_totals": lambda s: _each(_a(s)),
    "network.filter_options": lambda s: _each(_a(s)),
    "network.overview": lambda s: [_a(s, f, q) for f in FILTERS for q in ("month", "quarter")],
    "network.person_network": lambda s: [_a(s, f) for f in FILTERS],
    "network.growth_table": lambda s: [_a(s, f, "month") for f in FILTERS],
    "network.actor_table": lambda s: [_a(s, f) for f in FILTERS],
    "network.participant_counts": lambda s: [_a(s, f, "quarter") for f in FILTERS],
    "network.analyse_report": lambda s: [_a(s, f) for f in FILTERS],
    "network.directed_figures": lambda s: [_a(s, f) for f in FILTERS],
    # the map at scale: every view above a lowered threshold, drill-down (also hostile keys), top-k rankings
    "network_map.network_map": lambda s: [
        *[_a(s, f, v, None, t, _MAP_LIMITS) for f in FILTERS for v in ("auto", "persons", "organisation", "community")
          for t in ("degree",)],
        *[_a(s, None, "top", None, t, _MAP_LIMITS) for t in ("degree", "weighted_degree", "betweenness")],
        *[_a(s, None, v, k, "degree", _MAP_LIMITS) for v in ("organisation", "community")
          for k in ("~zonder:resident", "c1", "~los", HOSTILE[0], HOSTILE[5])],
        *[_a(s, None, "persons", None, "degree", None, t) for t in ("small", "strong")],
    ],
    "network_map.record_map_export": lambda s: _each(_a(s, "png"), _a(s, HOSTILE[5])),
    # privacy
    "privacy.export_person": lambda s: [_a(s, p) for p in ("r-named", "r-pseudo", "p-zw")],
    "privacy.erase_person": lambda s: _each(_a(s, "r-named")),
    "privacy.withdraw_consent": lambda s: _each(_a(s, "r-named"), _a(s, "p-zw")),
    "privacy.retention_plan": lambda s: _each(_a(s, 1, DAY), _a(s, 120, DAY)),
    "privacy.purge": lambda s: _each(_a(s, 1, DAY, True), _a(s, 1, DAY, False)),
    "privacy.text_warnings": lambda s: [_a(s, t) for t in (
        RESIDENT_NAME, f"Gesprek met {RESIDENT_NAME.lower()}", NAMED_PSEUDONYM, PROFESSIONALS["p-kw"], VOLUNTEER,
        BESTUURDER_NAME, "Overleg over groen", *HOSTILE)],
    "privacy.identifying_warnings": lambda s: [_a(s, t) for t in (
        RESIDENT_NAME, NAMED_PSEUDONYM, PROFESSIONALS["p-kw"], "bel 06-12345678", "Overleg over schulden", *HOSTILE)],
    "privacy.scan_titles": lambda s: _each(_a(s)),
    "privacy.person_choices": lambda s: _each(_a(s)),
    "privacy.person_consent": lambda s: _each(_a(s, "r-named"), _a(s, "nobody")),
    # exchange (network files; the network export needs no store argument beyond s)
    "exchange.export_network": lambda s: [_a(s, fmt, f) for fmt in ("gexf", "graphml", "kumu", "csv", "xlsx")
                                          for f in (None, NAME_FLT, DATED_FLT)],
    "exchange.export_file": lambda s: _each(_a(s)),
    "exchange.prepare_import": lambda s: _each(_a(s, [("knopen.csv", _EXCHANGE_CSV)]), _a(s, [("x.gexf", b"<gexf")])),
    "exchange.apply_import": lambda s: _each(_a(s, _exchange_plan(s))),
    "exchange.import_exchange": lambda s: _each(_a(s, [_exchange_file()], None, True), _a(s, [_exchange_file()])),
    # report (public functions only; the PDF is tested by its owner)
    "report.record_download": lambda s: _each(_a(s, "pdf"), _a(s, HOSTILE[5])),
    "report.learning_section": lambda s: _each(_a(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    "report.build_report": lambda s: _each(_a(s), _a(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "r1", "r2")),
    # themes
    "themes.theme_overview": lambda s: [_a(s, f, "quarter") for f in FILTERS],
    "themes.theme_vocabulary": lambda s: _each(_a(s)),
    "themes.add_theme": lambda s: _each(_a(s, "wonen"), _a(s, HOSTILE[1])),
    "themes.merge_themes": lambda s: _each(_a(s, "jongeren", "groen")),
    # trust
    "trust.survey_rounds": lambda s: _each(_a(s)),
    "trust.default_rounds": lambda s: _each(_a(s)),
    "trust.round_view": lambda s: [_a(s, r, lvl) for r in ("r1", "r2", HOSTILE[0]) for lvl in ("organisation", "actor")],
    "trust.compare_rounds": lambda s: _each(_a(s), _a(s, "r1", "r2"), _a(s, "r2", HOSTILE[1])),
    "trust.compare_periods": lambda s: _each(_a(s, Q1, Q3), _a(s, Q3, Q1)),
    "trust.commitments_table": lambda s: _each(_a(s)),
    "trust.commitments_vs_participation": lambda s: [_a(s, q) for q in ("month", "quarter", "year")],
    "trust.organisation_network_by_period": lambda s: _each(_a(s, "quarter")),
    "trust.period_choices": lambda s: _each(_a(s, "quarter")),
    # users
    "users.add_user": lambda s: _each(_a(s, "nieuw", "professional", "wachtwoord-123", "Pim Zwaluwstaart", "p-zw")),
    "users.list_users": lambda s: _each(_a(s)),
    "users.set_active": lambda s: _each(_a(s, "pim", False)),
    "users.set_role": lambda s: _each(_a(s, "pim", "coordinator")),
    "users.set_password": lambda s: _each(_a(s, "pim", "nieuw-wachtwoord-1")),
    "users.record_sign_out": lambda s: _each(_a(s, 30)),
    # On the hostile store it refuses (more than the demo); on a demo-only store it creates the accounts.
    "users.ensure_demo_accounts": lambda s: _each(_a(s), _a(_demo_store())),
    "audit.verify_chain": lambda s: _each(_a(s)),
    "generate.generate": lambda s: _each(_a(s, 30, 60, 1), _a(s, 30, 60, 1, add_to_existing=True, chunk_rows=500)),
    "generate.apply_in_chunks": lambda s: _each(_a(s, _hostile_changeset()), _a(s, _hostile_changeset(), chunk_rows=1)),
    "importing.import_paths": lambda s: _each(_a(s, [_exchange_file()], True), _a(s, [_exchange_file()]),
                                              _a(s, [_exchange_file()], False, "wijkprofessional"),
                                              _a(s, [_exchange_file()], False, HOSTILE[0]), _a(s, [_kinds_file()])),
    "seeding.seed_dataset": lambda s: _each(_a(s, "davis"), _a(s, "demo", True), _a(s, HOSTILE[0])),
    "pseudonyms.suspicious_pseudonyms": lambda s: _each(_a(s)),
}


def _hostile_changeset() -> ChangeSet:
    return ChangeSet(organisations=[Organisation(org_id=f"o-h{i}", name=h, sector="gemeente") for i, h in enumerate(HOSTILE)])


def _kinds_file() -> Path:
    """An own import kind (organisaties.csv) with hostile names."""
    path = Path(tempfile.mkdtemp()) / "organisaties.csv"
    path.write_text("org_id,name,sector\n" + "\n".join(f'o-h{i},"{h.replace(chr(34), "")}",gemeente'
                                                      for i, h in enumerate(HOSTILE)), encoding="utf-8")
    return path


def _demo_store():
    """A fresh store holding nothing but the demo seed."""
    from netwerk.services.seeding import seed

    store = open_store(f"sqlite:///{Path(tempfile.mkdtemp()) / 'demo.sqlite'}")
    seed(store, "demo")
    return store

WRITES = {
    "survey.create_survey", "survey.reissue_link", "survey.response", "survey.revoke_link", "survey.links_file",
    "survey.close_survey",
    "audit.log_event", "copying.copy_store", "entry.record_straatgesprek", "entry.record_meeting", "entry.new_resident",
    "entry.record_asset", "entry.record_knows", "entry.delete_activity", "entry.delete_asset", "entry.delete_knows",
    "colleagues.mark_introduction", "learning.record_decision", "learning.record_lesson", "learning.record_plan",
    "privacy.export_person", "privacy.erase_person", "privacy.withdraw_consent", "privacy.purge", "audit.audit_csv",
    "themes.add_theme", "themes.merge_themes", "users.add_user", "users.set_active", "users.set_role",
    "users.set_password", "users.ensure_demo_accounts", "users.record_sign_out", "report.record_download",
    "network_map.record_map_export", "exchange.export_network", "exchange.export_file",
    "exchange.apply_import", "exchange.import_exchange", "generate.generate", "generate.apply_in_chunks",
    "importing.import_paths", "seeding.seed_dataset",
}

# Formatters applied to a result as well (the downloads a page offers).
AFTER: dict[str, Callable[[object], list[object]]] = {
    "report.build_report": lambda r: [importlib.import_module("netwerk.report").report_html(r),
                                      importlib.import_module("netwerk.report").report_xlsx(r)],
    "privacy.export_person": lambda d: [importlib.import_module("netwerk.report.inzage").inzage_html(d),
                                        privacy_service.export_json(d)],
    # The dashboard's styling (dashboard.map_view) of the map data: labels and tooltips.
    "network_map.network_map": lambda m: [importlib.import_module("dashboard.map_view").style_map(m, c)
                                          for c in ("organisation", "kind", "community")]
    + ([importlib.import_module("dashboard.map_view").readable_map(
        importlib.import_module("dashboard.map_view").style_map(m), m.nodes, "betweenness", show_brokers=True,
        focus=str(m.nodes["person_id"].iloc[0]) if len(m.nodes) else None)] if m.level == "persons" else []),
    "network.person_network": lambda n: [importlib.import_module("dashboard.map_view").person_map(n, c, z)
                                         for c, z in (("organisation", "degree"), ("kind", "betweenness"),
                                                      ("community", "constraint"), ("sector", "eigenvector"))],
    "colleagues.ego_map": lambda e: [importlib.import_module("dashboard.map_view").ego_map_data(e)],
}


def public_functions() -> dict[str, Callable]:
    """module.function -> function for every public function defined in netwerk/services."""
    out = {}
    for m in pkgutil.iter_modules(netwerk.services.__path__):
        mod = importlib.import_module(f"netwerk.services.{m.name}")
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ == mod.__name__ and not name.startswith("_"):
                out[f"{m.name}.{name}"] = fn
    return out


def _takes_viewer(fn: Callable) -> bool:
    params = list(inspect.signature(fn).parameters)
    return bool(params) and params[0] == "viewer"


def service_functions() -> dict[str, Callable]:
    return {k: f for k, f in public_functions().items() if _takes_viewer(f)}


def test_every_service_function_has_calls():
    services = service_functions()
    missing = sorted(set(services) - set(CALLS))
    assert not missing, (f"Service functions without argument factories in CALLS of {__name__}: {missing}. "
                         "Add calls (with hostile arguments) so the role scan covers them.")
    stale = sorted(set(CALLS) - set(services))
    assert not stale, f"CALLS names functions that no longer exist or take no viewer: {stale}"
    no_viewer = sorted(k for k in set(public_functions()) - set(services) if k not in NO_VIEWER)
    assert not no_viewer, (f"Public service functions without a viewer as first parameter: {no_viewer}. "
                           "Give them `viewer: Viewer` or list them in NO_VIEWER with the reason they are safe.")
    assert len(services) >= 60


def _run(fn: Callable, viewer: Viewer, call: Call):
    args, kwargs = call
    try:
        return "ok", fn(viewer, *args, **kwargs)
    except PermissionDenied as e:
        return "denied", str(e)
    except NetwerkError as e:  # NotFoundError, InputError ...: the message is scanned
        return "error", str(e)


def _calls_for(name: str, master_db: Path, shared_store, tmp_path: Path) -> Iterator[Call]:
    """The calls of ``name``: on the shared store, or on a fresh copy per call for functions that write."""
    factory = CALLS[name]
    if name not in WRITES:
        yield from factory(shared_store)
        return
    n = len(factory(None))
    for i in range(n):
        path = tmp_path / f"w-{uuid.uuid4().hex}.sqlite"
        shutil.copy(master_db, path)
        s = open_store(f"sqlite:///{path}")
        try:
            yield factory(s)[i]
        finally:
            s.close()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_no_role_receives_a_name_it_may_not_see(name, master_db, shared_store, tmp_path):
    fn = service_functions().get(name)
    assert fn is not None, name
    outcomes = {v.role: [] for v in VIEWERS}
    for viewer in VIEWERS:
        for call in _calls_for(name, master_db, shared_store, tmp_path):
            status, result = _run(fn, viewer, call)
            outcomes[viewer.role].append(status)
            results = [result] + (AFTER[name](result) if status == "ok" and name in AFTER else [])
            for r in results:
                bad = leaked(r, FORBIDDEN[viewer.role])
                assert not bad, f"{name} as {viewer.role} with {call[0][1:]} {call[1]} ({status}) gives {sorted(bad)}"
    # Every function is exercised for real: at least one call succeeds for a coordinator.
    assert "ok" in outcomes["coordinator"], f"{name}: no call succeeded for a coordinator: {outcomes['coordinator']}"


def test_the_scan_finds_names_where_they_may_be_seen(shared_store):
    # Without this the test above could pass on a scan that sees nothing.
    from netwerk.services import assets, colleagues, network, privacy

    assert leaked(network.actor_table(COORD, shared_store), RESIDENT_TOKENS) == RESIDENT_TOKENS
    assert leaked(privacy.person_choices(COORD, shared_store), {RESIDENT_NAME}) == {RESIDENT_NAME}
    assert leaked(assets.asset_inventory(COORD, shared_store), {RESIDENT_NAME}) == {RESIDENT_NAME}
    pro_view = network.actor_table(PRO, shared_store)
    assert leaked(pro_view, PERSON_TOKENS) == {NAMED_PSEUDONYM, "Merel", PSEUDONYMOUS, "Spreeuw", VOLUNTEER, "Roodborst",
                                               BESTUURDER_NAME, "Boomklever", *PROFESSIONALS.values(), "Zwaluwstaart",
                                               "Kwartelkoning", "IJsvogeltje"}
    card = colleagues.colleague_card(PRO, shared_store, "p-kw")
    assert card.email == "kwartelkoning@voorbeeld.example" and card.name == "Kim Kwartelkoning"
    report = importlib.import_module("netwerk.services.report")
    xlsx = renderers.report_xlsx(report.build_report(COORD, shared_store))
    assert leaked(xlsx, {"Welzijn Voorbeeld", "Nulmeting"}) == {"Welzijn Voorbeeld", "Nulmeting"}  # the XLSX is read


# --- attacks ------------------------------------------------------------------------------


def test_text_warnings_match_only_names_the_viewer_may_see(shared_store):
    from netwerk.services.privacy import text_warnings

    def warns(viewer, text):
        return text_warnings(viewer, shared_store, text)

    # A professional learns nothing from a resident's real name: the answer is the same as
    # for a name nobody has (else the warning confirms the resident is on record).
    assert warns(PRO, f"Gesprek met {RESIDENT_NAME}") == warns(PRO, "Gesprek met Onbekende Persoon") == []
    assert len(warns(PRO, f"Gesprek met {NAMED_PSEUDONYM}")) == 1  # names they may see still warn
    assert len(warns(PRO, f"Overleg met {PROFESSIONALS['p-kw']}")) == 1
    # A bestuurder sees no person, so no name is matched; contact details still are.
    for name in (RESIDENT_NAME, PSEUDONYMOUS, PROFESSIONALS["p-ij"], VOLUNTEER):
        assert warns(BEST, f"Gesprek met {name}") == []
    assert "telefoonnummer" in warns(BEST, "bel 06-12345678")[0]
    # The coordinator is warned with the name.
    assert RESIDENT_NAME in warns(COORD, f"Gesprek met {RESIDENT_NAME.upper()}")[0]


def test_a_professional_never_finds_a_resident_by_search(shared_store):
    from netwerk.services.colleagues import search_colleagues

    for text in (RESIDENT_NAME, "bewonernaam", "GEHEIME", NAMED_PSEUDONYM, PSEUDONYMOUS, "r-named"):
        for viewer in (PRO, COORD):  # Collega zoeken finds professionals only
            assert search_colleagues(viewer, shared_store, text).empty, (viewer.role, text)
    assert search_colleagues(PRO, shared_store, "zwaluwstaart")["person_id"].tolist() == ["p-zw"]
    assert search_colleagues(PRO, shared_store, "").person_id.tolist() == ["p-ij", "p-kw", "p-zw"]  # sorted by name


def test_a_professional_sees_residents_by_pseudonym_in_person_views(shared_store):
    from dashboard import map_view
    from netwerk.services import assets, colleagues, entry, trust

    def label_of(frame, id_col, label_col, pid):
        return frame.set_index(id_col).loc[pid, label_col]

    for viewer, expected in ((PRO, NAMED_PSEUDONYM), (COORD, RESIDENT_NAME)):
        ego = map_view.ego_map_data(colleagues.ego_map(viewer, shared_store, "r-named", 2)).nodes
        assert label_of(ego, "id", "label", "r-named") == expected
        assert expected in label_of(ego, "id", "title", "p-zw")  # "Stappen vanaf <ego>"
        with pytest.raises(NetwerkError, match="bewoners ziet u onder een schuilnaam"):
            colleagues.paths_to(viewer, shared_store, "r-named")  # issue 13: no introductions to residents
        assert label_of(entry.entry_options(viewer, shared_store).persons, "person_id", "label", "r-named") == expected
        actors = trust.round_view(viewer, shared_store, "r1", "actor").actors
        assert label_of(actors, "actor_id", "name", "r-named") == expected
        assert label_of(assets.asset_inventory(viewer, shared_store), "asset_id", "owner", "b-1") == expected
        assert label_of(assets.connectors(viewer, shared_store, top=None), "person_id", "label", "r-pseudo") == PSEUDONYMOUS
    with pytest.raises(NetwerkError, match="Geen wijkprofessional"):
        colleagues.colleague_card(PRO, shared_store, "r-named")  # a resident has no colleague card


@pytest.mark.parametrize("call", [
    lambda s: __import__("netwerk.services.network", fromlist=["x"]).actor_table(BEST, s),
    lambda s: __import__("netwerk.services.network", fromlist=["x"]).person_network(BEST, s),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).ego_map(BEST, s, "r-named"),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).paths_to(BEST, s, "r-named"),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).colleague_card(BEST, s, "p-zw"),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).search_colleagues(BEST, s, "Pim"),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).introducers_for(BEST, s, "p-zw"),
    lambda s: __import__("netwerk.services.colleagues", fromlist=["x"]).suggestions(BEST, s, "p-zw"),
    lambda s: __import__("netwerk.services.assets", fromlist=["x"]).connectors(BEST, s),
    lambda s: __import__("netwerk.services.entry", fromlist=["x"]).entry_options(BEST, s),
    lambda s: __import__("netwerk.services.entry", fromlist=["x"]).activity_detail(BEST, s, "a2"),
    lambda s: __import__("netwerk.services.trust", fromlist=["x"]).round_view(BEST, s, "r1", "actor"),
    lambda s: __import__("netwerk.services.privacy", fromlist=["x"]).person_choices(BEST, s),
    lambda s: __import__("netwerk.services.privacy", fromlist=["x"]).export_person(BEST, s, "r-named"),
], ids=["actor_table", "person_network", "ego_map", "paths_to", "colleague_card", "search_colleagues",
        "introducers_for", "suggestions", "connectors", "entry_options", "activity_detail", "round_view_actor",
        "person_choices", "export_person"])
def test_a_bestuurder_gets_no_person_level_view(shared_store, call):
    with pytest.raises(PermissionDenied):
        call(shared_store)


def test_a_bestuurder_sees_public_assets_without_person_owners(shared_store):
    from netwerk.services.assets import asset_inventory

    inv = asset_inventory(BEST, shared_store).set_index("asset_id")
    assert sorted(inv.index) == ["b-1", "b-2", "b-4", "b-5", "b-6"]  # b-3 is intern
    assert inv.loc["b-2", "owner"] == "Welzijn Voorbeeld" and inv.loc["b-4", "owner"] == "Kernteam Noord"
    for person_owned in ("b-1", "b-5", "b-6"):  # resident, professional, volunteer
        assert inv.loc[person_owned, ["owner_id", "owner", "owner_type"]].isna().all(), person_owned


def test_hostile_arguments_change_nothing(shared_store):
    from netwerk.services import assets, colleagues, network, themes

    before = shared_store.counts()
    for viewer in (COORD, PRO):
        for h in HOSTILE:
            assert colleagues.search_colleagues(viewer, shared_store, h, (h,), (h,), (h,), (h,), (h,)).empty
            assert assets.asset_inventory(viewer, shared_store, (h,), (h,), (h,)).empty
            with pytest.raises(NetwerkError):
                colleagues.ego_map(viewer, shared_store, h)
        assert network.actor_table(viewer, shared_store, HOSTILE_FLT).empty
        assert themes.theme_overview(viewer, shared_store, HOSTILE_FLT).cooccurrence.empty
    assert shared_store.counts() == before


def test_scan_titles_reads_every_free_text_other_roles_see(master_db, tmp_path):
    from netwerk.services.privacy import scan_titles

    shutil.copy(master_db, tmp_path / "s.sqlite")
    s = open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    try:
        s.apply(ChangeSet(
            assets=[Asset(asset_id="b-9", category="contribution", name=f"Moestuin van {RESIDENT_NAME}", visibility="openbaar")],
            commitments=[Commitment(commitment_id="c9", org_id="o-wel", description="Spreekuur, bel 06-12345678")],
            activities=[Activity(activity_id="a9", kind="overig", date=_when(10, 1), title=f"Huisbezoek {PSEUDONYMOUS}")],
        ))
        flagged = scan_titles(COORD, s).set_index("id")
        assert sorted(flagged.index) == ["a9", "b-9", "c9"]
        assert flagged.loc["b-9", "kind"] == "bron" and RESIDENT_NAME in flagged.loc["b-9", "warnings"]
        assert flagged.loc["c9", "kind"] == "toezegging" and "telefoonnummer" in flagged.loc["c9", "warnings"]
        assert flagged.loc["a9", "kind"] == "activiteit"
    finally:
        s.close()
