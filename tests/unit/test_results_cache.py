"""The shared results cache (netwerk.services.results): one computation per version and
view, stale-while-revalidate that never labels old figures as fresh, persistence across
processes, privacy writes and restored copies (issue 19)."""

from __future__ import annotations

import os
import pickle
import stat
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netwerk.services import results
from netwerk.services.results import ResultCache, results_dir


def test_one_computation_per_version_and_view_for_many_threads() -> None:
    cache = ResultCache()
    calls: list[int] = []
    gate = threading.Event()

    def compute(v: int) -> str:
        gate.wait(5)
        calls.append(v)
        return f"figures of {v}"

    out: list = []
    threads = [threading.Thread(target=lambda: out.append(cache.get("growth", ("coordinator", ""), (), 3, compute)))
               for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    gate.set()
    for t in threads:
        t.join(10)
    assert calls == [3]  # eight sessions, one computation
    assert {r.value for r in out} == {"figures of 3"} and all(r.fresh and r.version == 3 for r in out)
    # Another role's view is another result; the same view at the same version is not computed again.
    cache.get("growth", ("bestuurder", ""), (), 3, compute)
    cache.get("growth", ("coordinator", ""), (), 3, compute)
    assert calls == [3, 3]


def test_after_a_write_the_last_result_is_shown_as_stale_then_the_fresh_one() -> None:
    cache = ResultCache()
    store = {"figures": "old"}
    release = threading.Event()

    def compute(v: int) -> str:  # as a service: reads the store as it is now; slow after the write
        if v > 1:
            release.wait(5)
        return f"{store['figures']} {v}"

    cache.get("map", ("coordinator", ""), ("q1",), 1, compute)
    store["figures"] = "new"
    r = cache.get("map", ("coordinator", ""), ("q1",), 2, compute, wait=0.05)
    assert (r.value, r.version, r.fresh) == ("old 1", 1, False)  # labelled with its own version, not 2
    assert cache.pending()
    release.set()
    assert cache.wait_idle(5)
    r = cache.get("map", ("coordinator", ""), ("q1",), 2, compute, wait=0.05)
    assert (r.value, r.version, r.fresh) == ("new 2", 2, True)


def test_a_fast_recompute_is_returned_fresh_within_the_wait() -> None:
    cache = ResultCache()
    store = {"n": 1}
    cache.get("x", "v", (), 1, lambda v: store["n"])
    store["n"] = 20
    r = cache.get("x", "v", (), 2, lambda v: store["n"], wait=5)
    assert (r.value, r.fresh) == (20, True)


def test_without_an_earlier_result_the_call_waits_whatever_the_wait() -> None:
    cache = ResultCache()
    r = cache.get("x", "v", (), 7, lambda v: (time.sleep(0.2), "done")[1], wait=0.0)
    assert (r.value, r.version, r.fresh) == ("done", 7, True)


def test_no_stale_result_after_an_erase_or_withdrawal() -> None:
    erased_at: list[datetime] = []
    store = {"names": "Bewoner with name"}

    def compute(v: int) -> str:  # as a service: reads the store as it is now
        time.sleep(0.2 if v > 1 else 0)
        return store["names"]

    cache = ResultCache(privacy_since=lambda t: any(e >= t for e in erased_at))
    cache.get("names", "v", (), 1, compute)
    store["names"] = "without"
    erased_at.append(datetime.now(UTC))
    r = cache.get("names", "v", (), 2, compute, wait=0.0)
    assert (r.value, r.fresh) == ("without", True)  # waited: the old figures may name the erased person


def test_the_label_is_the_version_read_before_computing(tmp_path: Path) -> None:
    """A write during a computation: the result carries the older version, so the next
    request (at the newer version) computes again; it is never shown as the newer one."""
    cache = ResultCache()
    data = {"version": 1, "rows": 1}

    def compute(v: int) -> int:
        rows = data["rows"]
        data.update(version=2, rows=2)  # another session wrote meanwhile
        return rows

    r = cache.get("t", "v", (), data["version"], compute)
    assert (r.value, r.version) == (1, 1)
    r2 = cache.get("t", "v", (), data["version"], lambda v: data["rows"])
    assert (r2.value, r2.version, r2.fresh) == (2, 2, True)


def test_nested_results_are_computed_from_fresh_parts() -> None:
    """A result built from another (the styled map from the laid-out map) must not be built
    from the stale part: inside a computation, calls wait for the fresh part."""
    cache = ResultCache()

    def slow_part(v: int) -> str:
        time.sleep(0.3 if v > 1 else 0)
        return f"part {v}"

    cache.get("part", "v", (), 1, slow_part)

    whole = cache.get("whole", "v", (), 2, lambda v: "whole of " + cache.get("part", "v", (), v, slow_part, wait=0.0).value)
    assert whole.value == "whole of part 2"


def test_a_write_refreshes_the_results_in_use_in_the_background() -> None:
    cache = ResultCache()
    seen: list[tuple[str, int]] = []
    for name in ("a", "b", "c"):
        cache.get(name, "v", (), 1, lambda v, n=name: seen.append((n, v)) or n)
    cache.get("a", "v", (), 2, lambda v: seen.append(("a", v)) or "a", wait=None)
    assert cache.wait_idle(5)
    assert sorted(x for x in seen if x[1] == 2) == [("a", 2), ("b", 2), ("c", 2)]  # b and c without being asked
    assert cache.peek("b", "v", (), 2) is not None


def test_results_outlive_the_process_and_only_for_the_same_code_and_state(tmp_path: Path) -> None:
    first = ResultCache(tmp_path)
    first.get("growth", "v", ("q",), 5, lambda v: {"ties": 12}, state="s5")
    files = list(tmp_path.glob("*.pkl"))
    assert len(files) == 1
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    second = ResultCache(tmp_path)  # a restarted dashboard or a second worker
    r = second.get("growth", "v", ("q",), 5, lambda v: pytest.fail("recomputed"), state="s5")
    assert (r.value, r.fresh) == ({"ties": 12}, True)
    # A copy of the store restored over it repeats version 5 with another state: never shown.
    third = ResultCache(tmp_path)
    r = third.get("growth", "v", ("q",), 5, lambda v: {"ties": 13}, state="other", wait=0.0)
    assert (r.value, r.fresh) == ({"ties": 13}, True)
    # Results of other code are not read.
    saved = pickle.loads(files[0].read_bytes())
    files[0].write_bytes(pickle.dumps({**saved, "code": "other code", "value": {"ties": 99}}))
    assert ResultCache(tmp_path).peek("growth", "v", ("q",), 5) is None
    files[0].write_bytes(b"not a pickle")  # a damaged file is a miss, not an error
    assert ResultCache(tmp_path).get("growth", "v", ("q",), 5, lambda v: 1).value == 1


def test_errors_are_not_cached() -> None:
    cache = ResultCache()
    with pytest.raises(ZeroDivisionError):
        cache.get("x", "v", (), 1, lambda v: 1 / 0)
    assert cache.get("x", "v", (), 1, lambda v: 2).value == 2


def test_forget_removes_persisted_results(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    assert results_dir(url) == Path(str(tmp_path / "n.sqlite") + ".resultaten")
    cache = results.result_cache(url)
    cache.get("x", "v", (), 1, lambda v: "named")
    assert list(results_dir(url).glob("*.pkl"))
    results.forget(url)
    assert not list(results_dir(url).glob("*.pkl"))
    assert cache.peek("x", "v", (), 1) is None


def test_a_result_read_before_an_erase_but_finished_after_it_is_never_shown_stale() -> None:
    """Review of issue 19: the privacy check compares the audit entry's moment with the
    moment the result's data was read (its computation's start), not when it finished: a
    slow computation that read the store before an erase and ended after the erase's audit
    entry holds the erased person and must not be shown as the 'last figures'."""
    erased_at: list[datetime] = []
    store = {"names": "Bewoner with name"}
    read = threading.Event()
    go_on = threading.Event()

    def compute(v: int) -> str:  # reads the store first, then works a while
        names = store["names"]
        if v == 1:
            read.set()
            go_on.wait(5)
        else:
            time.sleep(0.2)
        return names

    cache = ResultCache(privacy_since=lambda t: any(e >= t for e in erased_at))
    first = threading.Thread(target=lambda: cache.get("names", "v", (), 1, compute))
    first.start()
    assert read.wait(5)  # version 1's data is read: it names the resident
    store["names"] = "without"  # the erase, then its audit entry
    erased_at.append(datetime.now(UTC))
    time.sleep(0.01)
    go_on.set()
    first.join(5)
    r = cache.get("names", "v", (), 2, compute, wait=0.0)
    assert (r.value, r.fresh) == ("without", True)


def test_a_late_older_result_does_not_replace_the_newer_one_on_disk(tmp_path: Path) -> None:
    """Review of issue 19: a session that read the version before a write asks for the
    older one after the newer result is kept; the older one must not overwrite the newer
    file (a restarted process would start with it and compute again)."""
    cache = ResultCache(tmp_path)
    cache.get("growth", "v", (), 2, lambda v: f"figures {v}")
    cache.get("growth", "v", (), 1, lambda v: f"figures {v}")  # a slow session, labelled 1
    restarted = ResultCache(tmp_path)
    r = restarted.get("growth", "v", (), 2, lambda v: pytest.fail("computed again"))
    assert (r.value, r.fresh) == ("figures 2", True)


def test_a_computation_running_during_forget_is_not_kept(tmp_path: Path) -> None:
    """Review of issue 19: an erase's audit entry is stamped before its commit, so a
    computation that starts in between reads the person yet looks newer than the entry;
    :func:`forget` (after the commit) must also drop what such a running computation
    brings back, in memory and on disk."""
    read = threading.Event()
    go_on = threading.Event()
    store = {"names": "Bewoner with name"}

    def compute(v: int) -> str:
        names = store["names"]
        if v == 1:
            read.set()
            go_on.wait(5)
        else:
            time.sleep(0.2)
        return names

    cache = ResultCache(tmp_path, privacy_since=lambda t: False)  # the entry is older than the start
    first = threading.Thread(target=lambda: cache.get("names", "v", (), 1, compute))
    first.start()
    assert read.wait(5)
    store["names"] = "without"  # the erase commits
    cache.clear()  # results.forget after the commit
    go_on.set()
    first.join(5)
    assert not list(tmp_path.glob("*.pkl"))
    r = cache.get("names", "v", (), 2, compute, wait=0.0)
    assert (r.value, r.fresh) == ("without", True)


def test_a_recompute_that_failed_is_not_hidden_behind_the_last_result() -> None:
    """Review of issue 19: after a write the page gets the last result while the recompute
    runs; when that recompute fails (after the wait), the page's refresh asks again and
    must see the error (after a new try), not the old figures again and again."""
    cache = ResultCache()
    store = {"broken": False}

    def compute(v: int) -> str:  # as a service: fails on the data after the write
        if store["broken"]:
            time.sleep(0.2)
            raise ZeroDivisionError("kapot")
        return f"figures {v}"

    cache.get("x", "v", (), 1, compute)
    store["broken"] = True
    assert not cache.get("x", "v", (), 2, compute, wait=0.01).fresh
    assert cache.wait_idle(5)
    with pytest.raises(ZeroDivisionError):
        cache.get("x", "v", (), 2, compute, wait=0.01)  # the refresh shows the error
    store["broken"] = False
    assert cache.get("x", "v", (), 2, compute, wait=0.01).value == "figures 2"  # errors are not cached


def test_the_code_fingerprint_covers_the_dashboard_code(tmp_path: Path) -> None:
    """Review of issue 19: the dashboard's shared functions (dashboard/data.py's map page,
    dashboard/map_view.py's MapData) are part of what a persisted result is; a result of
    another dashboard version must not be read as current after an upgrade."""
    for pkg in ("netwerk", "graph_schema", "dashboard"):
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "m.py").write_text("X = 1\n")
    before = results._code_fingerprint(tmp_path)
    (tmp_path / "dashboard" / "m.py").write_text("X = 2\n")
    assert results._code_fingerprint(tmp_path) != before


def test_no_result_older_than_min_version_is_returned() -> None:
    """Review of issue 19: a session's own write (version 2) must be in what it is shown,
    also when a colleague's write (version 3) followed it."""
    cache = ResultCache()

    def slow(v: int) -> str:
        time.sleep(0.2 if v > 1 else 0)
        return f"map {v}"

    cache.get("map", "v", (), 1, slow)

    r = cache.get("map", "v", (), 3, slow, wait=0.0, min_version=2)
    assert (r.value, r.fresh) == ("map 3", True)
    assert not cache.get("map", "v", (), 4, slow, wait=0.0, min_version=2).fresh  # map 3 holds the write


def test_a_kept_file_of_an_older_version_is_never_shown_as_the_last_figures(tmp_path: Path) -> None:
    """A file beside the store may come from an earlier database at the same path (deleted and
    made again): it counts only for exactly its version and state, never as stale figures."""
    ResultCache(tmp_path).get("names", "v", (), 3, lambda v: "Bewoner of the old database", state="old")
    restarted = ResultCache(tmp_path)
    r = restarted.get("names", "v", (), 5, lambda v: (time.sleep(0.2), "new database")[1], state="new", wait=0.0)
    assert (r.value, r.fresh) == ("new database", True)


def test_a_kept_file_proven_current_may_later_be_shown_as_the_last_figures(tmp_path: Path) -> None:
    ResultCache(tmp_path).get("growth", "v", (), 3, lambda v: "figures 3", state="s3")
    restarted = ResultCache(tmp_path)
    assert restarted.get("growth", "v", (), 3, lambda v: pytest.fail("recomputed"), state="s3").value == "figures 3"
    release = threading.Event()
    r = restarted.get("growth", "v", (), 4, lambda v: (release.wait(5), "figures 4")[1], state="s4", wait=0.05)
    assert (r.value, r.version, r.fresh) == ("figures 3", 3, False)  # matched this store's state: its own
    release.set()
    assert restarted.wait_idle(5)
