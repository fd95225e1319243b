# Two commands do all set-up on a fresh machine (Python, pip, apt): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sa-triage demo $(DEMO_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check bots tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench_mirror.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache
