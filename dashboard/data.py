"""Cached access to the store and the network services, for the dashboard pages.

The store is a resource (``st.cache_resource``, one per store URL, never mutated by the
dashboard). Service results go through :func:`shared` (one result per data version and
role's view for every session, :mod:`netwerk.services.results`), keyed on plain arguments:
the store URL, the store's ``data_version()`` (so an import or seed shows up on the next
rerun), the role and person id (a result computed for one role is never served to another;
the user id is passed for the call but is not part of the key) and the filter as JSON text.
Only the row counts use ``st.cache_data`` (:data:`TTL` seconds).
Every call passes the signed-in viewer (:func:`dashboard.session.current_viewer`); a
service that refuses the role stops the page with its Dutch message.

The Netwerkkaart is cached in two layers: the laid-out map (:func:`network_map`: the
snapshot, the aggregation and the server-side layout) per filter, view, drill-down and
ranking, and on top of it the styled map with its HTML (:func:`network_map_page`) per
colour and size choice; so a new colour reuses the layout, and showing the page again
recomputes nothing.
"""

from __future__ import annotations

import copy
import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.labels import SIZE_BY
from dashboard.map_view import MapData, readable_map, style_map
from dashboard.session import current_viewer
from netwerk.access import PermissionDenied, Viewer
from netwerk.bootstrap import open_store
from netwerk.domain import AMSTERDAM, NetwerkError, SnapshotFilter, StoreError
from netwerk.palette import organisation_colours as palette_colours
from netwerk.services import areas, network
from netwerk.services import network_map as netmap
from netwerk.services import results as results_service
from netwerk.services.audit import log_event, privacy_writes_since
from netwerk.settings import Settings
from netwerk.store.base import Store
from netwerk.text import fmt_count, fmt_datetime

__all__ = [
    "EMPTY_STORE_MESSAGE",
    "TTL",
    "actor_table",
    "area_overview",
    "cached_store",
    "filter_options",
    "directed_figures",
    "growth_table",
    "guard",
    "is_empty",
    "key",
    "log_page_view",
    "map_limits",
    "note_own_write",
    "network_map",
    "network_map_page",
    "record_map_export",
    "results_cache",
    "shared",
    "stale_note",
    "stale_slot",
    "organisation_colours",
    "organisation_colours_by_name",
    "overview",
    "privacy_scan",
    "require_data",
    "store",
    "store_counts",
    "store_totals",
    "store_errors",
    "view_key",
    "viewer_of",
]

TTL = 600
"""Seconds a cached service result lives (a changed data_version refreshes it sooner)."""

EMPTY_STORE_MESSAGE = (
    "Er staat nog niets in de database. Laad de voorbeelddata met `netwerk seed demo`, "
    "of importeer uw eigen bestanden met `netwerk import BESTAND...` "
    "(lege sjablonen: `netwerk template SOORT`). Vernieuw daarna deze pagina."
)


@st.cache_resource(show_spinner=False)
def cached_store(url: str) -> Store:
    """The store at ``url`` (``sqlite:///…`` or ``neo4j://…``), opened once per server
    process and shared by all sessions (``st.cache_resource``). Raises
    :class:`~netwerk.domain.NetwerkError` when it cannot be opened; pages use :func:`store`."""
    return open_store(url)


def store() -> Store:
    """The store named by ``NETWERK_STORE_URL``; stops the page with a Dutch error if it
    cannot be opened."""
    url = Settings().store_url
    try:
        return cached_store(url)
    except NetwerkError as e:
        st.error(f"De database kan niet worden geopend: {e}")
        st.stop()
        raise  # not reached: st.stop() ends the run


@contextmanager
def store_errors() -> Iterator[None]:
    """Show a store failure on the page as ``st.error`` with its Dutch message (e.g.
    :data:`netwerk.domain.BUSY_MESSAGE` when other sessions held the database longer
    than the bounded wait), never as a traceback; the rest of the page is not drawn."""
    try:
        yield
    except StoreError as e:
        st.error(str(e))


def key() -> tuple[str, int, str, str, str]:
    """(store URL, data version, user id, role, person id): the cache key of every call."""
    s = store()
    v = current_viewer()
    return s.url, s.data_version(), v.user_id, v.role, v.person_id or ""


def view_key() -> tuple[str, int, str, str]:
    """(store URL, data version, role, person id): what a result depends on, without the
    user id (two coordinators see the same figures), for caches outside :func:`shared`."""
    url, version, _, role, pid = key()
    return url, version, role, pid


def viewer_of(user_id: str, role: str, person_id: str) -> Viewer:
    """The :class:`~netwerk.access.Viewer` a cache key (:func:`key`) names; an empty
    ``person_id`` means none."""
    return Viewer(user_id=user_id, role=role, person_id=person_id or None)


def results_cache(url: str) -> results_service.ResultCache:
    """The results of the store at ``url`` (:func:`netwerk.services.results.result_cache`),
    shared by every session of this process and kept per store id; a stale result is
    never shown after an erase, consent withdrawal or purge (the audit log says when)."""
    s = cached_store(url)
    return results_service.result_cache(url, persist=Settings().results_persist,
                                        privacy_since=functools.partial(privacy_writes_since, s))


STALE_KEY = "buurtnetwerk_stale_results"
"""Session key: the results of this script run that belong to an older data version."""

OWN_WRITE_KEY = "buurtnetwerk_own_write_version"
"""Session key: the data version of this session's last own write (:func:`note_own_write`)."""

FRESH_FOR_WRITER = frozenset({"_network_map", "_network_map_page", "_filter_options"})
"""Results a session waits for after its own write: a coordinator's own new record is on
the map at once (other sessions see the last map with the note until the new one is ready)."""


def note_own_write() -> None:
    """Remember that this session just wrote (the Invoer page calls it after a save): the
    map (:data:`FRESH_FOR_WRITER`) waits for the figures that hold the session's own record."""
    st.session_state[OWN_WRITE_KEY] = store().data_version()


def _own_write(fn_name: str) -> int | None:
    """The version of this session's last own write for a :data:`FRESH_FOR_WRITER` result
    (an older result is not shown to the writer, also after other writes since), else None."""
    return st.session_state.get(OWN_WRITE_KEY) if fn_name in FRESH_FOR_WRITER else None

F = TypeVar("F", bound=Callable[..., Any])


def shared(spinner: str | bool = False) -> Callable[[F], F]:
    """Cache a dashboard call ``fn(url, version, user_id, role, person_id, *args)`` in the
    store's :func:`results_cache`: one result per data version, role's view (role and
    person id; never the user id: a second coordinator reads the first one's result) and
    arguments, for every session, kept across restarts.

    After a write the call waits up to ``NETWERK_STALE_WAIT_SECONDS`` for fresh figures;
    then it returns the last ones and notes them in the session (:data:`STALE_KEY`) so the
    page says when they are from and refreshes itself (:func:`stale_note`). ``spinner``:
    Dutch text shown while the call computes (after half a second, as ``st.spinner``)."""
    def deco(fn: F) -> F:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(url: str, version: int, uid: str, role: str, pid: str, *args: Any) -> Any:
            cache = results_cache(url)
            state = cached_store(url).state_id()

            def compute(v: int) -> Any:
                return fn(url, v, uid, role, pid, *args)

            view = (role, pid)
            # Every caller gets its own copy (as st.cache_data gave): a page that changes a table in
            # place changes neither the shared result nor what another session sees.
            if get_script_run_ctx(suppress_warning=True) is None:  # inside another computation
                return copy.deepcopy(cache.get(name, view, args, version, compute, state=state).value)
            with st.spinner(spinner) if spinner else nullcontext():
                res = cache.get(name, view, args, version, compute, wait=_wait_left(), state=state,
                                min_version=_own_write(fn.__name__))
            if not res.fresh:
                st.session_state.setdefault(STALE_KEY, []).append((url, cache.key(name, view, args), res.computed_at))
                _show_stale(getattr(_RUN, "slot", None))  # now: a page may end early (st.stop)
            return copy.deepcopy(res.value)

        def ready(url: str, version: int, uid: str, role: str, pid: str, *args: Any) -> bool:
            return results_cache(url).peek(name, (role, pid), args, version, cached_store(url).state_id()) is not None

        wrapper.ready = ready  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return deco


@st.fragment(run_every=1.0)
def _refresh_when_fresh(url: str, keys: tuple[str, ...]) -> None:
    if not results_cache(url).pending(list(keys)):
        st.rerun()


_RUN = threading.local()
"""``slot``: the ``st.empty`` of this script run's stale note (:func:`stale_slot`); each run has its thread."""


def stale_slot(slot: Any) -> None:
    """Note this run's stale figures in ``slot`` (an ``st.empty`` above the page) as soon
    as a call returns one, not only after the page: a page that ends with ``st.stop()``
    (nothing can be shown after it) still says its figures are old and refreshes. With a
    slot the run's wait for fresh figures starts: ``NETWERK_STALE_WAIT_SECONDS`` for the
    whole page, not for each of its figures (:func:`_wait_left`)."""
    _RUN.slot = slot
    _RUN.deadline = time.monotonic() + Settings().stale_wait_seconds if slot is not None else None
    _RUN.area_names = None  # read again in this run: the data may have changed


def _wait_left() -> float:
    """Seconds this run may still wait for fresh figures: what is left of the page's
    ``NETWERK_STALE_WAIT_SECONDS`` (a page with five recomputing figures waits once, not
    five times), or the whole setting outside a page run."""
    deadline = getattr(_RUN, "deadline", None)
    if deadline is None:
        return Settings().stale_wait_seconds
    return max(0.0, deadline - time.monotonic())


def stale_note(slot: Any) -> None:
    """When this run showed figures of an older data version, say so in ``slot`` (an
    ``st.empty`` above the page: "Bijgewerkt op …; nieuwe cijfers worden berekend") and
    rerun the page as soon as the fresh figures are ready. Clears the session's list."""
    _RUN.slot = None
    _RUN.deadline = None
    _show_stale(slot)
    st.session_state.pop(STALE_KEY, None)


def _show_stale(slot: Any) -> None:
    stale = st.session_state.get(STALE_KEY, [])
    if not stale or slot is None:
        return
    oldest = min(t for _, _, t in stale).astimezone(AMSTERDAM)
    with slot.container():
        st.info(f"Bijgewerkt op {fmt_datetime(oldest)}. Nieuwe cijfers worden berekend; "
                "deze pagina ververst zichzelf zodra ze klaar zijn.", icon="⏳")
        for url in {u for u, _, _ in stale}:
            _refresh_when_fresh(url, tuple(k for u, k, _ in stale if u == url))


def guard(fn, *args):
    """Call a cached service; a refusal (PermissionDenied) stops the page with its message."""
    try:
        return fn(*args)
    except PermissionDenied as e:
        st.error(str(e))
        st.stop()
        raise  # not reached


def _flt(flt_json: str) -> SnapshotFilter:
    return SnapshotFilter.model_validate_json(flt_json)


@st.cache_data(ttl=TTL, show_spinner=False)
def _counts(url: str, version: int) -> dict[str, int]:
    return cached_store(url).counts()


@shared()
def _filter_options(url: str, version: int, uid: str, role: str, pid: str) -> network.FilterOptions:
    return network.filter_options(viewer_of(uid, role, pid), cached_store(url))


@shared("Kengetallen berekenen…")
def _overview(url: str, version: int, uid: str, role: str, pid: str, flt_json: str, freq: str,
              period: str | None, today: date) -> network.Overview:
    return network.overview(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json), freq, period, today)


@shared("Netwerkkaart berekenen…")
def _network_map(url: str, version: int, uid: str, role: str, pid: str, flt_json: str, view: str, focus: str | None,
                 top_by: str, max_persons: int, max_ties: int, tie_filter: str = "all") -> netmap.NetworkMap:
    limits = netmap.MapLimits(persons=max_persons, ties=max_ties)
    return netmap.network_map(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json), view, focus, top_by, limits,
                              tie_filter)


@shared("Netwerkkaart tekenen…")
def _network_map_page(url: str, version: int, uid: str, role: str, pid: str, flt_json: str, view: str,
                      focus: str | None, top_by: str, max_persons: int, max_ties: int, colour_by: str, size_by: str,
                      legend_title: str, tie_filter: str, person: str | None,
                      show_brokers: bool) -> tuple[netmap.NetworkMap, MapData, str]:
    from dashboard.components.network_map import network_map_html

    nm = _network_map(url, version, uid, role, pid, flt_json, view, focus, top_by, max_persons, max_ties, tie_filter)
    orgs = _filter_options(url, version, uid, role, pid).organisations
    md = style_map(nm, colour_by, size_by, organisation_colours_by_name(orgs))
    size_title = ""
    if nm.level == "groups":  # see style_map: groups take the colour most of their members share
        if nm.view == "community" and colour_by in ("community", "organisation"):
            legend_title = "Cluster"
        else:
            legend_title = "Soort persoon (meeste leden)" if colour_by == "kind" else "Sector (meeste leden)"
    else:
        md = readable_map(md, nm.nodes, size_by, focus=person, show_brokers=show_brokers,  # type: ignore[arg-type]
                          tie_note=_tie_note(nm))
        size_title = SIZE_BY.get(size_by, size_by)
    return nm, md, network_map_html(md, legend_title=legend_title, size_title=size_title)


def _tie_note(nm: netmap.NetworkMap) -> str:
    if nm.tie_filter == "all" or not nm.hidden_ties:
        return "Lijnen: alle werkrelaties tussen de personen op de kaart."
    return (f"Lijnen: {netmap.TIE_FILTERS[nm.tie_filter].lower()}; {fmt_count(nm.hidden_ties)} "
            f"{'werkrelatie' if nm.hidden_ties == 1 else 'werkrelaties'} niet getekend (wel meegeteld in de maten).")


def organisation_colours_by_name(organisations: list[tuple[str, str]]) -> dict[str, str]:
    """Organisation name -> colour, from :func:`netwerk.palette.organisation_colours` over
    every organisation of the store (``organisations``: (org_id, name), as
    :attr:`netwerk.services.network.FilterOptions.organisations`). Two organisations with
    one name take the colour of the first id."""
    by_id = palette_colours(o for o, _ in organisations)
    out: dict[str, str] = {}
    for o, name in sorted(organisations):
        out.setdefault(name, by_id[o])
    return out


def organisation_colours() -> dict[str, str]:
    """Organisation id -> colour for every organisation of the store (the one registry,
    :func:`netwerk.palette.organisation_colours`), for every page and chart."""
    return palette_colours(o for o, _ in filter_options().organisations)


@shared("Groei per periode berekenen…")
def _growth_table(url: str, version: int, uid: str, role: str, pid: str, flt_json: str, freq: str) -> pd.DataFrame:
    return network.growth_table(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json), freq)


@shared("Maten per persoon berekenen…")
def _actor_table(url: str, version: int, uid: str, role: str, pid: str, flt_json: str) -> pd.DataFrame:
    return network.actor_table(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json))


@shared("Gebieden berekenen…")
def _area_overview(url: str, version: int, uid: str, role: str, pid: str, flt_json: str) -> pd.DataFrame:
    return areas.area_overview(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json))


@shared("Titels controleren…")
def _privacy_scan(url: str, version: int, uid: str, role: str, pid: str) -> pd.DataFrame:
    from netwerk.services import privacy

    return privacy.scan_titles(viewer_of(uid, role, pid), cached_store(url))


@shared("Pseudoniemen controleren…")
def _pseudonym_scan(url: str, version: int, uid: str, role: str, pid: str) -> pd.DataFrame:
    from netwerk.services.pseudonyms import suspicious_pseudonyms

    return suspicious_pseudonyms(viewer_of(uid, role, pid), cached_store(url))


@shared()
def _totals(url: str, version: int, uid: str, role: str, pid: str) -> dict:
    return network.store_totals(viewer_of(uid, role, pid), cached_store(url))


def store_totals() -> dict:
    """What the store holds, as the signed-in viewer may see it (:func:`network.store_totals`)."""
    return guard(_totals, *key())


def store_counts() -> dict[str, int]:
    """Rows per node and relationship table in the whole store."""
    s = store()
    return _counts(s.url, s.data_version())


def is_empty() -> bool:
    """True when the store holds no persons yet."""
    return store_counts().get("persons", 0) == 0


def require_data() -> None:
    """Show how to load data and stop the page when the store is empty."""
    if is_empty():
        st.info(EMPTY_STORE_MESSAGE)
        st.stop()


def filter_options() -> network.FilterOptions:
    """Choices for the sidebar filters (see :func:`netwerk.services.network.filter_options`)."""
    return guard(_filter_options, *key())


def overview(flt: SnapshotFilter, freq: str, period: str | None = None) -> network.Overview:
    """Key figures of one complete period and the one before (:func:`network.overview`);
    today's date is part of the cache key, so a period that ends is picked up the next day."""
    return guard(_overview, *key(), flt.model_dump_json(), freq, period, datetime.now(AMSTERDAM).date())


def map_limits() -> netmap.MapLimits:
    """When the Netwerkkaart aggregates: ``NETWERK_MAP_MAX_PERSONS`` / ``NETWERK_MAP_MAX_TIES``
    (defaults 1,000 and 5,000; see :class:`netwerk.services.network_map.MapLimits`)."""
    settings = Settings()
    return netmap.MapLimits(persons=settings.map_max_persons, ties=settings.map_max_ties)


def network_map(flt: SnapshotFilter, view: str, focus: str | None, top_by: str,
                tie_filter: str = "all") -> netmap.NetworkMap:
    """The laid-out map (:func:`netwerk.services.network_map.network_map`), computed once per
    data version, viewer, filter, view, focus, ranking and tie filter (colours and sizes do not recompute it)."""
    lim = map_limits()
    return guard(_network_map, *key(), flt.model_dump_json(), view, focus, top_by, lim.persons, lim.ties, tie_filter)


def record_map_export(what: str) -> None:
    """Audit a download of the Netwerkkaart (:func:`netwerk.services.network_map.record_map_export`);
    a download button's ``on_click``."""
    guard(netmap.record_map_export, current_viewer(), store(), what)


def network_map_page(flt: SnapshotFilter, view: str, focus: str | None, top_by: str, colour_by: str, size_by: str,
                     legend_title: str, tie_filter: str = "all", person: str | None = None,
                     show_brokers: bool = False) -> tuple[netmap.NetworkMap, MapData, str]:
    """The map, its styled MapData and its HTML (:func:`dashboard.components.network_map.network_map_html`),
    all cached: showing the page again recomputes nothing. A person map is made readable
    (:func:`dashboard.map_view.readable_map`: names that matter, ``person`` in focus,
    brokers marked); ``tie_filter`` picks the ties drawn (:data:`netwerk.services.network_map.TIE_FILTERS`)."""
    lim = map_limits()
    return guard(_network_map_page, *key(), flt.model_dump_json(), view, focus, top_by, lim.persons, lim.ties,
                 colour_by, size_by, legend_title, tie_filter, person, show_brokers)


def growth_table(flt: SnapshotFilter, freq: str) -> pd.DataFrame:
    """The network summary per period (:func:`network.growth_table`)."""
    return guard(_growth_table, *key(), flt.model_dump_json(), freq)


@shared("Gerichte relaties berekenen…")
def _directed_figures(url: str, version: int, uid: str, role: str, pid: str, flt_json: str) -> pd.DataFrame:
    return network.directed_figures(viewer_of(uid, role, pid), cached_store(url), _flt(flt_json))


def directed_figures(flt: SnapshotFilter) -> pd.DataFrame:
    """Density, reciprocity and in/out-degree of the kent network and each round's ratings
    (:func:`network.directed_figures`)."""
    return guard(_directed_figures, *key(), flt.model_dump_json())


def actor_table(flt: SnapshotFilter) -> pd.DataFrame:
    """Actor measures per person (:func:`network.actor_table`)."""
    return guard(_actor_table, *key(), flt.model_dump_json())


@shared()
def _area_names(url: str, version: int, uid: str, role: str, pid: str) -> dict[str, str]:
    return areas.area_names(viewer_of(uid, role, pid), cached_store(url))


def area_name(code: str | None, with_code: bool = False) -> str:
    """An area's display name (:func:`netwerk.services.areas.area_name`): ``"Schoolbuurt"``, with
    ``with_code=True`` ``"Schoolbuurt (BU01770104)"`` (for pickers); a code without a name as given.
    The names are read once per data version, and looked up once per page run: a table that
    names the buurt of each of its thousands of rows asks the store nothing more."""
    names = getattr(_RUN, "area_names", None)
    if names is None:
        names = guard(_area_names, *key())
        if get_script_run_ctx(suppress_warning=True) is not None:
            _RUN.area_names = names  # until the next run starts (stale_slot)
    return areas.area_name(code, names, with_code=with_code)


def area_overview(flt: SnapshotFilter) -> pd.DataFrame:
    """CBS key figures beside the network measures per area (:func:`areas.area_overview`)."""
    return guard(_area_overview, *key(), flt.model_dump_json())


@shared()
def _person_choices(url: str, version: int, uid: str, role: str, pid: str) -> list[tuple[str, str]]:
    from netwerk.services import privacy

    return privacy.person_choices(viewer_of(uid, role, pid), cached_store(url))


def person_choices() -> list[tuple[str, str]]:
    """(person_id, label) for the privacy page's picker (:func:`netwerk.services.privacy.person_choices`),
    once per data version and viewer."""
    return guard(_person_choices, *key())


@shared()
def _retention_plan(url: str, version: int, uid: str, role: str, pid: str, months: int, today: str):
    from netwerk.services import privacy

    return privacy.retention_plan(viewer_of(uid, role, pid), cached_store(url), months, today=date.fromisoformat(today))


def retention_plan(months: int):
    """The retention dry run (:func:`netwerk.services.privacy.retention_plan`) for ``months``,
    once per data version, viewer and day (the cut-off moves with today's date)."""
    return guard(_retention_plan, *key(), int(months), datetime.now(AMSTERDAM).date().isoformat())


def privacy_scan() -> pd.DataFrame:
    """Titles and names that look like information about a person
    (:func:`netwerk.services.privacy.scan_titles`), once per data version and viewer."""
    return guard(_privacy_scan, *key())


def pseudonym_scan() -> pd.DataFrame:
    """Residents whose pseudonym looks like a real name
    (:func:`netwerk.services.pseudonyms.suspicious_pseudonyms`), once per data version and viewer."""
    return guard(_pseudonym_scan, *key())


_LAST_VIEW_KEY = "buurtnetwerk_last_logged_page"


def log_page_view(page: str) -> None:
    """Write ``view <page>`` to the audit log when the signed-in viewer opens a page
    (once per visit: reruns of the same page, e.g. a changed filter, are not logged again)."""
    if st.session_state.get(_LAST_VIEW_KEY) == page:
        return
    st.session_state[_LAST_VIEW_KEY] = page
    log_event(current_viewer(), store(), "view", target=page)
