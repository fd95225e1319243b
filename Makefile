# Two commands do all set-up on a fresh machine (Python, pip, apt): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: install demo test lint bench chaos browser clean

# The product (sa-triage, with its dev tools) and, beside it, the GitLab sandbox and the demo
# (sa-triage-sandbox, gitlab_sandbox/): the product's wheel does not ship them.
$(STAMP): pyproject.toml gitlab_sandbox/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]' -e ./gitlab_sandbox
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sa-triage-sandbox demo $(DEMO_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check bots gitlab_sandbox tests scripts
	$(BIN)/mypy

# Headless Chromium for the dashboard's browser test (Debian packages; needs root for apt-get).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
	  >/dev/null; } || echo "chromium not installed: the browser test will say so"

test: lint browser
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench_mirror.py

chaos: $(STAMP)
	$(BIN)/python scripts/chaos.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache gitlab_sandbox/*.egg-info
