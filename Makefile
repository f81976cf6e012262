# Buurtnetwerk: the two commands a newcomer needs.
#   make dashboard   install (first time) and start the dashboard on the demo data
#   make test        install (first time, Chromium included) and run all tests
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: dashboard test install chromium lint

install: $(STAMP)

$(STAMP): pyproject.toml
	@echo "Buurtnetwerk installeren in $(VENV) (de eerste keer duurt dit ongeveer een minuut)..."
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

dashboard: $(STAMP)
	$(BIN)/netwerk dashboard --demo

# Browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Chromium ontbreekt: installeren uit de Debian-pakketten..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

test: $(STAMP) chromium
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
