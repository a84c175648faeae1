# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test deps lint format migrate seed bench clean

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

# The whole suite. DATABASE_URL picks the database (default SQLite); tests needing Redis, PostgreSQL
# or Chromium say so and are skipped when those are missing (under CI they must run).
test: deps
	SECRET_KEY=$${SECRET_KEY:-alleen-voor-tests} SESSION_COOKIE_SECURE=0 $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

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
