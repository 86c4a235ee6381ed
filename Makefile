# audit_docs — every target that needs the virtual environment creates it first.
VENV   ?= .venv
# the Python the environment is made with (.ci/run also tests with python3.12, python3.13)
PYTHON ?= python3
PY     := $(VENV)/bin/python
# the tool alone (make demo and the everyday targets), then its test tools (make test, lint)
STAMP  := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-tools-stamp
YEAR   ?= 2016
FROM   ?= 2016-04-01
TO     ?= 2017-03-31
# started from make, messages suggest next steps as make targets (`make problems`)
CLI    := AUDIT_DOCS_VIA_MAKE=1 $(VENV)/bin/audit-docs
# the demo has its own store (a temporary one), folder and settings: its report never sits
# under a real report's name, and no sample settings file sits where a real run picks it up
DEMO_OUT := outbox/demo

.DEFAULT_GOAL := help
.PHONY: help install demo test lint bench extract check ingest problems files export annual-report guidance commentary templates-check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@# an editable install leaves bytecode to the first run, which some shells forbid
	@# (PYTHONDONTWRITEBYTECODE): compile it now, as a regular install does
	@$(PY) -m compileall -q src
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(TEST_STAMP)

install: $(TEST_STAMP) ## create .venv and install audit-docs with its test tools

demo: $(STAMP) ## set up, then build the annual report, guidance and data-quality list from examples/inbox in outbox/demo/
	@$(CLI) demo --outbox $(DEMO_OUT)

test: $(TEST_STAMP) ## run the test suite
	$(PY) -m pytest

lint: $(TEST_STAMP) ## check style and common mistakes, and types (mypy --strict over src/)
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools
	$(VENV)/bin/mypy

bench: $(TEST_STAMP) ## measure reading, ingest, the reports and every output at 1k-100k audits (benchmarks/)
	$(PY) -m pip install --quiet 'docx2python>=2,<4'
	$(PY) benchmarks/bench_extract.py
	cd benchmarks && ../$(PY) bench_report.py
	$(PY) benchmarks/bench_guidance.py
	cd benchmarks && ../$(PY) bench_outputs.py
	cd benchmarks && ../$(PY) bench_commands.py

extract: $(STAMP) ## print the values read from the forms in inbox/ (JSON lines)
	$(VENV)/bin/audit-docs extract inbox

check: $(STAMP) ## show what was read from each form in inbox/, problems first
	$(VENV)/bin/audit-docs check inbox

ingest: $(STAMP) ## read every new form and tracker in inbox/ into the store (var/audits.sqlite)
	$(CLI) ingest

problems: $(STAMP) ## write outbox/data-quality-<today>.xlsx: every value to check
	$(CLI) problems

files: $(STAMP) ## list every file the store knows: read, copied, refused, replaced or forgotten
	$(CLI) files

export: $(STAMP) ## write the store's records for analysts to outbox/audit-docs-export.xlsx
	$(CLI) export --format xlsx

annual-report: $(STAMP) ## ingest inbox/ and write the annual report for YEAR (default 2016 = 2016-17)
	$(CLI) annual-report --year $(YEAR)

guidance: $(STAMP) ## ingest inbox/ and write best-practice guidance for audits FROM..TO
	$(CLI) guidance --from $(FROM) --to $(TO)

commentary: $(STAMP) ## write commentary/annual-report-YEAR.docx: the report's headings, to write its analysis under
	$(CLI) commentary --year $(YEAR)

templates-check: $(STAMP) ## dry-run every Word template against the sample data after editing it
	$(CLI) templates check

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
