# kansen: `make demo` and `make test` set everything up themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install install-dev demo serve test test-browser lint format openapi messages clean

help:
	@echo "make demo   set up and start the platform with Demostad on http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, mypy, import contracts, migrations and OpenAPI checks"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e ".[postgres,spark,test,dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-dev: install $(VENV)/.installed-dev

demo: install
	$(BIN)/kansen setup-demo
	$(BIN)/kansen serve

serve: install
	$(BIN)/kansen serve

# Tests run in parallel, one worker per core, a file's tests on one worker (module fixtures).
test: install-dev
	$(BIN)/pytest -n auto --dist loadfile

# The production settings of docs/security.md ("Production settings"); `make lint` checks that
# Django's deployment check finds nothing to warn about under them.
PRODUCTION_ENV := KANSEN_HTTPS=true KANSEN_PROXY_SSL_HEADER=X-Forwarded-Proto \
  KANSEN_ALLOWED_HOSTS=kansen.example.nl KANSEN_CSRF_TRUSTED_ORIGINS=https://kansen.example.nl \
  KANSEN_PROXY_COUNT=1

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	KANSEN_DATA_DIR=$$(mktemp -d) $(BIN)/kansen manage makemigrations --check --dry-run
	$(PRODUCTION_ENV) KANSEN_DATA_DIR=$$(mktemp -d) \
	  KANSEN_SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	  $(BIN)/kansen manage check --deploy --fail-level WARNING
	$(BIN)/python -m kansen.web.openapi --check

openapi: install-dev
	$(BIN)/python -m kansen.web.openapi --write

# Apps with their own catalog (src/kansen/web/<app>/locale) keep their strings there; the
# site-wide catalog (src/kansen/web/locale) holds the rest.
APP_CATALOGS := regulations directory providers plans monitoring support

messages: install-dev
	for app in $(APP_CATALOGS); do \
	  (cd src/kansen/web/$$app && ../../../../$(BIN)/kansen manage makemessages -l nl --no-obsolete \
	    && ../../../../$(BIN)/kansen manage compilemessages -l nl) || exit 1; \
	done
	cd src/kansen/web && ../../../$(BIN)/kansen manage makemessages -l nl --no-obsolete \
	  $(foreach app,$(APP_CATALOGS),--ignore=$(app)) \
	  && ../../../$(BIN)/kansen manage compilemessages -l nl $(foreach app,$(APP_CATALOGS),--ignore=$(app))

format: install-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) node_modules var
