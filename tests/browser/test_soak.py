"""Soak test: many sessions against one real running dashboard, on both stores.

For :data:`SOAK_SECONDS` (``NETWERK_SOAK_SECONDS``, default 40) at once:

- :data:`BROWSERS` Playwright browser contexts (one headless Chromium) each sign in
  through the real form and view every coordinator page, round after round;
- :data:`SAVERS` service threads save Invoer records (straatgesprekken) through
  :mod:`netwerk.services.entry`, each on its own store object (a second process beside
  the dashboard's server);
- one service thread imports organisation files (CLI-equivalent import with its audit
  entry).

Afterwards: no browser error, no Streamlit exception or traceback on any page, no
failed service call; every saved record is stored exactly once with exactly one audit
entry; every import with its organisations and one audit entry; every sign-in with its
audit row; on SQLite ``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dashboard.navigation import pages_for
from netwerk.access import SYSTEM, Viewer
from netwerk.bootstrap import open_store
from netwerk.services import entry, seeding, users
from netwerk.services.importing import import_files
from tests.browser.harness import (
    _IDLE_JS,
    CHROMIUM_ARGS,
    PASSWORD,
    RENDER_TIMEOUT_MS,
    add_coordinator,
    chromium_or_fail,
    serve,
)

pytestmark = pytest.mark.browser

SOAK_SECONDS = float(os.environ.get("NETWERK_SOAK_SECONDS", "40"))
BROWSERS, SAVERS = 4, 3
COORD = Viewer("soak-invoer", "coordinator")
ORGS_PER_IMPORT, MAX_IMPORTS = 20, 15
# At most 300 new organisations: from 500 organisations on, the Groei page's layout
# (networkx spring_layout) needs scipy, which is not installed (a separate finding).


@pytest.fixture(params=["sqlite", "neo4j"])
def soak_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'soak.sqlite'}"
    return request.getfixturevalue("neo4j_url")


def test_soak_many_sessions_lose_nothing(soak_url, tmp_path):  # noqa: C901
    chromium = chromium_or_fail()
    store = open_store(soak_url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    for n in range(BROWSERS):
        users.add_user(SYSTEM, store, f"soak{n}", "coordinator", PASSWORD)
    orgs_before = store.counts()["organisations"]
    pros = ["p09", "p01", "p02"]
    out = {"errors": [], "sign_ins": Counter(), "views": Counter(), "saved": [], "imports": []}

    def saver(n: int, deadline: float) -> None:
        s = open_store(soak_url)
        i = 0
        try:
            while time.monotonic() < deadline:
                aid = entry.record_straatgesprek(
                    COORD, s, token=f"soak-{n}-{i}", day=dt.date(2025, 10, 1) + dt.timedelta(days=i % 60),
                    buurt_code="BU01770101", professionals=[pros[n % len(pros)]], themes=["eenzaamheid"])
                out["saved"].append(aid)
                i += 1
        except Exception as e:
            out["errors"].append(f"saver{n} {type(e).__name__}: {e}")
        finally:
            s.close()

    def importer(deadline: float) -> None:
        s = open_store(soak_url)
        k = 0
        try:
            while time.monotonic() < deadline and k < MAX_IMPORTS:
                csv = tmp_path / f"soak-organisaties-{k}.csv"
                csv.write_text("org_id;name;sector\n" + "".join(
                    f"soak{k:03d}-{i:04d};Soak {k}-{i};overig\n" for i in range(ORGS_PER_IMPORT)), encoding="utf-8")
                import_files(s, [csv], viewer=COORD)
                out["imports"].append(csv.name)
                k += 1
                time.sleep(SOAK_SECONDS / MAX_IMPORTS / 2)  # spread over the run, not a queue of them
        except Exception as e:
            out["errors"].append(f"importer {type(e).__name__}: {e}")
        finally:
            s.close()

    with serve(soak_url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        deadline = time.monotonic() + SOAK_SECONDS
        threads = [threading.Thread(target=saver, args=(n, deadline)) for n in range(SAVERS)]
        threads.append(threading.Thread(target=importer, args=(deadline,)))
        for t in threads:
            t.start()
        # Playwright's sync API is bound to one thread: this thread drives every browser
        # context (their page loads overlap on the server) while the service threads write.
        _run_interleaved(browser, base, deadline, out)
        for t in threads:
            t.join(timeout=120)
        browser.close()

    print(f"soak {soak_url.split(':')[0]}: {SOAK_SECONDS:.0f} s, {sum(out['sign_ins'].values())} aanmeldingen, "
          f"{sum(out['views'].values())} paginabezoeken, {len(out['saved'])} Invoer-records, "
          f"{len(out['imports'])} imports, {len(out['errors'])} fouten")
    assert out["errors"] == [], out["errors"][:5]
    assert sum(out["sign_ins"].values()) == BROWSERS
    assert len(out["saved"]) >= 10 and len(out["imports"]) >= 3
    assert set(out["views"]) == {p.title for p in pages_for("coordinator")}

    check = open_store(soak_url)
    audit = check.audit_events()
    acts = check.table("activities")
    soak_acts = [a for a in acts["activity_id"] if a in set(out["saved"])]
    assert sorted(soak_acts) == sorted(set(out["saved"]))
    assert len(out["saved"]) == len(set(out["saved"]))
    edits = Counter(audit.loc[(audit["action"] == "edit") & (audit["user_id"] == COORD.user_id), "target"])
    assert {a: edits[a] for a in out["saved"]} == dict.fromkeys(out["saved"], 1)
    imports = audit[audit["action"] == "import"]
    assert sorted(imports["target"]) == sorted(out["imports"])
    assert check.counts()["organisations"] == orgs_before + ORGS_PER_IMPORT * len(out["imports"])
    sign_ins = audit[(audit["action"] == "sign_in") & audit["user_id"].str.startswith("soak")]
    assert len(sign_ins) == BROWSERS
    assert (audit["action"] == "view").sum() >= BROWSERS
    check.close()
    store.close()
    if soak_url.startswith("sqlite"):
        with sqlite3.connect(Path(soak_url.removeprefix("sqlite:///"))) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _run_interleaved(browser, base: str, deadline: float, out: dict) -> None:
    """Run the browser sessions side by side: each context signs in, then they view pages
    in turn (one page per session per step) until the deadline. The Streamlit server sees
    :data:`BROWSERS` sessions open at once, each with its own websocket and script runs."""
    titles = [p.title for p in pages_for("coordinator")]
    pages = []
    errors = out["errors"]
    for n in range(BROWSERS):
        ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
        ctx.set_default_timeout(RENDER_TIMEOUT_MS)
        page = ctx.new_page()
        page.on("console", lambda m, n=n: errors.append(f"b{n} console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e, n=n: errors.append(f"b{n} pageerror: {e}"))
        page.on("response", lambda r, n=n: errors.append(f"b{n} HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.goto(base, wait_until="domcontentloaded")
        page.get_by_label("Gebruikersnaam").fill(f"soak{n}")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        pages.append(page)
    # Five browsers signing in at once: every click first, then every wait.
    for page in pages:
        page.get_by_role("button", name="Aanmelden").click()
    for n, page in enumerate(pages):
        page.get_by_role("link", name="Overzicht").wait_for()
        page.wait_for_function(_IDLE_JS)
        out["sign_ins"][n] += 1
    step, stride = 0, -(-len(titles) // BROWSERS)
    # Until the deadline, and at least until every page was viewed by one session.
    while time.monotonic() < deadline or step < stride:
        # Every session clicks its next page, then all are awaited: their script runs overlap.
        chosen = [titles[(n * stride + step) % len(titles)] for n in range(BROWSERS)]
        for page, title in zip(pages, chosen, strict=True):
            page.get_by_role("link", name=title, exact=True).click()
        for n, (page, title) in enumerate(zip(pages, chosen, strict=True)):
            page.wait_for_function(_IDLE_JS)
            shown = page.locator("[data-testid='stException']")
            if shown.count():
                errors.append(f"b{n} {title}: {shown.first.inner_text()[:300]}")
            out["views"][title] += 1
        step += 1
    for page in pages:
        page.context.close()
