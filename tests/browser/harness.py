"""The harness of the browser tests: a real ``streamlit run`` of the dashboard and Debian's
headless Chromium (``/usr/bin/chromium``, or ``NETWERK_CHROMIUM``) driven by Playwright
through its executable path. Playwright never downloads a browser here.

:func:`serve` starts the dashboard on a store URL on a free port and yields its base URL;
:class:`Browser` opens a page that records every console error, page error, failed
request, HTTP error and dialog, signs in through the real sign-in form, opens pages from
the sidebar, waits until Streamlit has finished running the script (never a fixed sleep),
saves full-page screenshots under ``artifacts/`` and fails the test on any recorded error
(:meth:`Browser.assert_clean`). Nothing is filtered: the dashboard is expected to produce
no console error at all.
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
from netwerk.services import users

__all__ = [
    "ARTIFACTS",
    "PASSWORD",
    "RENDER_TIMEOUT_MS",
    "USER",
    "Browser",
    "add_coordinator",
    "chromium_or_fail",
    "frames_with_map",
    "hover_node",
    "map_frame",
    "serve",
]

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
# Generous: five engineers share two cores; a wait ends as soon as its condition holds.
RENDER_TIMEOUT_MS = 90_000
USER, PASSWORD = "coordinator", "browser-test-wachtwoord"

# Streamlit's own end-to-end tests wait on these attributes of the app's root element:
# the script has finished (``notRunning``) and the websocket is connected. Elements of the
# previous run are marked ``data-stale`` until the new run replaces them.
_IDLE_JS = """() => !!document.querySelector(
        "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']")
    && !document.querySelector("[data-stale='true']")
    && !document.querySelector("[data-testid='stSkeleton']")"""


def add_coordinator(store) -> None:
    """The coordinator account the browser tests sign in with (:data:`USER`, :data:`PASSWORD`)."""
    users.add_user(SYSTEM, store, USER, "coordinator", PASSWORD)


def chromium_or_fail() -> Path:
    """Debian's Chromium; fails (or skips with ``NETWERK_SKIP_BROWSER=1``) when it is missing."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("NETWERK_SKIP_BROWSER") == "1":
        pytest.skip(f"{CHROMIUM} ontbreekt en NETWERK_SKIP_BROWSER=1")
    pytest.fail(
        f"Chromium not found at {CHROMIUM}. Install Debian's package (apt-get install -y chromium) "
        "or set NETWERK_SKIP_BROWSER=1 to skip the browser tests deliberately."
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(store_url: str, log_path: Path) -> Iterator[str]:
    """Run ``streamlit run dashboard/streamlit_app.py`` on ``store_url``; yield its base URL.

    The server's output goes to ``log_path``; it is shown when the server does not become
    healthy within :data:`START_TIMEOUT_S`. The process is terminated on exit.
    """
    port = free_port()
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
                time.sleep(0.3)  # polling the health endpoint, not waiting for the page
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class Browser:
    """A headless Chromium page that records console errors, page errors, failed requests,
    HTTP errors and dialogs (dialogs are dismissed). Use as a context manager or call
    :meth:`close`. With ``name``, a failure inside the ``with`` block leaves a screenshot
    ``artifacts/{name}-fout.png`` of the page as it was."""

    def __init__(self, pw, name: str | None = None, width: int = 1400, height: int = 1300) -> None:
        self.name = name
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.browser = pw.chromium.launch(executable_path=str(chromium_or_fail()), headless=True, args=CHROMIUM_ARGS,
                                          timeout=RENDER_TIMEOUT_MS)
        self.context = self.browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        # Every wait (a click finding its element, a download starting) gets the generous timeout.
        self.context.set_default_timeout(RENDER_TIMEOUT_MS)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        self.page.on("dialog", self._on_dialog)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None and self.name:
                self.screenshot(f"{self.name}-fout.png")
        except Exception as e:  # noqa: BLE001 - the original failure matters more than the screenshot
            print(f"no failure screenshot: {e}")
        finally:
            self.close()

    def close(self) -> None:
        self.browser.close()

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_request_failed(self, request) -> None:
        self.errors.append(f"request failed: {request.url} {request.failure}")

    # --- navigation ------------------------------------------------------------------------

    def sign_in(self, base: str, user_id: str = USER, password: str = PASSWORD) -> None:
        """Open the dashboard and sign in through the form, like a user."""
        # Start at the root: opening /netwerkkaart directly makes Streamlit's frontend
        # probe /netwerkkaart/_stcore/* first (harmless 404s that would count as errors).
        self.page.goto(base, wait_until="domcontentloaded")
        self.page.get_by_label("Gebruikersnaam").fill(user_id)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Aanmelden").click()
        self.page.get_by_role("link", name="Overzicht").wait_for(timeout=RENDER_TIMEOUT_MS)
        self.wait_idle()

    def open_page(self, title: str, heading: str | None = None) -> None:
        """Click the sidebar link ``title`` and wait until the page's heading (default: the
        title) is shown and the script has finished."""
        self.page.get_by_role("link", name=title, exact=True).click()
        self.page.get_by_role("heading", name=heading or title, exact=True).first.wait_for(timeout=RENDER_TIMEOUT_MS)
        self.wait_idle()

    def wait_idle(self, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
        """Wait until the script run has finished (the app's ``data-test-script-state`` is
        ``notRunning``, connected) and no stale element or loading skeleton is left. Call it
        after waiting for what an action shows: right after a click the rerun may not have
        started yet."""
        self.page.wait_for_function(_IDLE_JS, timeout=timeout_ms)

    def open_map(self, base: str):
        """Sign in, open Netwerkkaart like a user and return the map's frame once physics has stopped."""
        self.sign_in(base)
        self.page.get_by_role("link", name="Netwerkkaart").click()
        return map_frame(self.page)

    # --- evidence --------------------------------------------------------------------------

    def screenshot(self, name: str) -> Path:
        """Save a screenshot of the whole page (the app scrolls inside its main section, so
        the viewport is stretched to the content's height first) as ``artifacts/name``."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        viewport = self.page.viewport_size or {"width": 1400, "height": 1300}
        height = self.page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebarContent]'))"
            ".map(e => e.scrollHeight), document.body.scrollHeight)"
        )
        tall = min(max(int(height), viewport["height"]), 12_000)
        try:
            if tall > viewport["height"]:
                self.page.set_viewport_size({"width": viewport["width"], "height": tall})
            self.page.screenshot(path=str(path), full_page=True)
        finally:
            self.page.set_viewport_size(viewport)
        return path

    def assert_clean(self) -> None:
        """Fail on any dialog or recorded browser error."""
        assert not self.dialogs, f"a dialog fired: {self.dialogs}"
        assert not self.errors, f"browser errors: {self.errors}"


def map_frame(page):
    """The iframe holding the vis-network map, once its physics has stabilised and stopped."""
    page.wait_for_selector("iframe", timeout=RENDER_TIMEOUT_MS)
    frame = next(frames_with_map(page))
    frame.wait_for_function("document.body.dataset.stabilised === '1'", timeout=RENDER_TIMEOUT_MS)
    canvas = frame.locator("#mynetwork canvas")
    assert canvas.count() == 1
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box
    assert frame.evaluate("network.physics.options.enabled") is False  # stabilised, then stopped
    return frame


def frames_with_map(page):
    """Yield the first frame that holds ``#mynetwork`` (polling up to :data:`RENDER_TIMEOUT_MS`)."""
    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame != page.main_frame and frame.locator("#mynetwork").count():
                yield frame
                return
        page.wait_for_timeout(250)
    raise AssertionError("no iframe with the network map appeared")


def hover_node(page, frame, node_id: str) -> str:
    """Move the mouse onto a node of the map and return the tooltip's text."""
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
