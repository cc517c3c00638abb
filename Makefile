# The README's commands. Needs only python3 (3.11+), make, and apt for the optional system packages.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := portal

.PHONY: run test check lock test-postgres serve bench bench-load worker setup migrate lint migration-reset

# The locked dependencies first (pip's hash-checking mode), then the project itself from pyproject.toml, without
# dependencies and editable, so that `import portal` works everywhere with no sys.path edits.
$(VENV)/.runtime: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/python -m pip install -q --require-hashes -r requirements-dev.lock
	touch $@

lock: $(VENV)/.dev ## regenerate requirements.lock and requirements-dev.lock (hashes) after editing requirements*.txt
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.lock requirements-dev.txt

setup: $(VENV)/.runtime ## install runtime dependencies into .venv

migrate: $(VENV)/.runtime ## apply database migrations
	$(BIN)/flask db upgrade

run: migrate ## set up, load the demo data (idempotent) and serve on http://127.0.0.1:5000
	$(BIN)/flask demo load
	@echo "Cổng thông tin chạy tại http://$(HOST):$(PORT)  (Ctrl+C để dừng)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

check: $(VENV)/.dev ## the static checks: ruff (lint and format) and the layering contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: check ## static checks, the whole suite on SQLite, then the database-facing suites again on PostgreSQL
	$(BIN)/python scripts/system_packages.py
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-postgres

PG_SUITES := tests/services tests/demo
test-postgres: $(VENV)/.dev ## database-facing suites on a throwaway PostgreSQL (skips without it; fails under CI=true)
	$(BIN)/python tests/production/pg_cluster.py -- $(BIN)/python -m pytest -q -n 2 -m "not e2e and not slow" $(PG_SUITES)

serve: $(VENV)/.runtime ## production: gunicorn with the production config (needs PORTAL_SECRET_KEY)
	$(BIN)/python scripts/check_production.py
	$(BIN)/flask db upgrade
	PORTAL_ENV=production $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

worker: $(VENV)/.runtime ## a background-job runner (index, mail, scheduled notices); several may run at once
	$(BIN)/flask worker

bench: $(VENV)/.dev ## search benchmarks against SQLite FTS5 and stock Whoosh (needs ../shared/corpus)
	$(BIN)/python -m benchmarks.relevance
	$(BIN)/python -m benchmarks.speed

bench-load: $(VENV)/.dev ## load test on loopback: 20 users over all roles for 60 s against gunicorn
	$(BIN)/python benchmarks/load.py --documents 10000 --users 20 --seconds 60 --workers 4

lint: $(VENV)/.dev ## bandit security lint (also run by the suite: tests/security/test_bandit.py)
	$(BIN)/bandit -q -c pyproject.toml -r portal config.py wsgi.py

migration-reset: $(VENV)/.runtime ## (before the first release only) regenerate the initial migration from the models
	rm -f migrations/versions/0001_*.py /tmp/portal-migration.db
	PORTAL_DATABASE_URL=sqlite:////tmp/portal-migration.db $(BIN)/flask db migrate -m "initial schema" --rev-id 0001
	rm -f /tmp/portal-migration.db
