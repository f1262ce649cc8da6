# The README's interface. Every target sets up what it needs on a fresh machine first.
#   make serve  build the site and serve it on http://127.0.0.1:8000 (rebuilds when content changes)
#   make test   run the whole test suite (make check first)
#   make check  lint, types and the fast tests, in a minute: no site, no Chromium, no Pyodide
#   make contract  regenerate the frozen public contract in tests/contract/ (a deliberate change)
#   make site   build the static site into site/
#   make bench  print the calculator's performance figures
#   make review write the clinical review pack to build/review/review-pack.html
#   make lock   re-resolve requirements.in files into hash-locked requirements.txt files
SHELL := /bin/bash
.DEFAULT_GOAL := serve
VENV := .venv
PY := $(VENV)/bin/python
# Build tools (pyodide-build) need Python >= 3.12; the engine itself runs on 3.11+.
PYTHON_FOR_VENV ?= $(shell for c in python3.12 python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13; do \
	if "$$c" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then echo "$$c"; break; fi; done)

.PHONY: setup serve site check test contract bench review browser lock clean stdlib-trace

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -n "$(PYTHON_FOR_VENV)" || { echo "error: Python >= 3.12 is needed (python3.12 or python3.13 on PATH or under pyenv)" >&2; exit 1; }
	rm -rf $(VENV)
	"$(PYTHON_FOR_VENV)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m build_scripts.export_source
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pure-Python pytest and hypothesis for running the engine's tests inside Pyodide.
build/pyodide-site/.installed: tests/pyodide/requirements.txt $(VENV)/.installed
	rm -rf build/pyodide-site
	$(PY) -m pip install --quiet --disable-pip-version-check --target build/pyodide-site --only-binary=:all: \
		--platform any --python-version 3.14 --implementation py --require-hashes -r tests/pyodide/requirements.txt
	touch $@

setup: $(VENV)/.installed node_modules/.installed build/pyodide-site/.installed

# Every Python dependency is installed from a lock with hashes. After editing a pin in a
# requirements.in, this re-resolves both locks (existing pins kept; LOCK_FLAGS=--upgrade moves the
# unpinned ones to their newest releases). pip-tools itself is pinned in requirements.in.
PIP_COMPILE := $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)
lock: $(VENV)/.installed
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file tests/pyodide/requirements.txt tests/pyodide/requirements.in

# Debian's Chromium for the browser tests (a Playwright browser download is impossible here).
browser:
	@test -n "$$HG_CHROMIUM" || command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

site: setup
	$(PY) -m build_scripts.build_site

serve: setup
	$(PY) -m build_scripts.serve

# The fast tier: every test that needs no built site, Chromium or Pyodide (pytest -m "not full"), with
# the safety invariants on a stratified sample of the input space (tests/exhaustive_space.py).
PYTHON_CODE := calculator tests build_scripts
check: $(VENV)/.installed node_modules/.installed
	$(PY) -m ruff check $(PYTHON_CODE)
	$(PY) -m ruff format --check $(PYTHON_CODE)
	$(PY) -m mypy
	node_modules/.bin/eslint .
	node_modules/.bin/tsc -p tsconfig.json
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test tests/js/*.test.mjs
	$(PY) -m pytest -m "not full" --space=sample -n 2

# check, then the rest: the full tier and, once, the whole input space. A test file runs whole on one
# worker (--dist loadfile), so the whole space's plans are evaluated once, and each file's browser,
# Pyodide or CPython 3.11 start is paid once. (xdist_group markers do not group under pytest 9.)
test: check setup browser site
	$(PY) -m pytest -m "full or space" --space=whole -n 2 --dist loadfile

contract: $(VENV)/.installed
	$(PY) -m tests.test_contract

# Prints the engine's and the browser's figures; records the latter for the performance page.
bench: setup browser site
	$(PY) -m build_scripts.bench_engine
	$(PY) -m build_scripts.bench --record

# Re-trace the standard-library modules the calculator ships (after an engine or Pyodide change;
# the engine's tests in Pyodide fail, naming the module, when the list falls short).
stdlib-trace: setup site
	node tests/pyodide/run_engine_tests.mjs --trace build_scripts/stdlib_modules.txt -q $$(PYTHONPATH=tests $(PY) -c 'from test_engine_in_pyodide import ENGINE_TESTS; print(*ENGINE_TESTS)')
	$(PY) -m build_scripts.build_site

# One printable HTML file listing every item of the source for clinical sign-off.
review: setup
	$(PY) -m build_scripts.review_pack

clean:
	rm -rf site build dist $(VENV) node_modules
