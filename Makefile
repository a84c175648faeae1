# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test deps lint format migrate seed bench clean audit security

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install only when a requirements file or package-lock.json changed.
$(VENV)/.deps: $(BIN)/python requirements/base.txt requirements/test.txt
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

deps: $(VENV)/.deps node_modules/.package-lock.json

# The application with demo data on the embedded default: SQLite, tasks in-process.
run: deps
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo --herbereken
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# A fixed Fernet key for the test suite only (tests run with DEBUG off, which requires the keys).
TEST_BSN_SLEUTEL := AHKS8-7gA3XDRlx_Lh8EN3rfhnF7K5LTc6n85OJuk2g=

# The whole suite. DATABASE_URL picks the database (default SQLite); tests needing Redis, PostgreSQL
# or Chromium say so and are skipped when those are missing (under CI they must run).
test: deps
	SECRET_KEY=$${SECRET_KEY:-alleen-voor-tests} SESSION_COOKIE_SECURE=0 \
	AUDIT_PSEUDONYM_KEY=$${AUDIT_PSEUDONYM_KEY:-tests-audit-pseudoniem} \
	BSN_BLIND_INDEX_KEY=$${BSN_BLIND_INDEX_KEY:-tests-bsn-blinde-index} \
	BSN_ENCRYPTION_KEY=$${BSN_ENCRYPTION_KEY:-$(TEST_BSN_SLEUTEL)} \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Known vulnerabilities in the pinned Python packages. pip-audit needs a vulnerability database on the
# internet; without one it says so plainly and this target still succeeds (Dependabot watches upstream).
audit: deps
	@$(BIN)/pip-audit --strict --progress-spinner off > .pip-audit.log 2>&1; rc=$$?; cat .pip-audit.log; \
	if [ $$rc -eq 0 ]; then echo "pip-audit: geen bekende kwetsbaarheden in de geinstalleerde pakketten."; \
	elif grep -qiE "could not be audited|connection|resolve|timed out|unreachable" .pip-audit.log \
		&& ! grep -qE "^Found [0-9]+ known vulnerabilit" .pip-audit.log; then \
		echo "pip-audit: NIET GECONTROLEERD - de kwetsbaarhedendatabase was niet bereikbaar (offline?)."; \
	else echo "pip-audit: kwetsbaarheden gevonden (zie hierboven)."; rm -f .pip-audit.log; exit 1; fi; \
	rm -f .pip-audit.log

# bandit: no finding of medium severity and medium confidence or higher. Accepted findings carry a
# "nosec" with the reason on their line (one: the demo reset's DELETE on a quoted model table name).
security: deps
	$(BIN)/bandit -q -r . -x ./.venv,./node_modules,./tests --severity-level medium --confidence-level medium

format: deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark of the README's "Snelheid"; prints one JSON object. A database with fewer than HOUSEHOLDS
# households is emptied and seeded first. With CELERY_BROKER_URL set it also measures a real worker.
# A quick try: make bench HOUSEHOLDS=500 NAIVE_HOUSEHOLDS=100
HOUSEHOLDS ?= 50000
NAIVE_HOUSEHOLDS ?= 5000
bench: deps
	DEBUG=1 $(BIN)/python manage.py bench_rechten --households $(HOUSEHOLDS) --naive-households $(NAIVE_HOUSEHOLDS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 test_db.sqlite3
