# The two commands of the README: `make run` and `make test`. Also `make lint`, `make bench`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# npm ci writes this; the outside checkers of the browser tests (package.json).
NODE_STAMP := node_modules/.package-lock.json

# Tests run with production-like settings served over plain http on loopback.
TEST_ENV := DEBUG=False SECRET_KEY=test-only-secret-key-$$RANDOM-not-for-production \
	SECURE_SSL_REDIRECT=False SESSION_COOKIE_SECURE=False CSRF_COOKIE_SECURE=False \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver DJANGO_ALLOW_ASYNC_UNSAFE=true
DEV_ENV := DEBUG=True
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint bench install format clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	test -f .env || printf '# Local development only (git-ignored). Production sets real variables.\nDEBUG=True\n' > .env
	touch $(STAMP)

# The Nu HTML checker and axe-core for tests/e2e/test_checkers.py, when npm is here (the
# tests say what is missing otherwise). No install scripts: vnu runs on the system's Java.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the HTML and accessibility checker tests will be skipped"; fi

install: $(STAMP) $(NODE_STAMP)

# `make run PORT=8001` when 8000 is taken; links in emails follow (SITE_URL).
PORT ?= 8000
RUN_URL ?= http://127.0.0.1:$(PORT)

run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "  Studio site:  $(RUN_URL)/"
	@echo "  Dashboard:    $(RUN_URL)/dashboard/  (login above)"
	@echo "  Mail sent by the app is kept in var/mail/. Ctrl-C stops web, worker and beat."
	@echo
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(DEV_ENV) SITE_URL=$(RUN_URL) \
		$(VENV)/bin/honcho -f Procfile start --port $(PORT)

# Prints the run's wall time, pass or fail (pytest's own figure leaves out start-up).
test: $(STAMP) $(NODE_STAMP)
	@echo "pytest $(PYTEST_ARGS) $(ARGS)"
	@SECONDS=0; status=0; \
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS) $(ARGS) || status=$$?; \
	printf 'make test: %dm%02ds wall time\n' $$((SECONDS / 60)) $$((SECONDS % 60)); \
	exit $$status

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run -v0

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(TEST_ENV) $(PY) -m tests.bench

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache node_modules
