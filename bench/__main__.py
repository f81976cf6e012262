"""Benchmarks at scale: ``python -m bench [--sizes 1000,10000,50000] [--repeat 3] [--quick]``.

One command runs every case and prints one report (also written to
``bench/results/latest.md``, which is committed: it is the evidence the README's "Scale"
section quotes; re-run and commit it when the figures change):

1. ingest and snapshot (:mod:`bench.ingest`): SQLite ``Store.apply`` against raw
   ``executemany`` and a commit per row, the CSV import, Neo4j batched against per-row
   ``MERGE``, snapshot into the analysis graph from each store (Neo4j with and without
   ``neo4j-rust-ext``), peak RSS per step;
2. analysis (``bench.analysis``): the dashboard's measure set against python-igraph;
3. change (``bench.change``): 1,000 node-bootstrap samples of two moments (500 persons and
   the demo) against a Python loop per sample;
4. dashboard (``bench.dashboard``): cold and warm page runs under AppTest, the map's time
   until interactive in headless Chromium.

Each case prints medians over repeated runs and the ratio against a baseline measured in
the same run. The data is :func:`netwerk.services.generate.generate_changeset` with
``activities = 2 * persons``. A module that is missing is reported as "niet beschikbaar".
``--quick`` is ``--sizes 1000 --repeat 3``. Sizes of 50,000 persons and more run
``--repeat-large`` times (default 1) in the ingest cases. On a 2-core machine the ingest
part alone takes about 20 minutes for all three sizes, and a full run about an hour;
``--output`` writes the report elsewhere (e.g. ``bench/results/latest-50k.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import io
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

from bench.scale import Report, sizes_arg

RESULTS = Path(__file__).resolve().parent / "results" / "latest.md"
PARTS = ("ingest", "analysis", "change", "dashboard")


class _Tee(io.TextIOBase):
    """Write to the terminal and keep a copy for the report."""

    def __init__(self, stream) -> None:
        self.stream, self.copy = stream, io.StringIO()

    def write(self, s: str) -> int:
        self.stream.write(s)
        self.stream.flush()
        return self.copy.write(s)


def _machine() -> str:
    try:
        cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                    if ln.startswith("model name")), platform.processor())
    except OSError:
        cpu = platform.processor()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).resolve().parents[1]).stdout.strip()
    except OSError:
        commit = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit or '?'}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, load {load:.1f} at start")


def _other(name: str, argv: list[str], report: Report) -> None:
    """Run ``bench.<name>.main(argv)`` and copy what it prints into the report."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"bench.{name}":
            raise
        report(f"bench.{name}: niet beschikbaar")
        return
    tee = _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(tee):
            module.main(argv)
    except SystemExit as e:
        if e.code not in (0, None):
            print(f"bench.{name}: afgebroken (exit {e.code})", file=tee)
    except Exception:  # one failing part must not lose the others' figures
        print(f"bench.{name}: mislukt\n{traceback.format_exc(limit=3)}", file=tee)
    report.lines.extend(tee.copy.getvalue().rstrip("\n").splitlines())


def main(argv: list[str] | None = None) -> None:
    """Run the benchmarks and write ``bench/results/latest.md``."""
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=sizes_arg, default=sizes_arg("1000,10000,50000"), help="persons, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (medians)")
    ap.add_argument("--repeat-large", type=int, default=1, help="runs of the ingest cases for sizes >= 50,000")
    ap.add_argument("--quick", action="store_true", help="only 1,000 persons, 3 runs (about 2 minutes)")
    ap.add_argument("--only", default=",".join(PARTS), help=f"parts to run, comma-separated: {', '.join(PARTS)}")
    ap.add_argument("--neo4j-url", help="an existing Neo4j server for the ingest cases (EMPTIED!); default: start one")
    ap.add_argument("--output", type=Path, default=RESULTS, help="where the report is written")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = [1000], 3
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    sizes = ",".join(str(s) for s in args.sizes)
    report = Report()
    t0 = time.perf_counter()
    report(f"python -m bench {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
           + f"  (sizes {sizes}, repeat {args.repeat}, repeat-large {args.repeat_large}, parts {','.join(parts)})")
    report(_machine())
    report()
    if "ingest" in parts:
        from bench.ingest import run_cases

        report("### Ingest en snapshot (bench.ingest)")
        try:
            run_cases(args.sizes, args.repeat, report, neo4j_url=args.neo4j_url, repeat_large=args.repeat_large)
        except Exception:
            report(f"bench.ingest: mislukt\n{traceback.format_exc(limit=3)}")
        report()
    for name, title in (("analysis", "Analyse (bench.analysis)"),
                        ("change", "Verschil tussen twee momenten: node-bootstrap (bench.change)"),
                        ("dashboard", "Dashboard (bench.dashboard)")):
        if name in parts:
            report(f"### {title}")
            _other(name, ["--sizes", sizes, "--repeat", str(args.repeat)], report)
            report()
    report(f"Totale duur: {(time.perf_counter() - t0) / 60:.1f} min")
    report.write(args.output, "Buurtnetwerk: benchmarks (python -m bench)")
    print(f"Rapport geschreven naar {args.output}")


if __name__ == "__main__":
    main()
