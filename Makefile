# Two commands for a fresh machine: `make run` and `make test`.
# Each creates .venv and installs the project (with test extras) on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/roadmap

test: $(STAMP)
	$(BIN)/ruff check roadmap_tui tests
	$(BIN)/lint-imports
	$(BIN)/mypy roadmap_tui
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.overdue

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
