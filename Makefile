# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
HOST ?= 127.0.0.1
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install setup run serve-prod bench load test test-fast browser-deps check messages compilemessages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

setup: install ## Migrate the database, load the initial content, create the dev admin
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_content
	DJANGO_DEBUG=1 $(MANAGE) ensure_dev_superuser

run: setup ## Set everything up and serve the site at http://$(HOST):$(PORT)/ (PORT=8001 make run)
	$(MANAGE) runserver $(HOST):$(PORT)

serve-prod: install ## Serve with gunicorn and whitenoise, production settings from the environment (docs/performance.md)
	DJANGO_SETTINGS_MODULE=site.settings.production $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=site.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=site.settings.production $(MANAGE) clear_page_cache
	DJANGO_SETTINGS_MODULE=site.settings.production DATABASE_CONN_MAX_AGE=$${DATABASE_CONN_MAX_AGE:-600} \
		HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py

bench: install ## Build a large dataset, serve it with gunicorn and print req/s, latency and queries (docs/performance.md)
	$(PY) bench/run.py

load: install ## Load test: 16 clients mix pages and API on gunicorn for 20 s, cache off and on; fails on any error
	$(PY) bench/load.py $(LOAD_ARGS)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

browser-deps: node_modules/.installed ## axe-core for the browser tests (chromium: apt-get install chromium chromium-driver)

test: setup browser-deps ## Set everything up, then run the whole test suite, browser tests included
	$(PY) -m pytest

test-fast: setup ## The suite without the browser tests (tests/browser), for quick checks
	$(PY) -m pytest --ignore=tests/browser

check: install ## Django system checks and missing-migration check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

messages: install ## Refresh the Finnish catalogue from the code (needs gettext) and compile it
	$(MANAGE) makemessages -l fi --ignore=.venv --ignore=tests --ignore=static_collected --ignore=docs --ignore=node_modules --no-obsolete
	$(MAKE) compilemessages

compilemessages: ## Compile locale/fi (needs gettext's msgfmt; the compiled file is committed)
	msgfmt --check -o locale/fi/LC_MESSAGES/django.mo locale/fi/LC_MESSAGES/django.po

clean: ## Remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) node_modules db.sqlite3 .pytest_cache test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
