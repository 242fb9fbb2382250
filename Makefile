# Two entry points for a fresh machine (see README.md): `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
# root needs no sudo (containers, CI); everyone else does
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build offline test lint check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

build: $(VENV)/.installed
	$(BIN)/mkdocs build

offline: $(VENV)/.installed
	$(BIN)/mkdocs build -f mkdocs.offline.yml
	cd site-offline && rm -f ../portal-offline.zip && $(BIN)/python -m zipfile -c ../portal-offline.zip .

check: $(VENV)/.installed
	$(BIN)/python -m portalkit check

# Browser tests drive the system's Chromium (Debian package `chromium`); CJK fonts for screenshots.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk

test: $(VENV)/.installed $(CHROMIUM)
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check hooks tests benchmarks

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/build_speed.py

clean:
	rm -rf site site-offline portal-offline.zip
