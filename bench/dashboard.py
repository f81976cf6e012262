"""Dashboard benchmark: ``python -m bench.dashboard --sizes 1000,10000,50000 --repeat 3``.

For each size a SQLite store is filled by :func:`netwerk.services.generate.generate` (``activities =
2 * persons``, seed 1; kept in ``--store-dir`` and reused when it is already there). Every
measurement runs in a fresh child process, so caches start empty, peak memory is its own,
and a page slower than ``--budget`` seconds can be stopped (reported as over the budget):

(a) pages: every dashboard page a coordinator sees, under Streamlit's AppTest (signed in
    through ``session_state``, as ``tests/dashboard/test_pages.py`` does). *Cold* is the
    page's run right after ``st.cache_data.clear()`` (every service result recomputed),
    *warm* the next run of the same page in the same process (what a user who comes back
    to the page waits). Target: warm <= 0.1x cold.
(b) the Netwerkkaart's time until interactive in headless Chromium (Debian's
    ``/usr/bin/chromium`` driven by Playwright): our map HTML
    (:func:`dashboard.components.network_map.network_map_html` of the map the page shows at
    that size, laid out on the server, physics off) until it is drawn
    (``window.mapReadyMs``, set after the first ``afterDrawing``), against pyvis' default
    HTML with physics on for the same nodes and edges until vis-network's ``stabilized``
    event (capped at ``--cap`` seconds; reported as ``>= cap``). Both are milliseconds
    since navigation start; the page's own network access is blocked (pyvis' default
    template asks CDNs for Bootstrap and tom-select). Target: ours <= 0.1x pyvis.
(c) peak RSS of each child process itself (``VmHWM``; AppTest, services, caches; not Chromium's), and the
    largest per size.

Prints medians (cold/warm over ``--repeat`` runs; from ``--big`` persons on one run, as
printed) and the ratios. The machine is shared and noisy: compare ratios from one run only.
pyvis' time varies a lot between loads (vis-network starts from random positions; some
starts oscillate for minutes), hence the median of ``--map-repeat`` loads.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "streamlit_app.py"
CHROMIUM = Path(os.environ.get("NETWERK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGE_TIMEOUT_S = 3600


def _say(text: str) -> None:
    """A line of the child's report (other output, e.g. Streamlit's tracebacks, goes to the log)."""
    print("BENCH " + text, flush=True)


def _own_peak_mib() -> float:
    """This process's own peak RSS in MiB: ``VmHWM`` of ``/proc/self/status``
    (:func:`bench.scale.peak_rss_kib`). Not ``ru_maxrss``: a child starts with its parent's
    high-water mark (exec keeps it), so every page showed the parent's 394 MiB."""
    from bench.scale import peak_rss_kib

    kib = peak_rss_kib()
    return float("nan") if kib is None else kib / 1024


def _fmt_s(x: float | None) -> str:
    return "      -" if x is None else f"{x:7.2f}"


def _generate(path: Path, persons: int) -> float:
    """Fill ``path`` with a generated network unless it is there already; seconds taken (0 if reused)."""
    from netwerk.access import SYSTEM
    from netwerk.bootstrap import open_store
    from netwerk.services.generate import generate

    if path.exists():
        return 0.0
    tmp = path.with_suffix(".partial")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    s = open_store(f"sqlite:///{tmp}")
    generate(SYSTEM, s, persons, 2 * persons, seed=1)
    s.close()
    tmp.rename(path)
    return time.perf_counter() - t0


def _page_child(page_path: str, repeat: int) -> None:
    """In a fresh process: cold and warm seconds of one page, ``repeat`` times; prints RESULT."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.navigation import PAGES
    from dashboard.session import VIEWER_KEY
    from netwerk.access import Viewer

    spec = next(p for p in PAGES if p.path == page_path)
    viewer = Viewer(user_id="coordinator", role="coordinator")
    colds, warms, errors = [], [], []
    for _ in range(repeat):
        at = AppTest.from_file(str(APP), default_timeout=PAGE_TIMEOUT_S)
        at.session_state[VIEWER_KEY] = viewer
        if not spec.default:
            # Before the first run AppTest finds a page by its file name (our pages have no url_path).
            at.switch_page(spec.path)
        st.cache_data.clear()
        t0 = time.perf_counter()
        at.run()
        colds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        at.run()
        warms.append(time.perf_counter() - t0)
        errors += [str(e.value).strip().splitlines()[0][:160] for e in at.exception]
    rss = _own_peak_mib()
    print("RESULT " + json.dumps({"cold": statistics.median(colds), "warm": statistics.median(warms),
                                  "errors": errors[:1], "rss": rss}), flush=True)


def _run_child(args: list[str], timeout_s: float | None, log) -> tuple[dict | None, bool]:
    """Run ``python -m bench.dashboard ARGS``; pass its BENCH lines on, return (RESULT, timed out)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.dashboard", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=log, text=True)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None, True
    result = None
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT "):])
        elif line.startswith("BENCH "):
            print(line[len("BENCH "):], flush=True)
        else:
            log.write(line + "\n")
    return result, False


def _bench_pages(common: list[str], repeat: int, budget_s: float, skip: set[str], only: set[str], log) -> list[dict]:
    """Every coordinator page but those in ``skip``, each in its own process (killed after
    ``budget_s`` seconds per run); the median cold and warm seconds, and peak RSS."""
    from dashboard.navigation import pages_for

    rows = []
    for spec in pages_for("coordinator"):
        if only and spec.title not in only:
            continue
        if spec.title in skip:
            print(f"  {spec.title:22} skipped (--skip-pages)")
            continue
        # The budget is for one cold run; the warm runs get the same again in total.
        res, timed_out = _run_child([*common, "--page", spec.path, "--repeat", str(repeat)], budget_s * (repeat + 1), log)
        if res is None:
            print(f"  {spec.title:22} cold > {budget_s:.0f} s: stopped at the time budget (--budget)" if timed_out
                  else f"  {spec.title:22} failed (see the log)", flush=True)
            rows.append({"page": spec.title, "cold": None, "warm": None, "errors": [], "rss": None})
            continue
        cold, warm = res["cold"], res["warm"]
        print(f"  {spec.title:22} cold {_fmt_s(cold)} s   warm {_fmt_s(warm)} s   warm/cold {warm / cold:6.3f}   "
              f"RSS {res['rss']:6,.0f} MiB" + (f"   FOUT: {res['errors'][0]}" if res["errors"] else ""), flush=True)
        rows.append({"page": spec.title, **res})
    return rows


def _map_pages(url: str, tmp: Path, view: str) -> tuple[dict, Path, Path]:
    """Our map HTML of ``view`` (``auto``: what the page shows by default) and pyvis' default
    HTML of the same nodes and edges."""
    from pyvis.network import Network

    from dashboard.components.network_map import network_map_html
    from dashboard.map_view import style_map
    from netwerk.access import Viewer
    from netwerk.bootstrap import open_store
    from netwerk.services.network_map import MapLimits, network_map

    viewer = Viewer(user_id="coordinator", role="coordinator")
    store = open_store(url)
    t0 = time.perf_counter()
    nm = network_map(viewer, store, view=view, limits=MapLimits())
    md = style_map(nm, "organisation", "degree")
    server_s = time.perf_counter() - t0
    store.close()
    ours = tmp / f"ours-{view}.html"
    ours.write_text(network_map_html(md), encoding="utf-8")

    net = Network(cdn_resources="in_line")  # pyvis' defaults: physics on (Barnes-Hut), stabilisation 1000 iterations
    for r in md.nodes.itertuples(index=False):
        net.add_node(str(r.id), label=str(r.label), title=str(r.title), color=str(r.colour), size=float(r.size))
    for r in md.edges.itertuples(index=False):
        net.edges.append({"from": str(r.source), "to": str(r.target), "value": float(r.weight)})
    html = net.generate_html()
    hook = ("<script>(function () { window.network.once('stabilized', function () {"
            " window.mapReadyMs = performance.now(); });"
            " window.network.once('stabilizationIterationsDone', function () {"
            " window.firstDrawMs = performance.now(); }); })();</script></body>")
    base = tmp / f"pyvis-{view}.html"
    base.write_text(html.replace("</body>", hook, 1), encoding="utf-8")
    info = {"view": nm.view, "level": nm.level, "nodes": len(md.nodes), "edges": len(md.edges), "server_s": server_s}
    return info, ours, base


def _time_to_ready(pw, path: Path, cap_s: float) -> tuple[float | None, float | None]:
    """Seconds from navigation start until ``window.mapReadyMs`` is set (None past ``cap_s``),
    and until ``window.firstDrawMs`` (pyvis: the end of its hidden stabilisation, the first
    picture, still moving; None if not reached or not set)."""
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri(), wait_until="domcontentloaded")
        ready = None
        try:
            page.wait_for_function("window.mapReadyMs !== undefined", timeout=cap_s * 1000, polling=50)
            ready = float(page.evaluate("window.mapReadyMs")) / 1000
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: past the cap
            pass
        if path.name.startswith("ours"):
            assert page.evaluate("network.physics.options.enabled") is False
        first = page.evaluate("window.firstDrawMs === undefined ? null : window.firstDrawMs")
        return ready, None if first is None else float(first) / 1000
    finally:
        browser.close()


def _bench_map(url: str, view: str, repeat: int, cap_s: float) -> dict:
    """Time until interactive of our map of ``view`` against pyvis' (median of ``repeat``
    loads each; pyvis stops repeating once a load reaches the cap)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d:
        info, ours, base = _map_pages(url, Path(d), view)
        _say(f"  map '{view}' -> view '{info['view']}' ({info['level']}): {info['nodes']} nodes, {info['edges']} edges;"
             f" computed and laid out on the server in {info['server_s']:.2f} s (cached afterwards)")
        with sync_playwright() as pw:
            times = [_time_to_ready(pw, ours, cap_s)[0] for _ in range(repeat)]
            ours_s = statistics.median(t if t is not None else cap_s for t in times)
            runs: list[tuple[float | None, float | None]] = []
            while len(runs) < repeat and (not runs or runs[-1][0] is not None):
                runs.append(_time_to_ready(pw, base, cap_s))
    base_s = statistics.median(cap_s if r is None else r for r, _ in runs)
    firsts = [f for _, f in runs if f is not None]
    first_s = statistics.median(firsts) if firsts else None
    capped = base_s >= cap_s
    ratio = ours_s / base_s
    _say(f"    interactive: ours {ours_s:.2f} s (median of {repeat}, physics off)   pyvis default, physics on: "
         f"{'>= ' if capped else ''}{base_s:.2f} s until 'stabilized' (median of {len(runs)}; first, still moving "
         f"picture after {'-' if first_s is None else f'{first_s:.2f}'} s)   ratio {'<= ' if capped else ''}{ratio:.3f}")
    return {**info, "asked": view, "ours_s": ours_s, "pyvis_s": base_s, "pyvis_capped": capped,
            "pyvis_first_s": first_s, "pyvis_runs": len(runs), "ratio": ratio}


def _map_child(url: str, views: list[str], repeat: int, cap_s: float) -> None:
    maps = [_bench_map(url, v, repeat, cap_s) for v in views]
    rss = _own_peak_mib()
    _say(f"  map process peak RSS (Python, not Chromium): {rss:,.0f} MiB")
    print("RESULT " + json.dumps({"maps": maps, "rss": rss}), flush=True)


def _bench_size(size: int, args: argparse.Namespace, browser: bool, log) -> dict:
    """Generate (or reuse) the store of ``size`` persons and measure pages and map."""
    path = args.store_dir / f"generated-{size}.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        _run_child(["--generate", str(size), "--store-dir", str(args.store_dir)], None, log)
        print(f"== {size:,} persons: store generated in {time.perf_counter() - t0:.0f} s", flush=True)
    url = f"sqlite:///{path}"
    with sqlite3.connect(path) as conn:
        acts, parts = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("activity", "participation"))
    repeat = 1 if size >= args.big else args.repeat
    print(f"== {size:,} persons, {acts:,} activities, {parts:,} participations; pages: median of {repeat} run(s), "
          f"each in a fresh process", flush=True)
    skip = {t.strip() for t in args.skip_pages.split(",") if t.strip()} if size > args.skip_above else set()
    common = ["--url", url]
    only = {t.strip() for t in args.pages.split(",") if t.strip()}
    pages = _bench_pages(common, repeat, args.budget, skip, only, log)
    result: dict = {"size": size, "pages": pages, "repeat": repeat}
    rss = [p["rss"] for p in pages if p.get("rss")]
    if browser:
        res, _ = _run_child([*common, "--map", args.views, "--map-repeat", str(args.map_repeat), "--cap",
                             str(args.cap)], None, log)
        if res:
            result["maps"] = res["maps"]
            rss.append(res["rss"])
    result["peak_rss_mib"] = max(rss, default=0.0)
    print(f"  peak RSS (largest of the processes): {result['peak_rss_mib']:,.0f} MiB", flush=True)
    return result


def _summary(results: list[dict]) -> None:
    print("\n== Summary (targets: warm <= 0.1x cold; map interactive <= 0.1x pyvis with physics on)")
    for r in results:
        pages = [p for p in r["pages"] if p["cold"] is not None]
        over = len(r["pages"]) - len(pages)
        met = sum(1 for p in pages if p["warm"] <= 0.1 * p["cold"])
        line = f"{r['size']:>7,} persons: warm <= 0.1x cold on {met}/{len(pages)} pages measured"
        if over:
            line += f" ({over} over the time budget)"
        if pages:
            worst = max(pages, key=lambda p: p["warm"] / p["cold"])
            line += (f"; median cold {statistics.median(p['cold'] for p in pages):.2f} s, warm "
                     f"{statistics.median(p['warm'] for p in pages):.2f} s; worst {worst['page']} "
                     f"{worst['warm'] / worst['cold']:.2f}x")
        for m in r.get("maps", []):
            line += (f"; map {m['view']} ({m['nodes']} nodes, {m['edges']} edges) {m['ours_s']:.2f} s vs pyvis "
                     f"{'>= ' if m['pyvis_capped'] else ''}{m['pyvis_s']:.1f} s = {m['ratio']:.3f}x "
                     f"({'met' if m['ratio'] <= 0.1 else 'NOT met'})")
        line += f"; peak RSS {r['peak_rss_mib']:,.0f} MiB"
        print(line)


def main(argv: list[str] | None = None) -> None:
    """Run the dashboard benchmark (see the module docstring); ``argv`` as on the command line."""
    p = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1000,10000,50000", help="persons per generated store, comma-separated")
    p.add_argument("--repeat", type=int, default=3, help="runs per page (median); sizes >= --big use 1")
    p.add_argument("--big", type=int, default=10_000, help="from this many persons on, one run per page")
    p.add_argument("--map-repeat", type=int, default=3, help="browser loads of our map (median)")
    p.add_argument("--cap", type=float, default=120.0, help="seconds to wait for pyvis' stabilisation at most")
    p.add_argument("--views", default="auto,top",
                   help="map views measured in the browser: auto (what the page shows) and/or top, organisation, community")
    p.add_argument("--store-dir", type=Path, default=Path(tempfile.gettempdir()) / "buurtnetwerk-bench",
                   help="where generated stores are kept and reused")
    p.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    p.add_argument("--skip-pages", default="",
                   help="page titles (comma-separated) not measured above --skip-above persons (default: none; the "
                   "privacy page's title scan was 82 s cold at 1,000 persons before it became one compiled pattern)")
    p.add_argument("--skip-above", type=int, default=0, help="see --skip-pages")
    p.add_argument("--budget", type=float, default=120.0,
                   help="seconds a page's run may take at most; a slower page is stopped and reported as over it")
    p.add_argument("--pages", default="", help="only these page titles (comma-separated; default: every page)")
    p.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--page", help=argparse.SUPPRESS)
    p.add_argument("--map", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.store_dir.mkdir(parents=True, exist_ok=True)
    browser = not args.no_browser and CHROMIUM.exists()
    if args.generate:
        _generate(args.store_dir / f"generated-{args.generate}.sqlite", args.generate)
        return
    if args.url:
        os.environ["NETWERK_STORE_URL"] = args.url
        if args.page:
            _page_child(args.page, args.repeat)
        elif args.map:
            _map_child(args.url, [v.strip() for v in args.map.split(",") if v.strip()], args.map_repeat, args.cap)
        return
    if not browser and not args.no_browser:
        print(f"Chromium not found at {CHROMIUM}: the map measurement is skipped.")
    log_path = args.store_dir / "dashboard-bench.log"
    print(f"Streamlit's own output and tracebacks: {log_path}")
    started = time.perf_counter()
    results = []
    with log_path.open("a", encoding="utf-8") as log:
        for size in (int(x) for x in args.sizes.split(",") if x.strip()):
            results.append(_bench_size(size, args, browser and not args.no_browser, log))
    _summary(results)
    print(f"Total time: {(time.perf_counter() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
