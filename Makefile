# Everything runs from the virtual environment in .venv/, built from the hash-pinned lock files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: help setup demo test unit lint format lock schemas up down status clean

help:
	@echo "make demo    - set up, start Kafka + Elasticsearch, run the pipeline on the sample site"
	@echo "make test    - set up, then run the whole test suite against real servers"
	@echo "make unit    - unit tests only (no servers)"
	@echo "make lint    - ruff"
	@echo "make up|down|status - the local Kafka + Elasticsearch stack"
	@echo "make lock    - re-pin dependencies (requirements*.lock) after editing pyproject.toml"
	@echo "make schemas - regenerate deploy/schemas from the contracts"

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
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

# Re-pins the whole dependency tree with hashes. Needs network access to PyPI.
lock:
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras \
		--output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-strip-extras --extra dev \
		--constraint requirements.lock --output-file requirements-dev.lock pyproject.toml
	$(BIN)/python scripts/pin_model_wheel.py requirements.lock requirements-dev.lock

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
