"""Cached access to the Collega's, Thema's, Bronnen and Invoer services for the pages.

As in :mod:`dashboard.data`: results go through :func:`dashboard.data.shared`, keyed on plain
arguments only — the store URL, ``data_version()`` (so a record saved on the Invoer page
shows on every page at the next rerun), the role and person id (not the user id) and the
call's own arguments. A service that refuses the role (PermissionDenied) stops the page
with its Dutch message (:func:`dashboard.data.guard`).
"""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.map_view import MapData, ego_map_data
from netwerk.access import Viewer
from netwerk.domain import SnapshotFilter
from netwerk.services import assets, colleagues, entry, learning, themes
from netwerk.store.base import Store

__all__ = [
    "asset_counts",
    "asset_inventory",
    "colleague_card",
    "connectors",
    "ego_map",
    "entry_options",
    "introducers_for",
    "introduction_outcomes",
    "introductions_made",
    "organisation_gaps",
    "paths_to",
    "search_colleagues",
    "search_options",
    "suggestions",
    "theme_overview",
    "theme_vocabulary",
]



def _call(url: str, uid: str, role: str, pid: str) -> tuple[Viewer, Store]:
    return data.viewer_of(uid, role, pid), data.cached_store(url)


@data.shared()
def _search_options(url, version, uid, role, pid) -> colleagues.SearchOptions:
    return colleagues.search_options(*_call(url, uid, role, pid))


@data.shared("Collega's zoeken…")
def _search(url, version, uid, role, pid, text, th, sk, bu, org, gr) -> pd.DataFrame:
    return colleagues.search_colleagues(*_call(url, uid, role, pid), text, th, sk, bu, org, gr)


@data.shared()
def _card(url, version, uid, role, pid, person_id) -> colleagues.ColleagueCard:
    return colleagues.colleague_card(*_call(url, uid, role, pid), person_id)


@data.shared("Egonetwerk berekenen…")
def _ego(url, version, uid, role, pid, person_id, radius) -> MapData:
    return ego_map_data(colleagues.ego_map(*_call(url, uid, role, pid), person_id, radius))


@data.shared()
def _paths(url, version, uid, role, pid, person_id) -> list:
    return colleagues.paths_to(*_call(url, uid, role, pid), person_id)


@data.shared()
def _introducers(url, version, uid, role, pid, person_id) -> pd.DataFrame:
    return colleagues.introducers_for(*_call(url, uid, role, pid), person_id)


@data.shared("Suggesties berekenen…")
def _suggestions(url, version, uid, role, pid, person_id) -> pd.DataFrame:
    return colleagues.suggestions(*_call(url, uid, role, pid), person_id)


@data.shared()
def _gaps(url, version, uid, role, pid) -> pd.DataFrame:
    return colleagues.organisation_gaps(*_call(url, uid, role, pid))


@data.shared("Thema's tellen…")
def _themes(url, version, uid, role, pid, flt_json, freq) -> themes.ThemeOverview:
    return themes.theme_overview(*_call(url, uid, role, pid), SnapshotFilter.model_validate_json(flt_json), freq)


@data.shared()
def _vocabulary(url, version, uid, role, pid) -> pd.DataFrame:
    return themes.theme_vocabulary(*_call(url, uid, role, pid))


@data.shared()
def _assets(url, version, uid, role, pid, cats, buurten, th) -> pd.DataFrame:
    return assets.asset_inventory(*_call(url, uid, role, pid), cats, buurten, th)


@data.shared()
def _asset_counts(url, version, uid, role, pid, cats, buurten, th) -> dict:
    return assets.asset_counts(*_call(url, uid, role, pid), cats, buurten, th)


@data.shared("Verbinders berekenen…")
def _connectors(url, version, uid, role, pid, flt_json) -> pd.DataFrame:
    return assets.connectors(*_call(url, uid, role, pid), SnapshotFilter.model_validate_json(flt_json))


@data.shared()
def _learning(url, version, uid, role, pid, th, buurten, statuses) -> learning.LearningOverview:
    return learning.learning_overview(*_call(url, uid, role, pid), themes=th, buurten=buurten, statuses=statuses)


@data.shared()
def _plan_groups(url, version, uid, role, pid) -> list[tuple[str, str]]:
    return learning.plan_groups(*_call(url, uid, role, pid))


@data.shared()
def _entry_options(url, version, uid, role, pid) -> entry.EntryOptions:
    return entry.entry_options(*_call(url, uid, role, pid))


@data.shared()
def _marks(url, version, uid, role, pid) -> pd.DataFrame:
    return colleagues.introductions_made(*_call(url, uid, role, pid))


@data.shared("Kennismakingen nagaan…")
def _outcomes(url, version, uid, role, pid) -> pd.DataFrame:
    return colleagues.introduction_outcomes(*_call(url, uid, role, pid))


def search_options() -> colleagues.SearchOptions:
    """:func:`netwerk.services.colleagues.search_options` for the signed-in viewer."""
    return data.guard(_search_options, *data.key())


def search_colleagues(text: str, th: tuple, sk: tuple, bu: tuple, org: tuple, gr: tuple) -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.search_colleagues` for the signed-in viewer."""
    return data.guard(_search, *data.key(), text, th, sk, bu, org, gr)


def colleague_card(person_id: str) -> colleagues.ColleagueCard:
    """:func:`netwerk.services.colleagues.colleague_card` for the signed-in viewer."""
    return data.guard(_card, *data.key(), person_id)


def ego_map(person_id: str, radius: int) -> MapData:
    """:func:`netwerk.services.colleagues.ego_map` for the signed-in viewer, styled by
    :func:`dashboard.map_view.ego_map_data`."""
    return data.guard(_ego, *data.key(), person_id, radius)


def paths_to(person_id: str) -> list:
    """:func:`netwerk.services.colleagues.paths_to` for the signed-in viewer."""
    return data.guard(_paths, *data.key(), person_id)


def introducers_for(person_id: str) -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.introducers_for` for the signed-in viewer."""
    return data.guard(_introducers, *data.key(), person_id)


def suggestions(person_id: str | None) -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.suggestions` for the signed-in viewer."""
    return data.guard(_suggestions, *data.key(), person_id)


def organisation_gaps() -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.organisation_gaps` (coordinators)."""
    return data.guard(_gaps, *data.key())


def introductions_made() -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.introductions_made` for the signed-in viewer."""
    return data.guard(_marks, *data.key())


def introduction_outcomes() -> pd.DataFrame:
    """:func:`netwerk.services.colleagues.introduction_outcomes` per quarter for the signed-in viewer."""
    return data.guard(_outcomes, *data.key())


def theme_overview(flt: SnapshotFilter, freq: str) -> themes.ThemeOverview:
    """:func:`netwerk.services.themes.theme_overview` for the signed-in viewer."""
    return data.guard(_themes, *data.key(), flt.model_dump_json(), freq)


def theme_vocabulary() -> pd.DataFrame:
    """:func:`netwerk.services.themes.theme_vocabulary`."""
    return data.guard(_vocabulary, *data.key())


def asset_inventory(cats: tuple, buurten: tuple, th: tuple) -> pd.DataFrame:
    """:func:`netwerk.services.assets.asset_inventory` for the signed-in viewer."""
    return data.guard(_assets, *data.key(), cats, buurten, th)


def asset_counts(cats: tuple, buurten: tuple, th: tuple) -> dict:
    """:func:`netwerk.services.assets.asset_counts` for the signed-in viewer."""
    return data.guard(_asset_counts, *data.key(), cats, buurten, th)


def connectors(flt: SnapshotFilter) -> pd.DataFrame:
    """:func:`netwerk.services.assets.connectors` for the signed-in viewer."""
    return data.guard(_connectors, *data.key(), flt.model_dump_json())


def learning_overview(th: tuple, buurten: tuple, statuses: tuple) -> learning.LearningOverview:
    """:func:`netwerk.services.learning.learning_overview` for the signed-in viewer."""
    return data.guard(_learning, *data.key(), th, buurten, statuses)


def plan_groups() -> list[tuple[str, str]]:
    """:func:`netwerk.services.learning.plan_groups` for the signed-in viewer."""
    return data.guard(_plan_groups, *data.key())


def entry_options() -> entry.EntryOptions:
    """:func:`netwerk.services.entry.entry_options` for the signed-in viewer."""
    return data.guard(_entry_options, *data.key())
