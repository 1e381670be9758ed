# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make demo   runs the demo against the built-in Spotify emulator
#   make test   runs ruff, mypy --strict, pyright --verifytypes and the whole test suite with coverage
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The demo needs the library, uvicorn and rich only (the `demo` extra), not the toolchain.
DEMO_STAMP := $(VENV)/.demo-stamp
LINTED := src tests bench examples

.PHONY: demo test lint typecheck pyright pytest services docs docs-serve bench clean

# pyright, pinned, from npm into .pyright/ (what VS Code's Pylance builds on).
PYRIGHT_VERSION := 1.1.414
PYRIGHT_DIR := .pyright
PYRIGHT := $(PYRIGHT_DIR)/node_modules/.bin/pyright
PYRIGHT_STAMP := $(PYRIGHT_DIR)/.installed-$(PYRIGHT_VERSION)

# The venv with this project installed (editable) with the extra $(1).  A venv made
# before the rename holds this project as "spotipy" (plamere's name): removed first.
define install_venv
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check --yes spotipy
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[$(1)]'
	@touch $@
endef

$(STAMP): pyproject.toml
	$(call install_venv,dev)

$(DEMO_STAMP): pyproject.toml
	$(call install_venv,demo)

demo: $(DEMO_STAMP)
	$(BIN)/python examples/demo.py $(ARGS)

test: lint typecheck pytest docs

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: $(STAMP) pyright
	$(BIN)/mypy

$(PYRIGHT_STAMP):
	npm install --prefix $(PYRIGHT_DIR) --no-save --no-audit --no-fund --loglevel=error pyright@$(PYRIGHT_VERSION)
	@touch $@

# The public API must stay 100 % type-complete for pyright (the venv's python on PATH is
# how --verifytypes finds the installed package).
pyright: $(STAMP) $(PYRIGHT_STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(PYRIGHT) --verifytypes spotipy --ignoreexternal

services:
	@scripts/install-services

pytest: $(STAMP) $(PYRIGHT_STAMP) services
	$(BIN)/pytest --cov --cov-branch --cov-report=term --cov-fail-under=90 $(PYTEST_ARGS)

# The documentation site, built offline (no fonts or scripts fetched) with --strict,
# after every Python block of its pages has run against the emulator (tests/docs).
docs: $(STAMP) $(PYRIGHT_STAMP)
	$(BIN)/pytest -q -p no:cacheprovider --no-cov tests/docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage .prism $(PYRIGHT_DIR)
