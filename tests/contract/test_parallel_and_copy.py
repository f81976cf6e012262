"""Concurrency and moving between stores, on both backends: two imports of the same files
at once leave one node per entity; ``netwerk copy`` moves everything SQLite -> Neo4j ->
SQLite without loss."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import datetime
from importlib import resources

import pandas as pd
from typer.testing import CliRunner

from netwerk.access import SYSTEM, Viewer
from netwerk.bootstrap import open_store
from netwerk.cli import app
from netwerk.domain import AMSTERDAM, Activity, Area, ChangeSet, Introduction, Membership, Survey, SurveyInvite
from netwerk.services.copying import copy_store
from netwerk.services.importing import import_files
from netwerk.services.seeding import seed, seed_files
from netwerk.store.base import CHANGESET_SCHEMA


def test_two_parallel_imports_of_the_same_files_leave_one_node_per_entity(backend, tmp_path):
    # The expected end state: the same files imported once, sequentially, into a fresh SQLite store.
    reference = open_store(f"sqlite:///{tmp_path / 'reference.sqlite'}")
    seed(reference, "demo")
    expected = reference.counts()
    reference.close()
    before = backend.counts()

    barrier = threading.Barrier(2)

    def run_import():
        store = open_store(backend.url)
        try:
            with ExitStack() as stack:
                paths = [stack.enter_context(resources.as_file(f)) for f in seed_files("demo")]
                barrier.wait(timeout=60)
                return import_files(store, paths)
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = [f.result() for f in [pool.submit(run_import), pool.submit(run_import)]]

    assert backend.counts() == expected
    # Each entity was created by exactly one of the two imports.
    for fname in ("organisations", "persons", "activities", "participations", "knows", "ratings", "works_for"):
        assert sum(r.created.get(fname, 0) for r in reports) == expected[fname] - before[fname], fname
    assert expected["persons"] > 100 and expected["participations"] > 1000


def _extra() -> ChangeSet:
    # What the demo seed lacks: an area with CBS indicators, a membership with dates, a marked
    # introduction, an evaluation with a half-answered invite, and the ambiguous 02:30 on the
    # night the clocks go back (fold=1 is the second, CET).
    return ChangeSet(
        areas=[Area(code="BU01770101", name="Raalte-Centrum", level="buurt",
                    indicators={"inwoners": 1234, "aandeel_65plus": 0.21, "naam": "Centrum", "leeg": None})],
        activities=[Activity(activity_id="dst", kind="overig", date=datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=1),
                             methods=("deep_democracy", "abcd"))],
        memberships=[Membership(person_id="p01", group_id="g01", since=datetime(2025, 1, 1).date())],
        introductions=[Introduction(person_a="p01", person_b="p02", date=datetime(2025, 6, 2).date(),
                                    marked_by="coordinator")],
        surveys=[Survey(survey_id="ev1", name="Evaluatie 2025", date=datetime(2025, 12, 1).date(),
                        closes_on=datetime(2025, 12, 20).date(), questions=("reliability", "open:wat"),
                        rated_ids=("org01", "org02"))],
        survey_invites=[SurveyInvite(person_id="p01", survey_id="ev1", token_hash="ab" * 32, status="bezig",
                                     answers={"org02:reliability": 3, "open:wat": "Korte lijnen."})],
    )


def test_copy_sqlite_to_neo4j_and_back_keeps_every_row_and_value(tmp_path, neo4j_url):
    src = open_store(f"sqlite:///{tmp_path / 'bron.sqlite'}")
    seed(src, "demo")
    src.apply(_extra())
    mid = open_store(neo4j_url)
    back = open_store(f"sqlite:///{tmp_path / 'terug.sqlite'}")

    there = copy_store(SYSTEM, src, mid)
    again = copy_store(SYSTEM, mid, back)

    counts = src.counts()
    assert all(counts[f] > 0 for f in CHANGESET_SCHEMA), counts  # every field is exercised
    assert there.complete and again.complete
    assert mid.counts() == counts and back.counts() == counts
    for fname in CHANGESET_SCHEMA:
        original = src.table(fname)
        pd.testing.assert_frame_equal(mid.table(fname), original, check_dtype=True, obj=f"neo4j {fname}")
        pd.testing.assert_frame_equal(back.table(fname), original, check_dtype=True, obj=f"sqlite {fname}")
    dst = back.table("activities").set_index("activity_id").loc["dst", "date"]
    assert dst == datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=1) and dst.utcoffset().total_seconds() == 3600
    # Copying again changes nothing (idempotent like an import).
    version = mid.data_version()
    assert not copy_store(SYSTEM, src, mid).result.changed
    assert mid.data_version() == version
    for s in (src, mid, back):
        s.close()


def test_copy_is_for_coordinators_only(tmp_path):
    import pytest

    from netwerk.access import PermissionDenied

    a = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    b = open_store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    with pytest.raises(PermissionDenied):
        copy_store(Viewer(user_id="x", role="professional"), a, b)
    a.close()
    b.close()


def test_cli_copy_moves_the_network_to_neo4j(tmp_path, neo4j_url):
    src_url = f"sqlite:///{tmp_path / 'bron.sqlite'}"
    src = open_store(src_url)
    seed(src, "davis")
    counts = src.counts()
    src.close()
    result = CliRunner().invoke(app, ["copy", "--from", src_url, "--to", neo4j_url])
    assert result.exit_code == 0, result.output
    assert f"persons: {counts['persons']} gelezen, {counts['persons']} nieuw" in result.output
    dst = open_store(neo4j_url)
    assert dst.counts() == counts
    dst.close()
    same = CliRunner().invoke(app, ["copy", "--from", src_url, "--to", src_url])
    assert same.exit_code == 2 and "dezelfde store" in same.output
