# sendpath: two commands. `make run` serves a demo area; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_PLANS ?= 1500
DEMO_SEED ?= 1
HOST ?= 127.0.0.1:8000

.PHONY: run test setup venv assets pdf-libs db browser test-sqlite test-postgres bench lint clean

run: setup db ## Set up, build the demo area if none exists, print the logins and serve.
	@echo "sendpath is starting at http://$(HOST)/"
	$(PY) manage.py runserver $(HOST)

setup: venv assets pdf-libs

pdf-libs:
	@bash scripts/ensure-pdf-libs

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sendpath needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	touch $@

assets: static/vendor/govuk-frontend/.installed
static/vendor/govuk-frontend/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	rm -rf static/vendor/govuk-frontend
	mkdir -p static/vendor
	cp -r node_modules/govuk-frontend/dist/govuk static/vendor/govuk-frontend
	touch $@

db: venv
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py make_demo_area --if-empty --plans $(DEMO_PLANS) --seed $(DEMO_SEED)

browser: ## Debian's Chromium for the browser tests (not Playwright's own browser download).
	@bash scripts/ensure-chromium

test: setup browser test-sqlite test-postgres ## Every test, on SQLite and PostgreSQL.

test-sqlite:
	@echo "== Tests on SQLite (unit, integration and browser) =="
	bash scripts/pytest-strict $(PY) -m pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

test-postgres:
	@if $(PY) scripts/pg_reachable.py "$${DATABASE_URL:-$(PG_URL)}"; then \
	  echo "== Tests on PostgreSQL (unit and integration) =="; \
	  DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" bash scripts/pytest-strict $(PY) -m pytest -p no:cacheprovider -n 2 -m "not browser" $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
	  echo "!! PostgreSQL is not reachable at $${DATABASE_URL:-$(PG_URL)}: CI must test it." >&2; exit 1; \
	else \
	  echo "!! PostgreSQL is not reachable at $${DATABASE_URL:-$(PG_URL)}: skipped the PostgreSQL run." >&2; \
	fi

bench: setup ## Print the benchmark figures (not timed tests).
	$(PY) bench/run.py

lint: venv
	$(VENV)/bin/ruff check sendpath tests bench
	$(VENV)/bin/mypy sendpath/law

clean:
	rm -rf $(VENV) node_modules static/vendor var
