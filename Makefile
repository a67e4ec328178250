# The two commands a newcomer needs:
#   make run    set up (virtual environment, install, migrate) and serve on http://127.0.0.1:8000/
#   make test   set up and run the whole test suite (API, pages, browser)
# PYTHON=/path/to/python3.12+ picks the interpreter; scripts/find-python looks for one otherwise.

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup lint format migrations-check clean

run: setup
	$(PY) manage.py migrate
	$(PY) manage.py runserver $(HOST)

test: setup
	$(PY) -m tests.browser.chromium --ensure
	$(PY) -m tests.browser.axe --ensure
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || { py=$$(scripts/find-python) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: setup
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles
