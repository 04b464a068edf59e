# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Installs are pinned by constraints.txt (every package, tested together); pyproject.toml holds
# the ranges. Regenerate the pins in a fresh venv: pip install -e ".[test]", then
# pip freeze --exclude-editable > constraints.txt.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint data bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# What running needs, nothing more.
$(RUN_STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) -e .
	touch $(RUN_STAMP)

# Running plus the test tools (pytest, Playwright, ruff, mypy).
$(TEST_STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) -e ".[test]"
	touch $(TEST_STAMP) $(RUN_STAMP)

## Serve the dashboard on the embedded (simulated) data at http://$(ADDRESS):$(PORT)
run: $(RUN_STAMP)
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## Lint, format check, types, doctests, then the whole suite: unit, R reference, app, browser
test: $(TEST_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest --doctest-modules analysis
	$(PY) -m pytest

## Rewrite the simulated data and its mapping from the seed
data: $(RUN_STAMP)
	$(PY) -m analysis.study.simulate

## Speed benchmark (not part of `make test`; drives Chromium with Playwright)
bench: $(TEST_STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
