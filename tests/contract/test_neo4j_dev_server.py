"""The development Neo4j server: a generated password (kept owner-only) and the same port
after a restart."""

from __future__ import annotations

import os
import stat

import neo4j

from netwerk.devtools import neo4j_server


def _answers(url: str, auth) -> bool:
    try:
        with neo4j.GraphDatabase.driver(url, auth=auth, connection_timeout=5) as d:
            return d.execute_query("RETURN 1 AS ok").records[0]["ok"] == 1
    except neo4j.exceptions.Neo4jError:
        return False


def test_dev_server_has_a_generated_password_and_keeps_its_port(tmp_path, neo4j_server_url, monkeypatch):
    # neo4j_server_url: the jars are provisioned (and the session's test server runs, without a password).
    inst = tmp_path / "dev"
    quiet = {"echo": lambda _: None, "timeout": 240}
    info = neo4j_server.start(inst, auth=True, **quiet)
    try:
        password = info.password
        assert password and len(password) >= 24
        assert neo4j_server.password_file(inst).read_text().strip() == password
        assert stat.S_IMODE(os.stat(neo4j_server.password_file(inst)).st_mode) == 0o600
        assert not _answers(info.url, None)
        assert not _answers(info.url, ("neo4j", "neo4j"))
        assert _answers(info.url, ("neo4j", password))
        assert neo4j_server.status(inst).password == password
        # The store reaches it with NETWERK_NEO4J_USER/PASSWORD.
        monkeypatch.setenv("NETWERK_NEO4J_USER", "neo4j")
        monkeypatch.setenv("NETWERK_NEO4J_PASSWORD", password)
        from netwerk.bootstrap import open_store

        s = open_store(info.url)
        assert s.schema_version() >= 5
        s.close()
        assert neo4j_server.stop(inst, echo=lambda _: None)
        again = neo4j_server.start(inst, auth=True, **quiet)
        assert (again.port, again.url, again.password) == (info.port, info.url, password)
        assert _answers(again.url, ("neo4j", password)) and not _answers(again.url, None)
    finally:
        neo4j_server.stop(inst, echo=lambda _: None)
    assert neo4j_server.status(inst) is None


def test_a_test_server_stays_without_password(neo4j_server_url):
    # The session's server was started by the tests without a password: anyone on 127.0.0.1 may use it.
    assert _answers(neo4j_server_url, None)
