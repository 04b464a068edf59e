# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint data bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

## Serve the dashboard on the embedded (simulated) data at http://$(ADDRESS):$(PORT)
run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## The whole suite: lint, unit, R reference, app and browser tests
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

## Rewrite the simulated data and its mapping from the seed
data: $(STAMP)
	$(PY) -m analysis.study.simulate

## Speed benchmark (not part of `make test`)
bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
