# The two README commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
EQKG   := $(VENV)/bin/eqkg
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install runtime load serve data docs lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps re-run pip only when pyproject.toml changes. `make run` needs only the runtime
# dependencies (.installed-runtime); `make install`/`make test` add the test extras
# (.installed), which also satisfies the runtime stamp.
$(VENV)/.installed-runtime: pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed: pyproject.toml setup.py | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-runtime

runtime: $(VENV)/.installed-runtime

install: $(VENV)/.installed

load: runtime
	$(EQKG) --store $(STORE) load

serve: runtime
	$(EQKG) --store $(STORE) serve --host $(HOST) --port $(PORT)

run: load serve

lint: install
	$(VENV)/bin/ruff check service tests benchmarks

test: lint
	-scripts/install_browser.sh
	-scripts/install_stores.sh
	-scripts/install_axe.sh
	-scripts/install_office.sh
	$(VENV)/bin/pytest -q

data: install
	$(PY) -m eqkg.ingest.build_data

docs: install
	$(PY) -m pip install --quiet -e '.[docs]'
	$(PY) -m eqkg.docs_build

# The quick versions of docs/benchmarks.md's runs (the 1M-triple ones take an hour).
bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/endpoint.py --triples 100000
	$(PY) benchmarks/reasoning.py --sizes seed
	$(PY) benchmarks/validation.py
	$(PY) benchmarks/reading.py

clean:
	rm -rf var build dist *.egg-info service/*.egg-info
