"""netwerk.services.generate on Neo4j: the chunked write gives the same network as one write into SQLite
(moved out of tests/unit/test_generate.py: unit tests do not start Neo4j)."""

from __future__ import annotations

import math

import pytest

from netwerk import analysis as an
from netwerk.access import SYSTEM
from netwerk.bootstrap import open_store
from netwerk.domain import ChangeSet
from netwerk.services.generate import apply_in_chunks, generate_changeset

PERSONS, ACTIVITIES = 300, 600


@pytest.fixture(scope="module")
def cs() -> ChangeSet:
    return generate_changeset(PERSONS, ACTIVITIES, seed=5)


def test_chunked_write_into_neo4j_equals_sqlite(neo4j_url, store, cs):
    neo = open_store(neo4j_url)
    try:
        seen = []
        transactions = apply_in_chunks(SYSTEM, neo, cs, chunk_rows=2000, progress=lambda d, t: seen.append(d))
        total = sum(cs.counts().values())
        assert transactions == math.ceil(total / 2000) and seen[-1] == total and seen == sorted(seen)
        assert neo.counts() == cs.counts()
        apply_in_chunks(SYSTEM, store, cs)
        a, b = an.social_graph(neo.snapshot()), an.social_graph(store.snapshot())
        assert sorted(a.edges(data="weight")) == sorted(b.edges(data="weight"))
        assert a.number_of_edges() > 0
    finally:
        neo.close()
