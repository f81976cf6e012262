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
   until interactive in headless Chromium;
5. felt (``bench.felt``): every page in a real browser against a fresh ``streamlit run``,
   cold and after one saved straatgesprek, our code beside ``--baseline``'s (SQLite 10k and
   50k, Neo4j 10k; with ``--quick`` SQLite 1k).

The report file is rewritten while the run goes, with a last line saying it is unfinished
(:class:`bench.scale.Report`), so a run that stops leaves what it measured and says so.

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
PARTS = ("ingest", "analysis", "change", "dashboard", "felt")


class _Tee(io.TextIOBase):
    """Write to the terminal and into the report, line by line as they come (the report
    file is rewritten after each line, marked unfinished, so a run that stops keeps what it
    measured). A terminal that went away (a closed pipe) does not stop the run."""

    def __init__(self, stream, report: Report) -> None:
        self.stream, self.report, self.pending = stream, report, ""

    def write(self, s: str) -> int:
        try:
            self.stream.write(s)
            self.stream.flush()
        except (OSError, ValueError):  # BrokenPipeError, or a closed stream: keep measuring, keep the report
            pass
        self.pending += s
        if "\n" in self.pending:
            *lines, self.pending = self.pending.split("\n")
            self.report.lines.extend(lines)
            self.report.checkpoint()
        return len(s)

    def close_lines(self) -> None:
        """Move an unfinished last line into the report."""
        if self.pending:
            self.report.lines.append(self.pending)
            self.pending = ""


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
    tee = _Tee(sys.stdout, report)
    try:
        with contextlib.redirect_stdout(tee):
            module.main(argv)
    except SystemExit as e:
        if e.code not in (0, None):
            print(f"bench.{name}: afgebroken (exit {e.code})", file=tee)
    except Exception:  # one failing part must not lose the others' figures
        print(f"bench.{name}: mislukt\n{traceback.format_exc(limit=3)}", file=tee)
    tee.close_lines()
    while report.lines and not report.lines[-1].strip():
        report.lines.pop()


def _part_argv(name: str, args: argparse.Namespace, sizes: str) -> list[str]:
    """The arguments of part ``name``: sizes and repeats; bench.felt has its own
    configurations (SQLite 10k and 50k, Neo4j 10k; ``--quick``: SQLite 1k) and baseline."""
    if name == "felt":
        return (["--quick"] if args.quick else []) + (["--baseline", args.baseline] if args.baseline else [])
    return ["--sizes", sizes, "--repeat", str(args.repeat)]


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
    ap.add_argument("--baseline", help="git revision of the 'before' code in the felt part (default: its HEAD~1)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = [1000], 3
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    sizes = ",".join(str(s) for s in args.sizes)
    report = Report(args.output, "Buurtnetwerk: benchmarks (python -m bench)")
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
                        ("dashboard", "Dashboard (bench.dashboard)"),
                        ("felt", "Gevoelde snelheid in de browser, vóór en na (bench.felt)")):
        if name in parts:
            report(f"### {title}")
            _other(name, _part_argv(name, args, sizes), report)
            report()
    report(f"Totale duur: {(time.perf_counter() - t0) / 60:.1f} min")
    report.write()
    print(f"Rapport geschreven naar {args.output}")


if __name__ == "__main__":
    main()
