"""Shared machinery of the scale benchmarks: generated data cached on disk, steps run in
subprocesses (time and peak memory per step), medians and the report.

- :func:`changeset` — the generated network of a size (``netwerk.services.generate``), pickled in
  the run's cache folder so every step of one run reads the same data quickly.
- :func:`filled_sqlite` — a SQLite file holding that network (built once per run).
- :func:`run_step` — runs ``python -m MODULE --step NAME ...`` in a subprocess; the
  child prints one ``BENCH_RESULT {json}`` line (:func:`result`) with its peak resident
  set size (:func:`peak_rss_kib`, Linux ``VmHWM``).
- :class:`Report` — collects printed lines for ``bench/results/latest.md``.

The cache folder is ``$BENCH_CACHE`` if set (reused between runs: delete it after changing
the generator), else a temporary folder for the run.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["Report", "cache_dir", "changeset", "filled_sqlite", "median", "mib", "peak_rss_kib", "result", "run_step",
           "sizes_arg"]

_CACHE: dict[str, Path] = {}
RESULT_PREFIX = "BENCH_RESULT "


def cache_dir() -> Path:
    """The folder where generated data is cached for this run (see module docstring)."""
    if "dir" not in _CACHE:
        env = os.environ.get("BENCH_CACHE")
        if env:
            path = Path(env)
        else:
            path = Path(tempfile.mkdtemp(prefix="netwerk-bench-"))
            os.environ["BENCH_CACHE"] = str(path)  # children of this run share it
        path.mkdir(parents=True, exist_ok=True)
        _CACHE["dir"] = path
    return _CACHE["dir"]


def changeset(persons: int, seed: int = 0):
    """The generated ChangeSet for ``persons`` persons and ``2 * persons`` activities (cached)."""
    from netwerk.services.generate import generate_changeset

    path = cache_dir() / f"changeset-{persons}-{seed}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    cs = generate_changeset(persons, 2 * persons, seed)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(cs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return cs


def filled_sqlite(persons: int, seed: int = 0) -> Path:
    """A SQLite store file holding :func:`changeset` (built once, then reused; do not write to it)."""
    path = cache_dir() / f"filled-{persons}-{seed}.sqlite"
    if not path.exists():
        from netwerk.bootstrap import open_store

        tmp = path.with_name(path.stem + "-building.sqlite")
        for p in tmp.parent.glob(tmp.name + "*"):
            p.unlink()
        s = open_store(f"sqlite:///{tmp}")
        s.apply(changeset(persons, seed))
        s.close()
        with contextlib.closing(sqlite3.connect(tmp)) as conn:  # fold the WAL into the file before it is renamed
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tmp.replace(path)
    return path


def median(values: list[float]) -> float:
    return statistics.median(values)


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def peak_rss_kib() -> int | None:
    """This process's peak resident set size in KiB (Linux ``VmHWM``), or None elsewhere.

    Not ``getrusage``: on Linux a child's ``ru_maxrss`` starts at its parent's peak (exec
    keeps the old memory map's high-water mark), so a small step would report the parent's
    size. ``VmHWM`` belongs to the process's own memory map after exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def result(**values) -> None:
    """Print a step's result for :func:`run_step` (the child side), with its peak RSS."""
    print(RESULT_PREFIX + json.dumps({**values, "peak_kib": peak_rss_kib()}), flush=True)


def run_step(module: str, step: str, *args: str, env: dict[str, str] | None = None, timeout: float = 3600) -> dict:
    """Run one step in a fresh Python process and return its result dict plus ``maxrss_kib``
    (peak resident set size of that process) and ``wall`` (seconds, start-up included).

    Raises
    ------
    RuntimeError
        If the step fails (its stderr tail is in the message).
    """
    cache_dir()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", module, "--step", step, *args], stdout=out, stderr=err,
                                env={**os.environ, **(env or {})})
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        lines = [ln for ln in out.read().splitlines() if ln.startswith(RESULT_PREFIX)]
        if proc.returncode != 0 or not lines:
            tail = "\n".join(err.read().splitlines()[-15:])
            raise RuntimeError(f"step {step} failed (exit {proc.returncode}):\n{tail}")
    values = json.loads(lines[-1][len(RESULT_PREFIX):])
    # The child's own high-water mark; ru_maxrss from wait4 as a fallback (it includes the parent's peak on Linux).
    values["maxrss_kib"] = values.get("peak_kib") or usage.ru_maxrss
    values["wall"] = wall
    return values


def sizes_arg(text: str) -> list[int]:
    """``"1000,10000"`` -> ``[1000, 10000]``."""
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


class Report:
    """Lines printed as they come and kept for ``bench/results/latest.md``.

    With ``path``, :meth:`checkpoint` rewrites the file with what has been measured so far
    and a last line saying the run has not finished (:data:`UNFINISHED`); :meth:`write`
    writes the finished report. A run that stops (killed, out of memory) leaves a file that
    says so instead of one that ends without a word.
    """

    UNFINISHED = "ONVOLLEDIG: de run liep nog of is afgebroken; hierboven staat wat tot dan gemeten was."

    def __init__(self, path: Path | None = None, title: str = "") -> None:
        self.lines: list[str] = []
        self.path, self.title = path, title
        self._last_checkpoint = 0.0

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)
        self.checkpoint()

    def checkpoint(self, every_s: float = 1.0) -> None:
        """Rewrite the file (when there is one) as unfinished, at most once per ``every_s`` seconds."""
        if self.path is None or time.monotonic() - self._last_checkpoint < every_s:
            return
        self._last_checkpoint = time.monotonic()
        self._write(self.path, self.title, [*self.lines, "", self.UNFINISHED])

    def write(self, path: Path | None = None, title: str | None = None) -> None:
        """Write the finished report to ``path`` (default: the one given at construction)."""
        target = path or self.path
        if target is None:
            raise ValueError("Report.write: geen pad")
        self._write(target, title if title is not None else self.title, self.lines)

    @staticmethod
    def _write(path: Path, title: str, lines: list[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(f"# {title}\n\n```\n" + "\n".join(lines) + "\n```\n", encoding="utf-8")
        tmp.replace(path)
