"""Computed results shared by every session and worker, and kept across restarts.

The dashboard is one process serving many sessions; a figure such as the growth table is
the same for every coordinator, so it is computed once per *data version* and kept here,
in one :class:`ResultCache` per store (:func:`result_cache`):

- **Keyed on what changes the answer**: a result's name, the role's view (role and,
  for professionals, their person id; never the user id), its arguments, and the data
  version it was computed for. A second coordinator reads the first one's result.
- **Never blocking on a recompute** (stale-while-revalidate): when the data version moved
  on (someone saved a straatgesprek), :meth:`ResultCache.get` starts the new computation
  in a background thread, waits up to ``wait`` seconds for it, and otherwise returns the
  last consistent result marked ``fresh=False`` with the moment it was computed
  (the page says "bijgewerkt op …; nieuwe cijfers worden berekend" and refreshes when
  :meth:`ResultCache.pending` is empty). A result is only ever shown as fresh for the
  version it was computed for.
- **Outliving the process**: every result is also written (pickle, 0600, directory 0700)
  next to the SQLite file (``<file>.resultaten/``) or, for a server store, under
  ``NETWERK_RESULTS_DIR`` / the user's cache folder; a restarted dashboard or a second
  worker starts warm. A file holds its key, the data version, the moment and a
  fingerprint of the code (:data:`CODE_FINGERPRINT`): results of other code are never
  read.
- **Privacy first**: a stale result is never shown after a resident was erased, had
  their consent withdrawn or was purged since it was computed (``privacy_since``, the
  audit log's erase/withdraw/purge entries); :func:`forget` removes every persisted
  result of a store (the erase services call it).

The version a result is labelled with is read *before* its computation starts, so a
result can only be newer than its label, never older: a write during the computation
makes the next request compute again, it never makes old figures look fresh.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, MutableMapping
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlparse

__all__ = [
    "CODE_FINGERPRINT",
    "PERIOD_MEMO",
    "BoundedMemo",
    "Result",
    "ResultCache",
    "forget",
    "result_cache",
    "results_dir",
]

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_ENTRIES = 512
"""Results kept in memory per store (least recently used dropped first; on disk they stay)."""


def _code_fingerprint(root: Path | None = None) -> str:
    root = root or Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for pkg in ("netwerk", "graph_schema", "dashboard"):  # the dashboard's shared functions make results too
        for path in sorted((root / pkg).rglob("*.py")):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


CODE_FINGERPRINT = _code_fingerprint()
"""sha256 over the source of ``netwerk``, ``graph_schema`` and ``dashboard`` (whose shared
functions, e.g. the map page, make results too): a persisted result of other
code (an upgrade that changed a figure's definition) is never read."""


@dataclass(frozen=True)
class Result(Generic[T]):
    """A cached value with what it belongs to.

    Attributes: ``value``; ``version`` (the store's data version it was computed for);
    ``computed_at`` (UTC; when its computation started, i.e. before it read the store);
    ``fresh`` (True when ``version`` is the version asked for)."""

    value: T
    version: int
    computed_at: datetime
    fresh: bool


@dataclass
class _Entry:
    value: Any
    version: int
    computed_at: datetime
    state: str | None = None
    compute: Callable[[int], Any] | None = None
    from_disk: bool = False


_IN_COMPUTATION = threading.local()


def results_dir(url: str) -> Path:
    """Where results of the store at ``url`` are persisted: ``<sqlite file>.resultaten``
    beside a SQLite file; otherwise ``NETWERK_RESULTS_DIR`` (or ``~/.cache/buurtnetwerk``)
    ``/<sha256 of the URL>``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else parsed.path
        return Path(path + ".resultaten")
    base = Path(os.environ.get("NETWERK_RESULTS_DIR") or Path.home() / ".cache" / "buurtnetwerk")
    return base / hashlib.sha256(url.encode()).hexdigest()[:24]


class ResultCache:
    """Results of one store, shared by all threads (every method is thread-safe).

    Parameters
    ----------
    directory : Path, optional
        Where results are persisted; None keeps them in memory only.
    privacy_since : callable, optional
        ``privacy_since(moment) -> bool``: whether a resident was erased, withdrew consent
        or was purged after ``moment`` (UTC). A stale result from before such a write is
        never returned (the request computes afresh). None: stale results are allowed.
    """

    def __init__(self, directory: Path | None = None,
                 privacy_since: Callable[[datetime], bool] | None = None) -> None:
        self.directory = directory
        self.privacy_since = privacy_since
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._running: dict[tuple[str, int], Future] = {}
        self._latest = -1
        self._generation = 0  # raised by clear(): results of computations running then are not kept
        self._failed: set[tuple[str, int]] = set()  # (key, version) whose last computation raised
        self._refresher: threading.Thread | None = None
        self.computations = 0
        """How many computations ran (for tests and benchmarks)."""

    # --- keys and files ---------------------------------------------------------------

    @staticmethod
    def key(name: str, view: Hashable, args: tuple) -> str:
        """The text key of a result: its name, the role's view and the arguments' repr."""
        return f"{name}|{view!r}|{args!r}"

    def _file(self, key: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / (hashlib.sha256(key.encode()).hexdigest() + ".pkl")

    def _load(self, key: str) -> _Entry | None:
        path = self._file(key)
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as fh:
                saved = pickle.load(fh)  # noqa: S301 - our own 0600 files in a 0700 folder
            if saved.get("key") != key or saved.get("code") != CODE_FINGERPRINT:
                return None
            return _Entry(saved["value"], int(saved["version"]), saved["computed_at"], saved.get("state"), from_disk=True)
        except Exception as e:  # a damaged or foreign file is a miss, never an error
            log.info("resultaat %s niet gelezen: %s", path.name, e)
            return None

    def _save(self, key: str, entry: _Entry) -> None:
        path = self._file(key)
        if path is None:
            return
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"key": key, "code": CODE_FINGERPRINT, "version": entry.version,
                             "computed_at": entry.computed_at, "state": entry.state,
                             "value": entry.value}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except Exception as e:  # persisting is an optimisation: a full disk must not break a page
            log.warning("resultaat niet bewaard in %s: %s", path.parent, e)

    # --- the cache ----------------------------------------------------------------------

    def _entry(self, key: str) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entry = self._load(key)
        if entry is not None:
            self._remember(key, entry)
        return entry

    def _remember(self, key: str, entry: _Entry, generation: int | None = None) -> bool:
        """Keep ``entry`` unless a newer result of ``key`` is here or (``generation``: the
        one its computation started in) :meth:`clear` ran since; whether it was kept."""
        with self._lock:
            if generation is not None and generation != self._generation:
                return False  # forgotten while it ran (an erase): it may hold the erased person
            old = self._entries.get(key)
            if old is not None and old.version > entry.version:
                return False  # a newer result is already here
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)
            return True

    def _start(self, key: str, version: int, compute: Callable[[int], Any], state: str | None = None) -> Future:
        """The computation of ``key`` at ``version``: the one already running, or a new thread."""
        with self._lock:
            fut = self._running.get((key, version))
            if fut is not None:
                return fut
            fut = Future()
            done = self._entries.get(key)
            if done is not None and done.version == version and (state is None or done.state in (None, state)):
                fut.set_result(done)  # computed a moment ago (by the refresh after a write)
                return fut
            self._running[(key, version)] = fut

        def run() -> None:
            _IN_COMPUTATION.active = True
            # The moment the data is read, not when the computation ends: a result that read the
            # store before an erase and ended after its audit entry must count as from before it.
            started = datetime.now(UTC)
            generation = self._generation
            try:
                value = compute(version)
            except BaseException as e:  # handed to every waiter
                with self._lock:
                    if len(self._failed) >= MAX_ENTRIES:
                        self._failed.clear()
                    self._failed.add((key, version))
                fut.set_exception(e)
            else:
                with self._lock:
                    self._failed.discard((key, version))
                entry = _Entry(value, version, started, state, compute)
                if self._remember(key, entry, generation):  # never an older result over a newer file
                    self._save(key, entry)
                    if generation != self._generation:  # cleared while it was written
                        self._unlink(key)
                fut.set_result(entry)
            finally:
                with self._lock:
                    self.computations += 1
                    self._running.pop((key, version), None)

        threading.Thread(target=run, name=f"resultaat {key[:60]}", daemon=True).start()
        return fut

    def get(self, name: str, view: Hashable, args: tuple, version: int, compute: Callable[[int], T], *,
            wait: float | None = None, state: str | None = None, min_version: int | None = None) -> Result[T]:
        """The result of ``compute()`` for ``version``.

        Parameters
        ----------
        name, view, args
            What the result is (:meth:`key`): ``view`` holds the role's view, never a user id.
        version : int
            The store's data version now (read before calling).
        compute : callable
            ``compute(version)`` computes the value for the store as it is now (``version``
            is the one it will be labelled with: pass it on to results it is built from);
            runs in a background thread.
        state : str, optional
            The store's :meth:`~netwerk.store.base.Store.state_id` now: a result is only
            current when its version and its state agree (a store restored from a copy
            repeats version numbers, never states); one of the same version but another
            state is dropped.
        wait : float, optional
            Seconds to wait for a recompute before returning the last result of an older
            version (``fresh=False``); None waits for it. Without any earlier result (or
            when a privacy write happened since it, or the last computation for ``version``
            failed: the error is not hidden behind older figures), the call always waits.

        min_version : int, optional
            No result of an older version is returned instead of the fresh one (the call
            waits): a session's own write must be in what it is shown.

        Returns
        -------
        Result
            ``fresh`` is True exactly when ``result.version == version``.

        Raises
        ------
        Exception
            Whatever ``compute`` raised (nothing is cached then).
        """
        key = self.key(name, view, args)
        entry = self._entry(key)
        if entry is not None and entry.version == version:
            if state is None or entry.state is None or entry.state == state:
                if entry.from_disk and state is not None and entry.state == state:
                    entry.from_disk = False  # proven to be of this database (its state is unique per write)
                if entry.compute is None:
                    entry.compute = compute  # a kept file is refreshed after the next write, as one computed here
                return Result(entry.value, entry.version, entry.computed_at, True)
            entry = None  # another timeline of the same store (a restored copy): never shown
        elif entry is not None and entry.version > version:
            entry = None  # from a later version than the store's (a restored copy): never shown
        self._moved_on(version, state)
        fut = self._start(key, version, compute, state)
        if getattr(_IN_COMPUTATION, "active", False):
            wait = None  # a result computed from another never rests on older figures
        with self._lock:  # after a failed recompute the next request waits, so the page shows the error
            failed = (key, version) in self._failed
        # A kept file is shown only for exactly its version and state, never as the last figures: the
        # file may come from an earlier database at the same path (deleted and made again, or a
        # Neo4j database emptied and filled), whose persons the privacy check cannot know about.
        usable = (entry is not None and not entry.from_disk and entry.version < version and wait is not None
                  and not failed
                  and (min_version is None or entry.version >= min_version) and not self._private_since(entry))
        if usable:
            try:
                done = fut.result(timeout=max(wait or 0.0, 0.0))
            except TimeoutError:
                assert entry is not None
                return Result(entry.value, entry.version, entry.computed_at, False)
        else:
            done = fut.result()
        return Result(done.value, done.version, done.computed_at, done.version == version)

    def peek(self, name: str, view: Hashable, args: tuple, version: int, state: str | None = None) -> Result | None:
        """The result for exactly ``version`` (and ``state``) if it is here (memory or disk); never computes."""
        entry = self._entry(self.key(name, view, args))
        if entry is None or entry.version != version or (state and entry.state and entry.state != state):
            return None
        return Result(entry.value, entry.version, entry.computed_at, True)

    def _moved_on(self, version: int, state: str | None = None) -> None:
        """The data version moved on: recompute, one after the other in one background
        thread, every result of the previous version that this process computed (most
        recently used first), so the pages a user opens next are fresh already. Whole-network
        figures are computed once after a write, not once per page and session."""
        with self._lock:
            if version <= self._latest:
                return
            previous, self._latest = self._latest, version
            todo = [(k, e.compute) for k, e in reversed(self._entries.items())
                    if e.version == previous and e.compute is not None]
        if not todo:
            return

        def refresh() -> None:
            for key, compute in todo:
                with self._lock:
                    if self._latest != version:
                        return  # a newer write: its own refresh takes over
                    current = self._entries.get(key)
                    if current is not None and current.version >= version:
                        continue
                try:
                    self._start(key, version, compute, state).result()
                except BaseException as e:  # the page that needs it will show the error
                    log.info("verversen van %s mislukt: %s", key[:60], e)

        t = threading.Thread(target=refresh, name=f"resultaten verversen {version}", daemon=True)
        with self._lock:
            self._refresher = t
        t.start()

    def _private_since(self, entry: _Entry) -> bool:
        if self.privacy_since is None:
            return False
        try:
            return bool(self.privacy_since(entry.computed_at))
        except Exception:  # cannot tell: do not show older figures
            return True

    def pending(self, keys: list[str] | None = None) -> bool:
        """Whether a computation (of one of ``keys``, or any) is still running."""
        with self._lock:
            return any(keys is None or k in keys for k, _ in self._running)

    def wait_idle(self, timeout: float = 600.0) -> bool:
        """Wait until no computation (and no refresh after a write) runs (tests, benchmarks);
        False on timeout."""
        deadline = time.monotonic() + timeout
        while self.pending() or (self._refresher is not None and self._refresher.is_alive()):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _unlink(self, key: str) -> None:
        path = self._file(key)
        if path is not None:
            path.unlink(missing_ok=True)

    def clear(self) -> None:
        """Drop every result, in memory and on disk, and what computations running now
        bring back (they may have read what an erase removed)."""
        with self._lock:
            self._generation += 1
            self._entries.clear()
        if self.directory is not None and self.directory.exists():
            for path in self.directory.glob("*.pkl"):
                path.unlink(missing_ok=True)


_CACHES: dict[str, ResultCache] = {}
_CACHES_LOCK = threading.Lock()


def result_cache(url: str, privacy_since: Callable[[datetime], bool] | None = None,
                 persist: bool = True) -> ResultCache:
    """The one :class:`ResultCache` of the store at ``url`` in this process (created on
    first use; ``privacy_since`` and ``persist`` count only then)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(url)
        if cache is None:
            cache = ResultCache(results_dir(url) if persist else None, privacy_since)
            _CACHES[url] = cache
        return cache


def forget(url: str) -> None:
    """Remove every result of the store at ``url``: this process's and the persisted files
    (other processes' memory keeps results until their ``privacy_since`` check sees the
    audit entry). Called by the services that erase or hide a person."""
    with _CACHES_LOCK:
        cache = _CACHES.get(url)
    if cache is not None:
        cache.clear()
    else:
        ResultCache(results_dir(url)).clear()


class BoundedMemo(MutableMapping):
    """A thread-safe mapping that keeps the ``size`` most recently used entries: the memo
    of per-period results (:func:`netwerk.analysis.growth.summary_per_period`'s ``memo``),
    keyed on what a period holds, so after an edit only the periods it touched are
    computed again, for every page and session."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def __getitem__(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items[key]
            self._items.move_to_end(key)
            return value

    def __setitem__(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __delitem__(self, key: Hashable) -> None:
        with self._lock:
            del self._items[key]

    def __iter__(self) -> Iterator:
        with self._lock:
            return iter(list(self._items))

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


PERIOD_MEMO = BoundedMemo()
"""The process's memo of per-period network summaries (growth tables, Overzicht, the report):
16 quarters of a few cities and filters fit; a summary is a few numbers."""
