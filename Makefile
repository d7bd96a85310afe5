# rentrack — set-up and everyday commands. Every target installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP    := $(VENV)/.installed-test

.PHONY: run install test test-fast demo bench board-svg catalogue clean

run: $(RUNTIME_STAMP)  ## Install, then open the app on the default database
	$(BIN)/rentrack

install:  ## Install the rentrack command for you (pipx if you have it, else pip --user) and say where it went
	@if command -v pipx >/dev/null 2>&1; then \
	  pipx install --force . || exit 1; \
	  where=$$(pipx environment --value PIPX_BIN_DIR 2>/dev/null || echo "$$HOME/.local/bin"); \
	else \
	  $(PYTHON) -m pip install --user --upgrade . || { \
	    echo "pip could not install for your user; install pipx (apt install pipx, brew install pipx) and run make install again" >&2; \
	    exit 1; }; \
	  where=$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))'); \
	fi; \
	echo "rentrack installed: $$where/rentrack"; \
	case ":$$PATH:" in \
	  *":$$where:"*) echo "it is on your PATH: run rentrack from any terminal";; \
	  *) echo "$$where is not on your PATH: add it (e.g. export PATH=\"$$where:\$$PATH\" in your shell profile)," \
	       "or run $$where/rentrack";; \
	esac

test: $(TEST_STAMP)  ## Install with the test extra, then run the whole suite
	$(BIN)/python -m pytest -q

test-fast: $(TEST_STAMP)  ## The domain and CLI tests only (seconds): not the app's, not the processes'
	$(BIN)/python -m pytest -q -m "not app and not slow"

demo: $(RUNTIME_STAMP)  ## Open the app on a throwaway database filled with the demo business
	@tmp=$$(mktemp -d) && \
	  $(BIN)/rentrack --db $$tmp/demo.db demo && \
	  $(BIN)/rentrack --db $$tmp/demo.db; \
	  rm -rf $$tmp

bench: $(TEST_STAMP)  ## Measure speed on a large synthetic business (BENCH_ARGS=--reliability adds the tests at scale)
	$(BIN)/python -m bench $(BENCH_ARGS)

board-svg: $(TEST_STAMP)  ## Redraw docs/board.svg, the board on the demo data that the README shows
	$(BIN)/python tests/app_helpers.py docs/board.svg

catalogue: $(TEST_STAMP)  ## Merge every message of the code into the Chinese catalogue and compile it (then translate what it names)
	$(BIN)/python tests/catalogue_check.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "rentrack needs Python 3.11 or newer ($(PYTHON) is older); set PYTHON=python3.X" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(RUNTIME_STAMP)
