"""Netwerkkaart in a real headless Chromium (Debian's ``chromium`` package, driven by
Playwright through its executable path; never a browser downloaded by a test tool).

Starts ``streamlit run dashboard/streamlit_app.py`` on a small network with a person
named ``<img src=x onerror=alert(1)>`` and checks that the vis-network canvas renders,
the map stabilises, the hostile name stays text (node data, search list and tooltip),
no ``<img src=x>`` appears, no dialog fires and the browser logs no error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import SnapshotFilter
from netwerk.services import network, seeding, users
from tests.dashboard.small_network import HOSTILE_ID, HOSTILE_NAME, small_network

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("NETWERK_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60
USER, PASSWORD = "coordinator", "browser-test-wachtwoord"


def add_coordinator(store) -> None:
    """The account the browser signs in with."""
    users.add_user(SYSTEM, store, USER, "coordinator", PASSWORD)

RENDER_TIMEOUT_MS = 90_000


def _chromium_or_fail() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("NETWERK_SKIP_BROWSER") == "1":
        pytest.skip(f"{CHROMIUM} ontbreekt en NETWERK_SKIP_BROWSER=1")
    pytest.fail(
        f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install -y chromium) "
        "or set NETWERK_SKIP_BROWSER=1 to skip the browser tests deliberately."
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serve(store_url: str, log_path: Path) -> Iterator[str]:
    """Run ``streamlit run dashboard/streamlit_app.py`` on ``store_url``; yield its base URL."""
    port = _free_port()
    env = {**os.environ, "NETWERK_STORE_URL": store_url}
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "streamlit_app.py"),
                "--server.headless", "true",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
                "--client.toolbarMode", "minimal",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"streamlit did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


class _Browser:
    """A Chromium page that records console errors, failed requests and dialogs."""

    def __init__(self, pw) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.browser = pw.chromium.launch(executable_path=str(_chromium_or_fail()), headless=True, args=CHROMIUM_ARGS)
        self.page = self.browser.new_page(viewport={"width": 1400, "height": 1300})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        self.page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def sign_in(self, base: str, user_id: str = USER, password: str = PASSWORD) -> None:
        """Open the dashboard and sign in through the form, like a user."""
        # Start at the root: opening /netwerkkaart directly makes Streamlit's frontend
        # probe /netwerkkaart/_stcore/* first (harmless 404s that would count as errors).
        self.page.goto(base, wait_until="domcontentloaded")
        self.page.get_by_label("Gebruikersnaam").fill(user_id)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Aanmelden").click()
        self.page.get_by_role("link", name="Overzicht").wait_for(timeout=RENDER_TIMEOUT_MS)

    def open_map(self, base: str):
        """Sign in, open Netwerkkaart like a user and return the map's frame once physics has stopped."""
        self.sign_in(base)
        self.page.get_by_role("link", name="Netwerkkaart").click()
        self.page.wait_for_selector("iframe", timeout=RENDER_TIMEOUT_MS)
        frame = next(_frames_with_map(self.page))
        frame.wait_for_function("document.body.dataset.stabilised === '1'", timeout=RENDER_TIMEOUT_MS)
        canvas = frame.locator("#mynetwork canvas")
        assert canvas.count() == 1
        box = canvas.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, box
        assert frame.evaluate("network.physics.options.enabled") is False  # stabilised, then stopped
        return frame

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog fired: {self.dialogs}"
        assert not self.errors, f"browser errors: {self.errors}"


def test_netwerkkaart_renders_and_hostile_label_stays_text(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(small_network())
    add_coordinator(store)
    expected = network.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
    store.close()
    with _serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = _Browser(pw)
        try:
            frame = b.open_map(base)
            # The hostile name is data and text, never markup.
            assert frame.evaluate(f"network.body.data.nodes.get({HOSTILE_ID!r}).label") == HOSTILE_NAME
            options = frame.evaluate("Array.from(document.querySelectorAll('#zoek option')).map(o => o.textContent)")
            assert HOSTILE_NAME in options
            tooltip = _hover_node(b.page, frame, HOSTILE_ID)
            assert HOSTILE_NAME in tooltip
            assert frame.locator("img").count() == 0
            assert b.page.locator("img[src='x']").count() == 0
            status = frame.locator("#status").text_content() or ""
            assert status == f"{len(expected.nodes)} personen, {len(expected.edges)} relaties", status
            b.screenshot("netwerkkaart.png")
        finally:
            b.browser.close()
        b.assert_clean()


def test_netwerkkaart_demo_data_stabilises_and_stays_still(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    _chromium_or_fail()
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    store = open_store(url)
    seeding.seed(store, "demo")
    add_coordinator(store)
    expected = network.network_map_data(SYSTEM, store, SnapshotFilter(), "organisation", "degree")
    store.close()
    with _serve(url, tmp_path / "streamlit.log") as base, sync_playwright() as pw:
        b = _Browser(pw)
        try:
            started = time.monotonic()
            frame = b.open_map(base)
            seconds = time.monotonic() - started
            assert frame.evaluate("network.body.data.nodes.length") == len(expected.nodes)
            assert frame.evaluate("network.body.data.edges.length") == len(expected.edges)
            assert seconds < 60, f"the demo map took {seconds:.0f} s to settle"
            # Still means still: positions do not change once physics is off.
            before = frame.evaluate("JSON.stringify(network.getPositions())")
            b.page.wait_for_timeout(1000)
            assert frame.evaluate("JSON.stringify(network.getPositions())") == before
            b.screenshot("netwerkkaart-demo.png")
        finally:
            b.browser.close()
        b.assert_clean()


def _frames_with_map(page):
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame != page.main_frame and frame.locator("#mynetwork").count():
                yield frame
                return
        page.wait_for_timeout(250)
    raise AssertionError("no iframe with the network map appeared")


def _hover_node(page, frame, node_id: str) -> str:
    """Move the mouse onto a node and return the tooltip's text."""
    pos = frame.evaluate(
        "(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return {x: p.x + r.left, y: p.y + r.top}; }",
        node_id,
    )
    frame_box = frame.frame_element().bounding_box()
    assert frame_box
    x, y = frame_box["x"] + pos["x"], frame_box["y"] + pos["y"]
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    tooltip = frame.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.locator("img").count() == 0
    return tooltip.inner_text()
