"""Felt benchmark: ``python -m bench.felt [--configs sqlite:10000,sqlite:50000,neo4j:10000] [--quick]``.

What a coordinator feels, in a real browser against a FRESH ``streamlit run`` of the
dashboard, for each configuration (store kind and persons), once with the baseline's code
(``--baseline REV``, checked out into a temporary ``git worktree``) and once with ours:

1. A store filled by :func:`netwerk.services.generate.generate` (seed 1, ``activities =
   2 * persons``; the SQLite file is kept in ``--store-dir`` and reused, as
   :mod:`bench.dashboard` does). Each run gets a fresh copy of it (the save below changes
   the data, so baseline and ours see the same data). Neo4j: a fresh server per run
   (``netwerk neo4j start --dir ... --zonder-wachtwoord``, with ``--heap``/``--pagecache``
   when that command offers them), filled with ``netwerk copy`` from the SQLite file.
   A coordinator account is added (:func:`netwerk.services.users.add_user`).
2. ``streamlit run dashboard/streamlit_app.py`` of that code (cwd and ``PYTHONPATH`` = the
   code's root, same Python), headless on its own port, driven by Playwright with Debian's
   ``/usr/bin/chromium``: sign in through the form, then open every page a coordinator sees
   (:func:`dashboard.navigation.pages_for`) by its sidebar link. *Cold* = seconds from the
   click (for Overzicht: from "Aanmelden") until the page is fully rendered: Streamlit idle
   (script not running, connected, no stale element, no skeleton, no ``stSpinner``) and the
   page's title shown as its heading.
3. One straatgesprek saved through the Invoer service in this process
   (:func:`netwerk.services.entry.record_straatgesprek`, coordinator, same store; the save
   itself is timed), then every page again: *iets zichtbaar* = until rendered and idle (it
   may show older figures); *vers* = until rendered, idle and without the text
   :data:`STALE_NOTE` (the dashboard's contract: a page that shows figures of an older data
   version says so and reruns itself until fresh; the page is re-clicked when it stays
   idle with the note). Code without such a note gives *vers* = *iets zichtbaar*. Also the
   sum over all pages (the time until every page is fresh after the save).
4. Peak RSS of the streamlit server process (``VmHWM`` of ``/proc/<pid>/status``, plus its
   children's) after every page was visited.

Each page has a budget (``--budget`` seconds, default 600); a slower page is reported as
over it. Prints each figure beside the baseline's and the ratio (ours/baseline), the
targets (GEHAALD / NIET GEHAALD) and writes a markdown table to ``--output`` (default
``bench/results/felt.md``; ``--quick``: ``bench/results/felt-quick.md``). ``--quick`` = SQLite
at 1,000 persons. Also part "felt" of ``python -m bench``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config", "PageTimes", "Run", "main", "markdown", "parse_configs", "targets", "vm_hwm_kib"]

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CHROMIUM = Path(os.environ.get("NETWERK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STALE_NOTE = "Nieuwe cijfers worden berekend"
USER, PASSWORD = "felt-coordinator", "felt-bench-wachtwoord"
DEFAULT_CONFIGS = "sqlite:10000,sqlite:50000,neo4j:10000"
START_TIMEOUT_S = 120
# The page's heading when it is not its sidebar title.
HEADINGS = {"Bronnen (ABCD)": "Bronnen in de buurt (ABCD)"}

# Ready: the page's heading (arg[0]) is shown and Streamlit is idle: the script has finished
# and the websocket is connected (the attributes Streamlit's own end-to-end tests wait on),
# nothing of the previous run is left (stale, skeleton), no spinner, no running status
# widget. A page that says it shows older figures (arg[2], the note) counts as "something
# visible" even while it reruns itself; "fresh" (arg[1]) is ready without the note.
_READY_JS = """([heading, fresh, note]) => {
  const h = Array.from(document.querySelectorAll('h1')).some(e => (e.innerText || '').trim() === heading);
  if (!h) return false;
  const noted = (document.body.innerText || '').includes(note);
  if (noted && !fresh && !document.querySelector("[data-stale='true']")) return true;
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
      || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton'], [data-testid='stSpinner']")) return false;
  const status = document.querySelector("[data-testid='stStatusWidget']");
  if (status && /running|bezig/i.test(status.innerText || '')) return false;
  return !noted;
}"""
_IDLE_NOTE_JS = """(note) => !!document.querySelector(
  "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']")
  && (document.body.innerText || '').includes(note)"""


@dataclass(frozen=True)
class Config:
    """One configuration: store kind (``sqlite`` or ``neo4j``) and persons."""

    store: str
    persons: int

    @property
    def label(self) -> str:
        return f"{'SQLite' if self.store == 'sqlite' else 'Neo4j'} {self.persons:,}".replace(",", ".")


@dataclass
class PageTimes:
    """Seconds of one page (None: over the budget or failed)."""

    page: str
    cold: float | None = None
    visible: float | None = None
    fresh: float | None = None


@dataclass
class Run:
    """One run of one code version on one configuration."""

    code: str
    pages: list[PageTimes] = field(default_factory=list)
    save_s: float | None = None
    rss_kib: int | None = None
    error: str | None = None

    def all_fresh_s(self) -> float | None:
        """Sum of the pages' *vers* times (None when a page never became fresh)."""
        vals = [p.fresh for p in self.pages]
        return None if not vals or any(v is None for v in vals) else sum(v for v in vals if v is not None)


def parse_configs(text: str) -> list[Config]:
    """``"sqlite:10000,neo4j:10_000"`` -> configurations; raises ValueError on an unknown store."""
    out = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        store, _, n = part.partition(":")
        if store not in ("sqlite", "neo4j") or not n:
            raise ValueError(f"configuratie {part!r}: verwacht sqlite:PERSONEN of neo4j:PERSONEN")
        out.append(Config(store, int(n.replace("_", "").replace(".", ""))))
    return out


def vm_hwm_kib(status_text: str) -> int | None:
    """The ``VmHWM`` (peak resident set, KiB) of a ``/proc/<pid>/status`` text, or None."""
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                kids = [int(k) for k in task.read_text().split()]
                found += kids
                todo += kids
    return found


def tree_peak_rss_kib(pid: int) -> int | None:
    """``VmHWM`` of process ``pid`` plus that of each of its living descendants (KiB)."""
    total = None
    for p in [pid, *_descendants(pid)]:
        with contextlib.suppress(OSError):
            v = vm_hwm_kib(Path(f"/proc/{p}/status").read_text())
            if v is not None:
                total = (total or 0) + v
    return total


# --- formatting (unit-tested) ---------------------------------------------------------------------

def _s(x: float | None, budget: float | None = None) -> str:
    if x is None:
        return f"> {budget:.0f}" if budget else "-"
    return f"{x:.2f}"


def _ratio(ours: float | None, base: float | None) -> str:
    if ours is None or base is None or base <= 0:
        return "-"
    return f"{ours / base:.2f}x"


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:,.0f} MiB"


def _triple(ours: float | None, base: float | None, budget: float | None, base_budget: float | None) -> list[str]:
    return [_s(base, base_budget), _s(ours, budget), _ratio(ours, base)]


def config_table(cfg: Config, base: Run | None, ours: Run, budget: float) -> list[str]:
    """Markdown table of one configuration: per page cold, iets zichtbaar and vers after the
    save (seconds, baseline | ours | ratio), then the save, the sum and peak RSS."""
    head = ["Pagina", "koud vóór", "koud na", "ratio", "zichtbaar vóór", "zichtbaar na", "ratio",
            "vers vóór", "vers na", "ratio"]
    lines = [f"#### {cfg.label} personen (seconden; vóór = {base.code if base else '-'}, na = {ours.code})", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    base_pages = {p.page: p for p in base.pages} if base else {}
    for p in ours.pages:
        b = base_pages.get(p.page)
        bb = budget if b else None  # a page the baseline did not measure is "-", not over the budget
        b = b or PageTimes(p.page)
        cells = [p.page, *_triple(p.cold, b.cold, budget, bb), *_triple(p.visible, b.visible, budget, bb),
                 *_triple(p.fresh, b.fresh, budget, bb)]
        lines.append("| " + " | ".join(cells) + " |")
    b_fresh = base.all_fresh_s() if base else None
    lines.append("| **alle pagina's vers na de opslag (som)** | | | | | | | " + " | ".join(
        _triple(ours.all_fresh_s(), b_fresh, None, None)) + " |")
    lines += ["", f"- opslaan van één straatgesprek (Invoer-service): vóór {_s(base.save_s if base else None)} s, "
              f"na {_s(ours.save_s)} s ({_ratio(ours.save_s, base.save_s if base else None)})",
              "- koud = vanaf de klik in de zijbalk (Overzicht: vanaf 'Aanmelden') tot de pagina klaar en rustig is; "
              f"zichtbaar/vers = na de opslag, tot klaar en rustig / ook zonder '{STALE_NOTE}'",
              f"- piek-RSS van het streamlit-proces (VmHWM, plus kinderen) na alle pagina's: vóór "
              f"{_mib(base.rss_kib if base else None)}, na {_mib(ours.rss_kib)}"]
    for run in (base, ours):
        if run and run.error:
            lines.append(f"- FOUT in de run van {run.code}: {run.error}")
    return lines


def targets(results: list[tuple[Config, Run | None, Run]]) -> list[tuple[str, bool | None]]:
    """The issue's targets, judged on our runs: (description, met; None = not measured here)."""
    def worst(run: Run, attr: str) -> float | None:
        vals = [getattr(p, attr) for p in run.pages]
        return None if not vals or any(v is None for v in vals) else max(vals)

    def judge(text: str, value: float | None, limit: float) -> tuple[str, bool | None]:
        return (f"{text}: gemeten {_s(value) if value is not None else 'over budget'}", value is not None and value <= limit)

    out: list[tuple[str, bool | None]] = []
    for cfg, _, ours in results:
        if cfg.persons == 10_000:
            out.append(judge(f"{cfg.label}: elke pagina koud <= 2 s", worst(ours, "cold"), 2.0))
            out.append(judge(f"{cfg.label}: elke pagina vers na een wijziging <= 1 s", worst(ours, "fresh"), 1.0))
        if cfg.persons == 50_000 and cfg.store == "sqlite":
            out.append(judge(f"{cfg.label}: elke pagina koud <= 3 s", worst(ours, "cold"), 3.0))
            rss = ours.rss_kib
            out.append((f"{cfg.label}: piek-RSS dashboard < 2 GiB: gemeten {_mib(rss)}",
                        rss is not None and rss < 2 * 1024 * 1024))
    if not out:
        out.append(("geen configuratie van 10.000 of 50.000 personen in deze run: doelen niet van toepassing", None))
    out.append(("volledige Neo4j-snapshot <= 2x SQLite: gemeten door bench.ingest (snapshot), niet hier", None))
    return out


def markdown(results: list[tuple[Config, Run | None, Run]], budget: float, header: list[str]) -> str:
    """The whole report (markdown): header lines, a table per configuration, the targets."""
    lines = ["# Buurtnetwerk: gevoelde snelheid (python -m bench.felt)", "", *header, ""]
    for cfg, base, ours in results:
        lines += config_table(cfg, base, ours, budget) + [""]
    lines += ["#### Doelen", ""]
    for text, met in targets(results):
        verdict = "n.v.t." if met is None else ("GEHAALD" if met else "NIET GEHAALD")
        lines.append(f"- {text}: **{verdict}**")
    return "\n".join(lines) + "\n"


# --- stores ----------------------------------------------------------------------------------------

def _in_code(code_root: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
    """Run this file's ``main(args)`` with ``code_root``'s ``netwerk`` (cwd and ``PYTHONPATH``
    = ``code_root``, same Python): every write to a run's store is made by that run's own
    code, so newer code never migrates the store the baseline reads. Returns stdout."""
    script = f"import runpy, sys; sys.argv = ['felt', *sys.argv[1:]]; runpy.run_path({str(Path(__file__))!r}, " \
             "run_name='__main__')"
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=code_root, capture_output=True, text=True,
                          input=stdin, env={**os.environ, **(env or {}), "PYTHONPATH": str(code_root)})
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} mislukt:\n{proc.stderr[-2000:]}")
    return proc.stdout


def _netwerk(code_root: Path, *args: str, url: str | None = None, stdin: str | None = None) -> str:
    """``netwerk ARGS`` (the CLI) of ``code_root``'s code; stdout."""
    env = {**os.environ, "PYTHONPATH": str(code_root), **({"NETWERK_STORE_URL": url} if url else {})}
    proc = subprocess.run([sys.executable, "-m", "netwerk.cli", *args], cwd=code_root, capture_output=True, text=True,
                          input=stdin, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"netwerk {' '.join(args)} mislukt:\n{proc.stderr[-2000:]}")
    return proc.stdout


def _filled_sqlite(store_dir: Path, persons: int, code_root: Path, code: str) -> Path:
    """The generated SQLite store of ``persons`` (seed 1, ``2 * persons`` activities), made
    by ``code_root``'s code (the oldest code of the run: newer code migrates an older store,
    not the other way round); kept in ``store_dir`` per code version and reused."""
    path = store_dir / f"felt-generated-{persons}-{code}.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_suffix(".partial")
        tmp.unlink(missing_ok=True)
        _in_code(code_root, "--generate-into", str(tmp), "--persons", str(persons))
        tmp.rename(path)
        print(f"  store van {persons:,} personen gegenereerd in {time.perf_counter() - t0:.0f} s ({code})", flush=True)
    return path


def _generate_into(path: Path, persons: int) -> None:
    """(Child) fill ``path`` by :func:`netwerk.services.generate.generate` (seed 1)."""
    from netwerk.access import SYSTEM
    from netwerk.bootstrap import open_store
    from netwerk.services.generate import generate

    s = open_store(f"sqlite:///{path}")
    try:
        generate(SYSTEM, s, persons, 2 * persons, seed=1)
    finally:
        s.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:  # fold the WAL into the file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _copy_sqlite(src: Path, dst: Path) -> None:
    with contextlib.closing(sqlite3.connect(src)) as a, contextlib.closing(sqlite3.connect(dst)) as b:
        a.backup(b)


def _neo4j_options(code_root: Path, heap: str, pagecache: str) -> list[str]:
    """``--heap``/``--pagecache`` when ``netwerk neo4j start`` offers them (not at every commit)."""
    helptext = _netwerk(code_root, "neo4j", "start", "--help")
    opts = []
    if "--heap" in helptext:
        opts += ["--heap", heap]
    if "--pagecache" in helptext:
        opts += ["--pagecache", pagecache]
    return opts


@contextlib.contextmanager
def _store(cfg: Config, filled: Path, work: Path, code_root: Path, args: argparse.Namespace) -> Iterator[str]:
    """A fresh copy of the filled store (Neo4j: a fresh server filled by ``netwerk copy``)
    with a coordinator account, all by ``code_root``'s code; yields its URL."""
    copy = work / "store.sqlite"
    _copy_sqlite(filled, copy)
    url = f"sqlite:///{copy}"
    neo_dir = work / "neo4j"
    try:
        if cfg.store == "neo4j":
            t0 = time.perf_counter()
            url = _netwerk(code_root, "neo4j", "start", "--dir", str(neo_dir), "--zonder-wachtwoord",
                           *_neo4j_options(code_root, args.heap, args.pagecache)).strip().splitlines()[-1]
            _netwerk(code_root, "copy", "--from", f"sqlite:///{copy}", "--to", url)
            print(f"    Neo4j gestart en gevuld in {time.perf_counter() - t0:.0f} s ({url})", flush=True)
        _netwerk(code_root, "users", "add", USER, "--role", "coordinator", "--password-stdin", url=url,
                 stdin=PASSWORD + "\n")
        yield url
    finally:
        if cfg.store == "neo4j":
            with contextlib.suppress(Exception):
                _netwerk(code_root, "neo4j", "stop", "--dir", str(neo_dir))


def _save_straatgesprek(url: str) -> float:
    """(Child) save one straatgesprek (a professional, two residents, one theme, on the
    latest day of the data) through the Invoer service as the coordinator; seconds of the
    save itself."""
    from netwerk.access import Viewer
    from netwerk.bootstrap import open_store
    from netwerk.services import entry

    viewer = Viewer(user_id=USER, role="coordinator")
    store = open_store(url)
    try:
        opts = entry.entry_options(viewer, store)
        people = opts.persons
        pro = people.loc[people["kind"] == "professional", "person_id"].iloc[0]
        residents = people.loc[people["kind"] == "resident", "person_id"].head(2).tolist()
        day = max(opts.activities["date"]) if len(opts.activities) else dt.date.today()
        t0 = time.perf_counter()
        entry.record_straatgesprek(viewer, store, token=entry.new_token(), day=day, buurt_code=opts.buurten[0],
                                   professionals=[str(pro)], themes=[opts.themes[0]], residents=residents)
        return time.perf_counter() - t0
    finally:
        store.close()


def _timed_save(code_root: Path, url: str) -> float:
    """The save, in a process of ``code_root``'s code (the Invoer service of that code)."""
    out = _in_code(code_root, "--save-into", url)
    return float(next(ln.split()[1] for ln in out.splitlines() if ln.startswith("SAVE_S ")))


# --- dashboard and browser -------------------------------------------------------------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _streamlit(code_root: Path, url: str, log_path: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A fresh ``streamlit run`` of ``code_root``'s dashboard on ``url``; yields (base URL, process)."""
    port = _free_port()
    env = {**os.environ, "NETWERK_STORE_URL": url, "PYTHONPATH": str(code_root)}
    check = subprocess.run([sys.executable, "-c", "import netwerk, dashboard; print(netwerk.__file__)"],
                           cwd=code_root, env=env, capture_output=True, text=True)
    if not check.stdout.strip().startswith(str(code_root)):
        raise RuntimeError(f"netwerk komt niet uit {code_root}: {check.stdout.strip()} {check.stderr[-500:]}")
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(code_root / "dashboard" / "streamlit_app.py"),
                                 "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                                cwd=code_root, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc, log_path)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_healthy(base: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(f"streamlit startte niet:\n{log_path.read_text()[-2000:]}")


class _Driver:
    """One signed-in browser page on the dashboard; times pages until ready."""

    def __init__(self, page, budget_s: float) -> None:
        self.page, self.budget_ms = page, budget_s * 1000

    def _ready(self, title: str, fresh: bool, timeout_ms: float) -> bool:
        from playwright.sync_api import TimeoutError as PwTimeout

        try:
            self.page.wait_for_function(_READY_JS, arg=[HEADINGS.get(title, title), fresh, STALE_NOTE],
                                        timeout=max(timeout_ms, 1), polling=50)
            return True
        except PwTimeout:
            return False

    def sign_in(self, base: str) -> float | None:
        """Open the dashboard, sign in; seconds from "Aanmelden" until Overzicht is ready."""
        self.page.goto(base, wait_until="domcontentloaded")
        self.page.get_by_label("Gebruikersnaam").fill(USER, timeout=self.budget_ms)
        self.page.get_by_label("Wachtwoord").fill(PASSWORD)
        t0 = time.perf_counter()
        self.page.get_by_role("button", name="Aanmelden").click()
        return time.perf_counter() - t0 if self._ready("Overzicht", False, self.budget_ms) else None

    def click(self, title: str) -> None:
        link = self.page.get_by_role("link", name=title, exact=True)
        if not link.is_visible():  # Streamlit folds the sidebar's links after the tenth under "View more"
            more = self.page.get_by_role("button", name="View more")
            if more.count() and more.first.is_visible():
                more.first.click()
        link.click()

    def time_page(self, title: str) -> tuple[float | None, float | None]:
        """Click ``title``'s link: seconds until rendered and idle, and until fresh as well."""
        t0 = time.perf_counter()
        self.click(title)
        if not self._ready(title, False, self.budget_ms):
            return None, None
        visible = time.perf_counter() - t0
        deadline = t0 + self.budget_ms / 1000
        while time.perf_counter() < deadline:
            if self._ready(title, True, min(5_000, (deadline - time.perf_counter()) * 1000)):
                return visible, time.perf_counter() - t0
            if self.page.evaluate(_IDLE_NOTE_JS, STALE_NOTE):  # idle but still the note: ask for a rerun
                self.click(title)
        return visible, None


def _visit_all(drv: _Driver, titles: list[str], times: dict[str, PageTimes], after_save: bool) -> None:
    for title in titles:
        pt = times.setdefault(title, PageTimes(title))
        if after_save:
            pt.visible, pt.fresh = drv.time_page(title)
            print(f"    {title:22} iets zichtbaar {_s(pt.visible, drv.budget_ms / 1000):>7} s   vers "
                  f"{_s(pt.fresh, drv.budget_ms / 1000):>7} s", flush=True)
        else:
            if title != titles[0]:
                pt.cold, _ = drv.time_page(title)
            print(f"    {title:22} koud {_s(pt.cold, drv.budget_ms / 1000):>7} s", flush=True)


def _measure(code: str, code_root: Path, cfg: Config, filled: Path, args: argparse.Namespace) -> Run:
    """One run: fresh store copy, fresh streamlit of ``code_root``, cold pass, save, pass after the save."""
    from playwright.sync_api import sync_playwright

    from dashboard.navigation import pages_for

    run = Run(code)
    titles = [p.title for p in pages_for("coordinator")]
    print(f"  == {cfg.label} personen, code {code} ({code_root})", flush=True)
    with tempfile.TemporaryDirectory(prefix="felt-") as d, _store(cfg, filled, Path(d), code_root, args) as url, \
            _streamlit(code_root, url, args.store_dir / f"felt-streamlit-{code.replace('/', '_')}.log") as (base, proc), \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(args.budget * 1000)
            drv = _Driver(page, args.budget)
            times: dict[str, PageTimes] = {titles[0]: PageTimes(titles[0], cold=drv.sign_in(base))}
            _visit_all(drv, titles, times, after_save=False)
            run.save_s = _timed_save(code_root, url)
            print(f"    opslaan straatgesprek {run.save_s:.2f} s", flush=True)
            _visit_all(drv, titles, times, after_save=True)
            run.rss_kib = tree_peak_rss_kib(proc.pid)
            run.pages = [times[t] for t in titles]
        finally:
            browser.close()
    return run


@contextlib.contextmanager
def _baseline_tree(rev: str) -> Iterator[Path]:
    """``rev`` (the baseline, or ``--ours``) checked out into a temporary git worktree (removed afterwards)."""
    d = Path(tempfile.mkdtemp(prefix="felt-baseline-"))
    tree = d / "code"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True, capture_output=True)
    try:
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(d, ignore_errors=True)


def _safe_measure(code: str, root: Path, cfg: Config, filled: Path, args: argparse.Namespace) -> Run:
    try:
        return _measure(code, root, cfg, filled, args)
    except Exception as e:  # noqa: BLE001 - one failing run must not lose the others' figures
        print(f"  run {code} op {cfg.label} mislukt: {type(e).__name__}: {e}", flush=True)
        return Run(code, error=f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}")


def _rev(rev: str) -> str:
    out = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or rev


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.felt", description=__doc__.split("\n")[0])
    p.add_argument("--configs", default=DEFAULT_CONFIGS, help="store:persons, comma-separated")
    p.add_argument("--quick", action="store_true", help="only sqlite:1000")
    p.add_argument("--baseline", default="HEAD~1", help="git revision of the 'before' code (default HEAD~1)")
    p.add_argument("--no-baseline", action="store_true", help="measure only our code")
    p.add_argument("--ours", help="git revision of the 'after' code (default: this working tree); checked out "
                   "into a temporary worktree like --baseline")
    p.add_argument("--budget", type=float, default=600.0, help="seconds a page may take at most")
    p.add_argument("--heap", default="2g", help="Neo4j heap, when `netwerk neo4j start` has --heap")
    p.add_argument("--pagecache", default="2g", help="Neo4j page cache, when `netwerk neo4j start` has --pagecache")
    p.add_argument("--store-dir", type=Path, default=Path(tempfile.gettempdir()) / "buurtnetwerk-bench",
                   help="where generated stores are kept and reused (shared with bench.dashboard)")
    p.add_argument("--output", type=Path, help="markdown report (default bench/results/felt.md; --quick: felt-quick.md)")
    p.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--persons", type=int, help=argparse.SUPPRESS)
    p.add_argument("--save-into", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> None:
    """Run the felt benchmark (see the module docstring); ``argv`` as on the command line."""
    p = _parser()
    args = p.parse_args(argv)
    if args.generate_into:
        _generate_into(args.generate_into, args.persons)
        return
    if args.save_into:
        print(f"SAVE_S {_save_straatgesprek(args.save_into):.6f}", flush=True)
        return
    configs = parse_configs("sqlite:1000" if args.quick else args.configs)
    output = args.output or RESULTS / ("felt-quick.md" if args.quick else "felt.md")
    if not CHROMIUM.exists():
        p.error(f"Chromium ontbreekt op {CHROMIUM} (NETWERK_CHROMIUM)")
    args.store_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    base_code = None if args.no_baseline else _rev(args.baseline)
    ours_code = _rev(args.ours) if args.ours else _rev("HEAD") + (
        " + wijzigingen" if subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode else "")
    header = [f"`python -m bench.felt {' '.join(argv if argv is not None else sys.argv[1:])}`".replace(" `", "`"),
              f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at "
              f"start; vóór = {base_code or '-'}, na = {ours_code}; budget per pagina {args.budget:.0f} s"]
    results: list[tuple[Config, Run | None, Run]] = []
    with contextlib.ExitStack() as stack:
        base_root = stack.enter_context(_baseline_tree(args.baseline)) if base_code else None
        ours_root = stack.enter_context(_baseline_tree(args.ours)) if args.ours else ROOT
        for cfg in configs:
            gen_root, gen_code = (base_root, base_code) if base_code and base_root else (ours_root, ours_code)
            filled = _filled_sqlite(args.store_dir, cfg.persons, gen_root, gen_code.split()[0])
            base = _safe_measure(base_code, base_root, cfg, filled, args) if base_code and base_root else None
            ours = _safe_measure(ours_code, ours_root, cfg, filled, args)
            results.append((cfg, base, ours))
    header.append(f"totale duur {(time.perf_counter() - started) / 60:.1f} min")
    text = markdown(results, args.budget, header)
    print("\n" + text, flush=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"Rapport geschreven naar {output}")


if __name__ == "__main__":
    main()
