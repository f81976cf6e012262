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
from pathlib import Path

import pytest

from netwerk.bootstrap import open_store
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


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running dashboard on a store holding the small network."""
    _chromium_or_fail()
    tmp = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{tmp / 'netwerk.sqlite'}"
    store = open_store(url)
    store.apply(small_network())
    store.close()
    port = _free_port()
    env = {**os.environ, "NETWERK_STORE_URL": url}
    log = (tmp / "streamlit.log").open("w")
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
                pytest.fail(f"streamlit did not start:\n{(tmp / 'streamlit.log').read_text()[-3000:]}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_netwerkkaart_renders_and_hostile_label_stays_text(app_url: str) -> None:
    from playwright.sync_api import sync_playwright

    console_errors: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(_chromium_or_fail()), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1300})
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: console_errors.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r: console_errors.append(f"request failed: {r.url} {r.failure}"))
            page.on("response", lambda r: console_errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

            def on_dialog(d) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            # Start at the root and navigate like a user: opening /netwerkkaart directly makes
            # Streamlit's frontend probe /netwerkkaart/_stcore/* first (harmless 404s).
            page.goto(app_url, wait_until="domcontentloaded")
            page.get_by_role("link", name="Netwerkkaart").click()

            # The map is the iframe holding vis-network; wait until physics has stabilised.
            page.wait_for_selector("iframe", timeout=RENDER_TIMEOUT_MS)
            frame = next(f for f in _frames_with_map(page))
            frame.wait_for_function("document.body.dataset.stabilised === '1'", timeout=RENDER_TIMEOUT_MS)

            canvas = frame.locator("#mynetwork canvas")
            assert canvas.count() == 1
            box = canvas.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100, box
            assert frame.evaluate("network.physics.options.enabled") is False  # physics stopped

            # The hostile name is data and text, never markup.
            assert frame.evaluate(f"network.body.data.nodes.get({HOSTILE_ID!r}).label") == HOSTILE_NAME
            options = frame.evaluate("Array.from(document.querySelectorAll('#zoek option')).map(o => o.textContent)")
            assert HOSTILE_NAME in options
            tooltip = _hover_node(page, frame, HOSTILE_ID)
            assert HOSTILE_NAME in tooltip
            assert frame.locator("img").count() == 0
            assert page.locator("img[src='x']").count() == 0

            # The status line reports the counts once the map is still.
            status = frame.locator("#status").text_content() or ""
            assert "personen" in status and "relaties" in status, status

            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "netwerkkaart.png"), full_page=True)
        finally:
            browser.close()
    assert not dialogs, f"a dialog fired: {dialogs}"
    assert not console_errors, f"browser console errors: {console_errors}"


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
