"""What only the Neo4j adapter has: its schema in the database, how values are stored,
its URLs and errors, and the server it runs on (``netwerk.devtools.neo4j_server``)."""

from __future__ import annotations

import socket
from datetime import datetime

import neo4j
import pytest

import graph_schema as gs
from graph_schema.migrations import MIGRATIONS
from graph_schema.neo4j_ddl import migration_statements, node_statements, relationship_statements
from netwerk.bootstrap import open_store
from netwerk.devtools import neo4j_server
from netwerk.domain import AMSTERDAM, Activity, Area, ChangeSet, ConfigError, Person, StoreError
from netwerk.store import neo4j as adapter


def _run(url: str, query: str, **params):
    with neo4j.GraphDatabase.driver(url, auth=None) as d:
        return d.execute_query(query, params).records


def test_migrations_create_a_uniqueness_constraint_per_node_type_and_are_recorded(neo4j_url):
    s = open_store(neo4j_url)
    constraints = {(r["l"][0], r["p"][0]) for r in _run(
        neo4j_url, "SHOW CONSTRAINTS YIELD type, labelsOrTypes AS l, properties AS p WHERE type = 'UNIQUENESS' RETURN l, p")}
    assert {(n.label.value, n.key) for n in gs.NODES.values()} <= constraints
    indexes = {(r["l"][0], r["p"][0]) for r in _run(
        neo4j_url, "SHOW INDEXES YIELD type, labelsOrTypes AS l, properties AS p WHERE type = 'RANGE' RETURN l, p")}
    assert {("Activity", "date"), ("RATED", "round_id"), ("KNOWS", "source")} <= indexes
    recorded = _run(neo4j_url, "MATCH (m:SchemaMigration) RETURN m.version AS v, m.name AS n ORDER BY v")
    assert [(r["v"], r["n"]) for r in recorded] == [(m.version, m.name) for m in MIGRATIONS]
    # The vocabulary of themes is seeded once, as in SQLite.
    assert s.existing_ids("themes") == set(gs.THEMES)
    assert s.migrate() == []
    assert _run(neo4j_url, "MATCH (t:Theme) RETURN count(t) AS n")[0]["n"] == len(gs.THEMES)


def test_values_are_stored_natively_and_missing_values_are_absent(neo4j_url):
    s = open_store(neo4j_url)
    s.apply(ChangeSet(
        persons=[Person(person_id="007", kind="resident", pseudonym="Bewoner 007")],
        activities=[
            Activity(activity_id="x1", kind="overig", date=datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=0)),
            Activity(activity_id="x2", kind="overig", date=datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=1),
                     methods=("abcd",)),
        ],
        areas=[Area(code="WK017701", name="Raalte", level="wijk", indicators={"inwoners": 10})],
    ))
    person = _run(neo4j_url, "MATCH (p:Person {person_id: '007'}) RETURN keys(p) AS k")[0]["k"]
    assert "display_name" not in person and "skills" not in person and "consent_date" not in person
    assert _run(neo4j_url, "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE v <> v RETURN count(*) AS nan")[0]["nan"] == 0
    # The two 02:30s are two instants an hour apart, in Cypher too.
    rec = _run(neo4j_url, "MATCH (a:Activity {activity_id: 'x1'}), (b:Activity {activity_id: 'x2'}) "
                          "RETURN duration.inSeconds(a.date, b.date).seconds AS s, b.methods AS m")[0]
    assert rec["s"] == 3600 and rec["m"] == ["abcd"]
    assert _run(neo4j_url, "MATCH (a:Area) RETURN a.indicators AS i")[0]["i"] == '{"inwoners": 10}'
    # Our own string ids; nothing refers to Neo4j's internal ids.
    assert s.existing_ids("persons") == {"007"}


def test_unreachable_server_is_a_store_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connection refused
        with pytest.raises(StoreError, match="niet bereiken"):
            open_store(f"bolt://127.0.0.1:{port}")


@pytest.mark.parametrize(
    ("url", "message"),
    [("neo4j://gebruiker:geheim@127.0.0.1:7687", "NETWERK_NEO4J_USER"), ("neo4j://", "noemt geen server")],
)
def test_bad_neo4j_urls_are_config_errors(url, message):
    with pytest.raises(ConfigError, match=message):
        open_store(url)


def test_database_name_comes_from_the_url_path():
    assert adapter._parse_url("neo4j://db.example:7687/buurt") == ("neo4j://db.example:7687", "buurt")
    assert adapter._parse_url("bolt+s://x.databases.neo4j.io") == ("bolt+s://x.databases.neo4j.io", None)


def test_driver_errors_become_store_errors(neo4j_url):
    s = open_store(neo4j_url)
    with pytest.raises(StoreError, match="Neo4j"):
        s._read("THIS IS NOT CYPHER")


# --- the Cypher and DDL assembled from graph_schema (pinned) ----------------------------------


def test_ddl_for_a_node_and_a_relationship_type():
    assert node_statements(gs.NODES[gs.Label.SURVEY_ROUND]) == [
        "CREATE CONSTRAINT surveyround_round_id_unique IF NOT EXISTS FOR (n:`SurveyRound`) REQUIRE n.`round_id` IS UNIQUE",
        "CREATE INDEX surveyround_date IF NOT EXISTS FOR (n:`SurveyRound`) ON (n.`date`)",
    ]
    assert relationship_statements(gs.RELATIONSHIPS[gs.RelType.KNOWS]) == [
        "CREATE INDEX knows_source IF NOT EXISTS FOR ()-[r:`KNOWS`]-() ON (r.`source`)"
    ]
    assert relationship_statements(gs.RELATIONSHIPS[gs.RelType.PARTICIPATED]) == []


def test_every_migration_has_neo4j_statements_for_the_types_it_introduces():
    for m in MIGRATIONS:
        stmts = migration_statements(m)
        assert m.neo4j == stmts
        for label in m.nodes:
            assert any(f"FOR (n:`{label.value}`) REQUIRE" in s for s in stmts), (m.version, label)
        assert all("IF NOT EXISTS" in s for s in stmts if s.upper().startswith("CREATE"))


def test_rating_queries_choose_the_label_of_each_end():
    rated = gs.RELATIONSHIPS[gs.RelType.RATED]
    assert adapter.read_query(rated) == (
        "MATCH (a:`Person`|`Organisation`)-[r:`RATED`]->(b:`Person`|`Organisation`) "
        "RETURN collect([CASE WHEN a:`Person` THEN a.`person_id` WHEN a:`Organisation` THEN a.`org_id` END, "
        "CASE WHEN b:`Person` THEN b.`person_id` WHEN b:`Organisation` THEN b.`org_id` END, "
        "r.`round_id`, r.`rater_type`, r.`rated_type`, r.`reliability`, r.`mission`, r.`openness`, r.`power`, "
        "r.`involvement`, r.`resources`, r.`himmelman_level`, r.`contact_frequency`]) AS rows"
    )
    assert adapter.read_query(gs.NODES[gs.Label.ACTIVITY]) == (
        "MATCH (n:`Activity`) RETURN collect([n.`activity_id`, n.`kind`, toString(n.`date`), n.`buurt_code`, n.`title`, "
        "n.`methods`, n.`anonymous_participants`]) AS rows"
    )
    q = adapter.upsert_relationship_query(rated, gs.Label.ORGANISATION, gs.Label.PERSON)
    assert q.startswith(
        "UNWIND $rows AS row MATCH (a:`Organisation` {`org_id`: row.s}) MATCH (b:`Person` {`person_id`: row.e}) "
        "MERGE (a)-[x:`RATED` {`round_id`: row.key.`round_id`}]->(b) "
    )


# --- the server ----------------------------------------------------------------------------


def test_server_conf_listens_on_loopback_without_http_or_auth(tmp_path):
    conf = neo4j_server._conf(tmp_path, 7999).splitlines()
    assert "server.bolt.listen_address=127.0.0.1:7999" in conf
    assert "server.http.enabled=false" in conf and "dbms.security.auth_enabled=false" in conf
    assert f"server.directories.data={tmp_path / 'data'}" in conf
    assert neo4j_server.NEO4J_VERSION.startswith("5.26.")


def test_status_of_a_folder_without_server_is_none(tmp_path):
    assert neo4j_server.status(tmp_path) is None
    assert neo4j_server.stop(tmp_path, echo=lambda _: None) is False


def test_start_on_a_taken_port_is_refused(tmp_path, neo4j_server_url):
    port = int(neo4j_server_url.rsplit(":", 1)[1])
    with pytest.raises(neo4j_server.Neo4jServerError, match=f"Poort {port}"):
        neo4j_server.start(tmp_path / "tweede", port=port, echo=lambda _: None)


def test_start_failure_reports_the_log_tail(tmp_path, neo4j_server_url):
    # neo4j_server_url: the jars are provisioned. A setting Neo4j refuses makes it exit.
    with pytest.raises(neo4j_server.Neo4jServerError) as exc:
        neo4j_server.start(tmp_path / "kapot", echo=lambda _: None, timeout=120,
                           settings={"server.memory.pagecache.size": "veel"})
    message = str(exc.value)
    assert "stopte direct" in message and "console.log" in message
    assert "server.memory.pagecache.size" in message  # Neo4j's own complaint, from the log
    assert neo4j_server.status(tmp_path / "kapot") is None


# --- the saved queries for Neo4j Browser ------------------------------------------------------


def _saved_queries() -> dict[str, str]:
    from importlib import resources

    text = (resources.files("netwerk.store") / "cypher" / "saved_queries.cypher").read_text(encoding="utf-8")
    queries: dict[str, str] = {}
    for block in text.split("// name: ")[1:]:
        name, body = block.split("\n", 1)
        queries[name.strip()] = "\n".join(line for line in body.splitlines() if not line.startswith("//")).strip()
    return queries


def test_saved_queries_agree_with_the_tables_on_the_demo_data(neo4j_url):
    from netwerk.services.seeding import seed

    s = open_store(neo4j_url)
    seed(s, "demo")
    q = _saved_queries()
    assert set(q) == {"ego_network", "cross_organisation_ties_per_quarter", "brokers", "trust_between_organisations"}
    parts = s.table("participations")
    persons = s.table("persons").set_index("person_id")

    # Ego network of p01, computed independently from the participation table.
    mine = set(parts.loc[parts["person_id"] == "p01", "activity_id"])
    shared = parts[parts["activity_id"].isin(mine) & (parts["person_id"] != "p01")].groupby("person_id")["activity_id"].nunique()
    ego = _run(neo4j_url, q["ego_network"], person_id="p01")
    assert {r["person_id"]: r["shared_activities"] for r in ego} == shared.to_dict()
    for r in ego:  # residents only by pseudonym
        if persons.loc[r["person_id"], "kind"] == "resident" and not persons.loc[r["person_id"], "consent_named"]:
            assert r["label"] != persons.loc[r["person_id"], "display_name"]

    # Cross-organisation ties per quarter, from the tables.
    wf = s.table("works_for")
    employers = wf.groupby("person_id")["org_id"].apply(set).to_dict()
    acts = s.table("activities").set_index("activity_id")
    pros = set(persons.index[persons["kind"] == "professional"]) & set(employers)
    expected: dict[tuple[int, int], set] = {}
    for act, group in parts[parts["person_id"].isin(pros)].groupby("activity_id"):
        ids = sorted(set(group["person_id"]))
        d = acts.loc[act, "date"]
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if not employers[a] & employers[b]:
                    expected.setdefault((d.year, (d.month - 1) // 3 + 1), set()).add((a, b))
    rows = _run(neo4j_url, q["cross_organisation_ties_per_quarter"])
    got = {(r["year"], r["quarter"]): r["cross_organisation_ties"] for r in rows}
    assert got == {k: len(v) for k, v in expected.items()} and got

    brokers = _run(neo4j_url, q["brokers"])
    assert 0 < len(brokers) <= 20
    assert [r["organisations_reached"] for r in brokers] == sorted((r["organisations_reached"] for r in brokers), reverse=True)
    trust = _run(neo4j_url, q["trust_between_organisations"])
    assert trust and all(1 <= r["trust"] <= 4 for r in trust)


def test_one_driver_per_process_is_shared_by_every_store(neo4j_url):
    a, b = open_store(neo4j_url), open_store(neo4j_url)
    assert a._driver is b._driver
    a.close()  # closing one store leaves the shared driver usable for the other
    assert b.counts()["themes"] == len(gs.THEMES)
