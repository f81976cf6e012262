# Buurtnetwerk: the two commands a newcomer needs.
#   make dashboard   install (first time) and start the dashboard on the demo data
#   make test        install (first time, Chromium included) and run all tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: dashboard test check install lock chromium lint java neo4j-start neo4j-stop schema

install: $(STAMP)

# requirements.lock pins every package (and every dependency's dependency), so a fresh machine
# installs what the tests passed with; `make lock` renews it from pyproject.toml's ranges.
$(STAMP): pyproject.toml requirements.lock
	@echo "Buurtnetwerk installeren in $(VENV) (de eerste keer duurt dit ongeveer een minuut)..."
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

lock:
	$(PY) -m venv .venv-lock && .venv-lock/bin/python -m pip install --quiet uv
	.venv-lock/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu -o requirements.lock
	rm -rf .venv-lock

# PORT=8502 make dashboard: another port when 8501 is taken.
PORT ?= 8501
dashboard: $(STAMP)
	$(BIN)/netwerk dashboard --demo --port $(PORT)

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Chromium ontbreekt: installeren uit de Debian-pakketten..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

# The Neo4j contract tests need a Neo4j server: pytest uses the one at NETWERK_TEST_NEO4J_URL
# (.ci/run starts it) or starts one itself (provisioned from Maven Central on first use, cached in
# ~/.cache/buurtnetwerk). NETWERK_REQUIRE_NEO4J=1: a run in which they were skipped fails.
# Fast checks first (seconds): lint and complexity, types, import layers. Then the tests
# without Neo4j on every core (pytest-xdist), then the Neo4j tests (marked `neo4j` by
# tests/conftest.py) in one process: they share one database.
test: check chromium java
	NETWERK_REQUIRE_NEO4J=0 $(BIN)/python -m pytest -n auto -m "not neo4j"
	NETWERK_REQUIRE_NEO4J=1 $(BIN)/python -m pytest -m neo4j

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports  # the import layers (tests/unit/test_layers.py runs the same in the suite)

# Neo4j 5.26 runs on Java 17 and is fetched with Maven (Debian packages), nothing else.
java:
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
	  echo "Java 17 en Maven ontbreken (nodig voor de Neo4j-server): installeren uit de Debian-pakketten..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless maven; \
	fi

# A Neo4j server for development: prints its URL (NETWERK_STORE_URL=neo4j://127.0.0.1:PORT).
neo4j-start: $(STAMP) java
	$(BIN)/netwerk neo4j start

neo4j-stop: $(STAMP)
	$(BIN)/netwerk neo4j stop

# netwerk/entities.py (pydantic entities, ChangeSet, model map) is generated from graph_schema.
schema: $(STAMP)
	$(BIN)/python -m graph_schema.codegen

lint: $(STAMP)
	$(BIN)/ruff check .
