# The two commands a newcomer needs:
#   make run    set up (virtual environment, install, migrate) and serve on http://127.0.0.1:8000/
#   make test   set up and run the whole test suite (API, pages, browser)
# PYTHON=/path/to/python3.12+ picks the interpreter; scripts/find-python looks for one otherwise.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
UV_VERSION := 0.13.9

.PHONY: run test test-fast setup lint format migrations-check lock lock-check clean

run: setup
	$(PY) manage.py migrate
	$(PY) manage.py runserver $(HOST)

# Everything: the scripts' unit tests, then every pytest layer in two workers, where no
# browser test runs beside the heaviest server tests (tests/conftest.py).
# PYTEST_ARGS=--numprocesses=0: in one process.
test: setup node_modules/.installed
	$(PY) -m tests.browser.chromium --ensure
	npm test --silent
	$(PY) -m pytest --numprocesses=2 $(PYTEST_ARGS)

# The fast inner loop: the in-process tests only (no browser, no servers), in seconds.
test-fast: setup
	$(PY) -m pytest -m "not browser and not processes" $(PYTEST_ARGS)

setup: $(VENV)/.installed

# Exactly the versions in requirements-dev.txt, each checked against its hash.
$(VENV)/.installed: requirements-dev.txt
	@test -x $(PY) || { py=$$(scripts/find-python) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

# The lock files, from pyproject.toml: requirements.txt for production (with the
# PostgreSQL and Redis drivers), requirements-dev.txt for everything. Versions already
# locked are kept; `make lock UPGRADE=--upgrade` moves everything to the newest allowed.
LOCK := $(abspath $(VENV))/bin/uv pip compile pyproject.toml --universal --python-version 3.12 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(UPGRADE)
lock: $(VENV)/bin/uv
	$(LOCK) --extra postgres --extra redis -o requirements.txt
	$(LOCK) --extra dev -c requirements.txt -o requirements-dev.txt

# Fails when pyproject.toml asks for something the lock files don't have (CI runs it).
lock-check: $(VENV)/bin/uv
	@tmp=$$(mktemp -d) && cp pyproject.toml requirements.txt requirements-dev.txt "$$tmp" && \
	$(MAKE) --no-print-directory -C "$$tmp" -f "$(abspath Makefile)" lock VENV="$(abspath $(VENV))" && \
	diff -u requirements.txt "$$tmp/requirements.txt" && \
	diff -u requirements-dev.txt "$$tmp/requirements-dev.txt" && \
	rm -r "$$tmp" && echo "The lock files match pyproject.toml." || \
	{ echo "pyproject.toml and the lock files disagree: run make lock."; exit 1; }

$(VENV)/bin/uv: | setup
	$(PY) -m pip install --quiet uv==$(UV_VERSION)

# Node's packages (Biome, axe-core): the tests and linters only, never the pages.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The hooks of .pre-commit-config.yaml on every file (they fix what they can, and fail
# if they changed anything), then mypy.
lint: setup node_modules/.installed
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files --show-diff-on-failure
	$(VENV)/bin/mypy

format: setup node_modules/.installed
	-PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/pre-commit run --all-files

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles node_modules
