# Two commands do all set-up on a fresh machine (Python, pip, apt): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: install demo test lint bench chaos browser ci-local clean

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
	$(BIN)/mypy --explicit-package-bases scripts/*.py

# Headless Chromium for the dashboard's browser test (Debian packages; needs root for apt-get).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
	  >/dev/null; } || echo "chromium not installed: the browser test will say so"

# gitlab-ci-local (npm; the last release that runs on Node 20) for the CI rules test, in .tools/, and
# rsync, which it needs (Debian package). Without Node the test says it is skipped and why.
GCL_VERSION := 4.65.1
ci-local:
	@command -v rsync >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null; } || \
	  echo "rsync not installed: gitlab-ci-local cannot run jobs (the rules test lists them only)"
	@if command -v npm >/dev/null 2>&1; then \
	  [ -x .tools/node_modules/.bin/gitlab-ci-local ] || npm install --silent --no-audit --no-fund \
	    --prefix .tools gitlab-ci-local@$(GCL_VERSION); \
	else echo "node/npm not installed: the gitlab-ci-local test will say it is skipped"; fi

test: lint browser ci-local
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python scripts/bench_mirror.py

chaos: $(STAMP)
	$(BIN)/python scripts/chaos.py

clean:
	rm -rf $(VENV) .tools out .pytest_cache .ruff_cache .mypy_cache gitlab_sandbox/*.egg-info
