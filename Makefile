# The README's two commands: `make workbook` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.PHONY: workbook app test lint clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

## Open the workbook in JupyterLab at the start notebook in the workbook home (the built-in example
## unless ASSESSMENT=FILE is set): `assessment workbook`, as after `pipx install`.
workbook: $(VENV)/.installed
	$(BIN)/assessment workbook $(ROOT_FLAG)

## Serve the workbook as an app with no code visible (Voilà), for organisations assessing themselves.
app: $(VENV)/.installed
	$(BIN)/assessment app --port=$(PORT) --no-browser

## Run the whole test suite.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

## Lint, check the formatting and the types (ruff, mypy; configured in pyproject.toml), as pre-commit does.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean-venv:
	rm -rf $(VENV)
