# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# Test and benchmark defaults: the real services on this machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/integration_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	SECRET_KEY=test-only-not-secret DEBUG=false SECURE_COOKIES=false

.PHONY: run test test-clocks serve bench install install-dev lint format messages check-services browser clean

$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: the portal with demo data on the embedded default (SQLite, in-memory layer, eager Celery).
run: install
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py seed_demo
	@# The job feed import runs once the server is up: the portal serves the sample feed itself,
	@# so the import goes through the real HTTP path. Ctrl-C stops the server.
	export DEBUG=true SITE_URL=http://$(HOST):$(PORT); \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) integration_portal.asgi:application & server=$$!; \
	trap 'kill $$server 2>/dev/null' INT TERM EXIT; \
	$(PY) manage.py import_feeds --wait-for http://$(HOST):$(PORT)/healthz || true; \
	wait $$server

## make test: lint, then the whole suite against real PostgreSQL and Redis (and Chromium).
test: install-dev check-services browser lint
	$(TEST_ENV) $(VENV)/bin/pytest

## make test-clocks: the suite twice, as if it were 23:55 in Montréal (already tomorrow in UTC and
## in most participants' zones) and 00:05 UTC (still yesterday in Montréal): proves that no test
## depends on the hour it runs at (tests/conftest.py, --clock).
test-clocks: install-dev check-services browser
	$(TEST_ENV) TEST_CLOCK=$$(TZ=America/Montreal date +%Y-%m-%dT23:55:00%:z) $(VENV)/bin/pytest
	$(TEST_ENV) TEST_CLOCK=$$(date -u -d tomorrow +%Y-%m-%dT00:05:00+00:00) $(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-services: install
	$(TEST_ENV) $(PY) -m integration_portal.check_services

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
# The catalogue test runs makemessages, which needs GNU gettext.
browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v xgettext >/dev/null || { echo "Installing GNU gettext for the translation tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

## make serve: the production-like stack (web workers, Celery worker and beat) on PostgreSQL and Redis.
serve: install-dev check-services
	$(TEST_ENV) $(PY) manage.py migrate --no-input
	$(TEST_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(TEST_ENV) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

## make bench: volume data, production-like server, load from a second process; prints and writes JSON.
bench: install-dev check-services
	$(TEST_ENV) $(PY) -m tests.bench.run

## make messages: refresh the translation catalogues after changing strings (needs GNU gettext).
messages: install
	DEBUG=true $(PY) manage.py makemessages -l fr_CA -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
