"""After every kind of write, every page shows what a computation from scratch shows (issue 19).

Results are shared across sessions, kept per data version, refreshed in the background after
a write and persisted beside the store (:mod:`netwerk.services.results`), and snapshots are
reused per state (:class:`netwerk.store.snapshot.SnapshotMemo`). The risk is correctness: a
page that shows a figure of before the write as if it were current. On the demo data in a
real SQLite file and in the real Neo4j server, each kind of write is made through its service
(Invoer save, edit and delete, an import, an erase, a consent withdrawal, a theme merge); then
every coordinator page is run with the caches as the write left them (pages wait for fresh
figures) and again after every cache was dropped (a from-scratch computation), and what they
show must be equal element by element. The Auditlog page is left out: it shows the live log,
which the page views themselves extend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.navigation import pages_for
from dashboard.session import VIEWER_KEY
from netwerk.access import Viewer
from netwerk.bootstrap import open_store
from netwerk.services import entry, importing, privacy, results, seeding, themes
from netwerk.store.base import Store

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
COORDINATOR = Viewer(user_id="coordinator", role="coordinator")
PAGES = [p for p in pages_for("coordinator") if p.title != "Auditlog"]


def _figures(at: AppTest) -> list[tuple[str, str]]:
    """What a page shows: titles, texts, metrics, tables and charts, in order."""
    out: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        out += [(kind, str(e.value)) for e in getattr(at, kind)]
    out += [("metric", f"{m.label}={m.value} ({m.delta})") for m in at.metric]
    out += [("dataframe", d.value.to_csv()) for d in at.dataframe]
    out += [("table", t.value.to_csv()) for t in at.table]
    out += [("chart", c.proto.spec) for c in at.get("plotly_chart")]
    return out


def _all_pages(url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[str, str]]]:
    monkeypatch.setenv("NETWERK_STORE_URL", url)
    shown = {}
    for spec in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=300)
        at.session_state[VIEWER_KEY] = COORDINATOR
        if not spec.default:
            at.switch_page(spec.path)
        at.run()
        assert not at.exception, (spec.title, [e.value for e in at.exception])
        shown[spec.title] = _figures(at)
    return shown


def _from_scratch(url: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[str, str]]]:
    st.cache_resource.clear()  # a new store object: no snapshot kept
    st.cache_data.clear()
    results.forget(url)  # no result in memory or on disk
    return _all_pages(url, monkeypatch)


def _save(s: Store) -> None:
    opts = entry.entry_options(COORDINATOR, s)
    pro = opts.persons[opts.persons["kind"] == "professional"]["person_id"].iloc[0]
    entry.record_straatgesprek(COORDINATOR, s, token=entry.new_token(), day=dt.date(2025, 5, 12),
                               buurt_code="BU01770100", professionals=[pro], themes=["zwerfafval"],
                               residents=["048"])


def _edit(s: Store) -> None:
    entry.record_straatgesprek(COORDINATOR, s, token=entry.new_token(), day=dt.date(2025, 4, 2),
                               buurt_code="BU01770101", professionals=["p02"], themes=["eenzaamheid"],
                               residents=["049"], activity_id="a009")


def _delete(s: Store) -> None:
    entry.delete_activity(COORDINATOR, s, "a008", confirm=True)


def _import(s: Store, tmp: Path) -> None:
    path = tmp / "participations.csv"
    path.write_text("activity_id;person_id;role\na001;p05;participant\na002;p06;participant\n", encoding="utf-8")
    report = importing.import_paths(COORDINATOR, s, [path])
    assert not getattr(report, "errors", None), report


def _erase(s: Store) -> None:
    privacy.erase_person(COORDINATOR, s, "049")


def _withdraw(s: Store) -> None:
    assert privacy.withdraw_consent(COORDINATOR, s, "048")


def _merge(s: Store) -> None:
    themes.merge_themes(COORDINATOR, s, "zwerfafval", "eenzaamheid")


WRITES: list[tuple[str, Callable]] = [
    ("invoer opslaan", _save), ("invoer wijzigen", _edit), ("invoer verwijderen", _delete),
    ("import", _import), ("wissen", _erase), ("toestemming intrekken", _withdraw), ("thema's samenvoegen", _merge),
]


@pytest.fixture(params=["sqlite", "neo4j"])
def demo_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "neo4j":
        url = request.getfixturevalue("neo4j_url")
    else:
        url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    s = open_store(url)
    seeding.seed(s, "demo")
    s.close()
    return url


def test_every_page_after_every_kind_of_write_equals_a_computation_from_scratch(
        demo_store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = demo_store_url
    before = _all_pages(url, monkeypatch)  # caches warm, as a running dashboard has them
    s = open_store(url)
    try:
        for name, write in WRITES:
            version = s.data_version()
            write(s, tmp_path) if write is _import else write(s)
            assert s.data_version() > version, name
            shown = _all_pages(url, monkeypatch)
            fresh = _from_scratch(url, monkeypatch)
            for title in fresh:
                assert shown[title] == fresh[title], f"{name}: {title} shows other figures than from scratch"
            changed = [t for t in fresh if fresh[t] != before[t]]
            assert changed, f"{name} changed no page: the comparison would not see a stale figure"
            before = fresh
    finally:
        s.close()


def test_the_pages_show_the_write_not_the_figures_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard for the test above: the comparison sees a change (a straatgesprek in a new
    quarter changes Overzicht, Groei, the map and the actor measures)."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    s = open_store(url)
    seeding.seed(s, "demo")
    first = _all_pages(url, monkeypatch)
    _save(s)
    s.close()
    after = _all_pages(url, monkeypatch)
    changed = [t for t in first if first[t] != after[t]]
    assert {"Overzicht", "Groei", "Netwerkkaart", "Actoren"} <= set(changed), changed
