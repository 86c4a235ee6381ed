# audit_docs — every target that needs the virtual environment creates it first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
YEAR   ?= 2016

.DEFAULT_GOAL := help
.PHONY: help install demo test lint bench extract check clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install audit-docs with its test tools

demo: $(STAMP) ## set up, then read the bundled sample forms and trackers (examples/inbox)
	@mkdir -p outbox
	@$(VENV)/bin/audit-docs extract examples/inbox > outbox/examples.jsonl
	@echo "Read the sample forms and trackers in examples/inbox:"
	@echo "  outbox/examples.jsonl  ($$(wc -l < outbox/examples.jsonl) JSON lines: one per form, one per tracker row)"
	@echo "What an auditor sees for one form:  .venv/bin/audit-docs check examples/inbox/forms/example-typed.docx"

test: $(STAMP) ## run the test suite
	$(PY) -m pytest

lint: $(STAMP) ## check style and common mistakes
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

bench: $(STAMP) ## measure reading speed on 1,000 generated forms
	$(PY) -m pip install --quiet 'docx2python>=2,<4'
	$(PY) benchmarks/bench_extract.py

extract: $(STAMP) ## print the values read from the forms in inbox/ (JSON lines)
	$(VENV)/bin/audit-docs extract inbox

check: $(STAMP) ## show what was read from each form in inbox/, problems first
	$(VENV)/bin/audit-docs check inbox

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info
