# Two entry points for a fresh machine (see README.md): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Recipes that change folder (`cd site-offline && ...`) need the venv's absolute path.
ABS_BIN := $(abspath $(BIN))
CHROMIUM ?= /usr/bin/chromium
SOFFICE ?= /usr/bin/soffice
PDFTOTEXT ?= /usr/bin/pdftotext
TEST_WORKERS ?= auto
# root needs no sudo (containers, CI); everyone else does
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# One stamp per install: serving and building need only the portal; the tests add their tools.
PORTAL_INSTALLED := $(VENV)/.installed-portal
TEST_INSTALLED := $(VENV)/.installed-test

.PHONY: serve build offline test test-lowest lint check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# `zh`: jieba, for the portal's Chinese search (other sites install portalkit without it).
$(PORTAL_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[zh]'
	touch $@

$(TEST_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,zh,zensical]'
	touch $@

# The lowest versions pyproject.toml allows (.ci/constraints-lowest.txt: pip cannot resolve to
# them by itself), in a venv of their own, without Zensical (it needs a newer pymdown-extensions).
LOWEST := .venv-lowest
LOWEST_INSTALLED := $(LOWEST)/.installed-lowest
$(LOWEST_INSTALLED): pyproject.toml .ci/constraints-lowest.txt
	[ -x $(LOWEST)/bin/python ] || $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python -m pip install --quiet -c .ci/constraints-lowest.txt -e '.[test,zh]'
	touch $@

# What the lowest versions must carry: building sites (plugin, extension, Blocks), search and its
# fix, sanitizing, the spreadsheets and documents the commands read and write, the package.
LOWEST_TESTS := tests/test_site_build.py tests/test_search_browser.py tests/test_search_fix.py \
	tests/test_plugin.py tests/test_extension.py tests/test_markdown_blocks.py tests/test_sanitize.py \
	tests/test_yaml_errors.py tests/test_quiz_validation.py tests/test_sheet_vectors.py \
	tests/test_exchange.py tests/test_officialdoc.py tests/test_package.py

serve: $(PORTAL_INSTALLED)
	$(BIN)/mkdocs serve

build: $(PORTAL_INSTALLED)
	$(BIN)/mkdocs build

offline: $(PORTAL_INSTALLED)
	$(BIN)/mkdocs build -f mkdocs.offline.yml
	rm -f portal-offline.zip
	cd site-offline && $(ABS_BIN)/python -m zipfile -c ../portal-offline.zip .

check: $(PORTAL_INSTALLED)
	$(BIN)/python -m portalkit check

# Browser tests drive the system's Chromium (Debian package `chromium`); CJK fonts for screenshots.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

# Documents are checked in their real client: LibreOffice renders them to PDF, poppler reads it.
$(SOFFICE) $(PDFTOTEXT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-writer-nogui \
		libreoffice-calc-nogui poppler-utils

# One pytest worker per core (pytest-xdist); a test file stays on one worker, so the sites a
# file builds are built once. TEST_WORKERS=0 runs everything in one process. Then the lowest
# versions' tests: what CI runs (.ci/run) is this one command.
test: $(TEST_INSTALLED) $(LOWEST_INSTALLED) $(CHROMIUM) $(SOFFICE) $(PDFTOTEXT)
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile
	$(LOWEST)/bin/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(LOWEST_TESTS)

# The lowest versions' tests alone.
test-lowest: $(LOWEST_INSTALLED) $(CHROMIUM) $(SOFFICE) $(PDFTOTEXT)
	$(LOWEST)/bin/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(LOWEST_TESTS)

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check hooks tests benchmarks

bench: $(PORTAL_INSTALLED)
	$(BIN)/python benchmarks/build_speed.py

clean:
	rm -rf site site-offline portal-offline.zip
