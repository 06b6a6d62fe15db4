# Everything runs from the virtual environment in .venv/, built from the hash-pinned uv.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv installs into .venv/ with the Python that made it; it never downloads one.
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(BIN)/uv
PYTEST_ARGS ?=

.PHONY: help setup demo test unit lint typecheck check format lock schemas up down status clean

help:
	@echo "make demo    - set up, start Kafka + Elasticsearch, run the pipeline on the sample site"
	@echo "make test    - set up, then run the whole test suite against real servers"
	@echo "make unit    - unit tests only (no servers)"
	@echo "make lint    - ruff (lint and format check)"
	@echo "make typecheck - mypy over the members' packages"
	@echo "make check   - lint and typecheck, as CI runs them before the tests"
	@echo "make up|down|status - the local Kafka + Elasticsearch stack"
	@echo "make lock    - re-pin dependencies (uv.lock) after editing a pyproject.toml"
	@echo "make schemas - regenerate deploy/schemas from the contracts"

setup: $(VENV)/.installed

# uv installs the workspace from uv.lock (hashes checked); uv itself comes first, hash-pinned.
$(VENV)/.installed: uv.lock pyproject.toml shared/pyproject.toml ops/pyproject.toml \
		services/fetcher/pyproject.toml services/parser/pyproject.toml \
		services/indexer/pyproject.toml services/clusterer/pyproject.toml requirements-uv.txt
	@$(PYTHON) -c 'import sys; sys.exit(None if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0] + " ($(PYTHON)); run make PYTHON=python3.11 ...")'
	@test -x $(BIN)/uv || { echo "creating $(VENV) with uv"; $(PYTHON) -m venv $(VENV) && \
		$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-uv.txt; }
	@echo "installing the workspace (shared, services, ops) from uv.lock into $(VENV)"
	@test -d $(VENV)/lib/python3*/site-packages/spacy || \
		echo "  (the first time this downloads about 160 MB of packages: quiet for a while)"
	@$(UV) sync --frozen --all-packages --quiet
	@echo "done: $(BIN)/newsroom --help lists the commands"
	@touch $@

demo: setup
	$(BIN)/newsroom demo

test: setup
	@$(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

unit: setup
	@$(BIN)/pytest tests/unit $(PYTEST_ARGS); rc=$$?; [ $$rc -ne 5 ] || exit 1; exit $$rc

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

check: lint typecheck

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schemas: setup
	$(BIN)/newsroom schemas export deploy/schemas
	$(BIN)/newsroom asyncapi export deploy/asyncapi.yaml

up: setup
	$(BIN)/newsroom dev up

down: setup
	$(BIN)/newsroom dev down

status: setup
	$(BIN)/newsroom dev status

# Re-pins the whole dependency tree (uv.lock, with hashes) after editing a pyproject.toml.
# Needs network access to PyPI.
lock: setup
	$(UV) lock
	echo "uv==$$($(BIN)/uv --version | cut -d' ' -f2)" | $(UV) pip compile --quiet \
		--generate-hashes --python-version 3.11 - -o requirements-uv.txt

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
