# The few commands people type. `make help` lists them.
.DEFAULT_GOAL := help
PY := .venv/bin/python

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup:  ## create .venv and install pilotdoc with its dev tools
	@bash scripts/setup.sh

demo: setup  ## process a bundled sample with no server and print what was found
	@.venv/bin/pilotdoc demo

test:  ## the whole test suite (installs; starts Redis/PostgreSQL if stopped)
	@bash scripts/test.sh

lint: setup  ## ruff + mypy
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy extractors models evaluation service samples

bench: setup  ## speed and memory figures (text-layer and scanned pages, cache re-run)
	@.venv/bin/pilotdoc bench

eval: setup  ## accuracy on a freshly generated set (SEED=…, N=…)
	@.venv/bin/pilotdoc samples make out/eval-$(or $(SEED),7) --n $(or $(N),40) --seed $(or $(SEED),7)
	@.venv/bin/pilotdoc eval out/eval-$(or $(SEED),7)

.PHONY: help setup demo test lint bench eval
