# bombaram: the README's two commands are `make run` and `make test`.
# Everything a fresh clone needs is installed by these targets (a virtualenv in .venv, the Python
# packages from PyPI, the Korean font and htmx from the npm registry, the compiled translations).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install install-test test test-fast lint bench clean wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python scripts/vendor_assets.py
	cd src/bombaram && BOMBARAM_HOME=$(CURDIR)/var ../../$(BIN)/bombaram manage compilemessages --verbosity 0

## 1. install, load the demonstration data into SQLite, and serve on http://127.0.0.1:8000
run: install
	$(BIN)/bombaram init
	$(BIN)/bombaram demo
	$(BIN)/bombaram serve --host $(HOST) --port $(PORT)

install-test: install
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@scripts/ensure_chromium

## 2. install and run the whole test suite (browser tests included)
test: install-test
	$(BIN)/python -m pytest

test-fast: install-test
	$(BIN)/python -m pytest -m "not browser"

lint:
	$(BIN)/ruff check src tests benchmarks
	BOMBARAM_HOME=$$(mktemp -d) $(BIN)/bombaram manage makemigrations --check --dry-run

bench: install
	$(BIN)/bombaram init
	$(BIN)/bombaram demo
	$(BIN)/bombaram bench home --requests 500

## a wheel that installs anywhere (not editable): the font, htmx and compiled catalogs inside, checked
wheel: install
	rm -f dist/bombaram-*.whl
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir dist .
	$(BIN)/python scripts/check_wheel.py dist/bombaram-*.whl

clean:
	rm -rf $(VENV) var src/bombaram/web/static/vendor test-artifacts dist build
