# Two commands a newcomer needs:  make demo   and   make test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= sample
QUESTION ?= what was said about agency staffing?

.PHONY: setup demo ask check test lint clean

setup: $(VENV)/.installed

# torch is installed first and pinned to the CPU build: an unpinned torch pulls a multi-GB CUDA build.
# ray: tests/test_ray_adapter.py runs the distributed ingest on a local Ray instance.
# ocr: the OCR tests (tests/test_ocr.py); Tesseract's English model is Debian's tesseract-ocr-eng.
$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev,llm,app,eval,ray,serve,mcp,ocr]'
	touch $@

# Builds (or incrementally updates) indexes/$(INDEX) from the sample corpus, then serves the chat
# app at http://localhost:8501 (Ctrl+C stops it).
demo: setup
	$(BIN)/minutes ingest samples/corpus --index $(INDEX)
	MINUTES_INDEX__NAME=$(INDEX) $(BIN)/streamlit run app.py

# The same index, one answer on the terminal:  make ask QUESTION="what did Ofsted find?"
ask: setup
	$(BIN)/minutes ingest samples/corpus --index $(INDEX) --quiet
	$(BIN)/minutes ask "$(QUESTION)" --index $(INDEX)

# Style, types and the layer contracts (applications -> ingest -> core; no import cycles).
lint: setup
	$(BIN)/ruff check rag ingest tests app.py eval
	$(BIN)/ruff format --check rag ingest tests app.py eval
	$(BIN)/mypy
	$(BIN)/lint-imports

# The inner loop: lint, then the tests that need no real model and start no subprocess.
check: lint
	$(BIN)/pytest -q -x -m "not slow"

# The full suite, as CI runs it.
test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) indexes/$(INDEX)
