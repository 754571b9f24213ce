# make run  - create .venv if needed, install, start the app
# make test - create .venv if needed, install with test extras, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch comes from pip (never uv/poetry): pinned no newer than what this platform ships.
TORCH_PINS := torch==2.14.1 torchvision==0.29.1

.PHONY: run test lint screenshots package clean i18n translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps make re-runs fast: pip runs again only when pyproject.toml changes.
$(VENV)/.stamp-torch: | $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH_PINS)
	touch $@

$(VENV)/.stamp-run: pyproject.toml $(VENV)/.stamp-torch
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-torch
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.stamp-run

# The window's translations: resources/i18n/*.ts (the sources, in git) compiled to .qm.
TS_FILES := $(wildcard resources/i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
# (built after the install, which brings pyside6-lrelease: `$(MAKE) translations` below)
resources/i18n/%.qm: resources/i18n/%.ts
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

# After changing the window's words: collect them into every .ts (translations kept, vanished
# entries dropped); then translate the entries marked unfinished (Qt Linguist: pyside6-linguist).
# A new language: make i18n LANGS=ja creates resources/i18n/inception_desktop_ja.ts.
LANGS ?=
i18n: $(VENV)/.stamp-run
	$(BIN)/python scripts/update_translations.py $(LANGS)

run: $(VENV)/.stamp-run
	@$(MAKE) --no-print-directory translations
	$(BIN)/inception-desktop

test: $(VENV)/.stamp-test
	@$(MAKE) --no-print-directory translations
	$(BIN)/python -m pytest -q

# PNGs of the window's screens for the README (offscreen, private data folder, reference weights).
screenshots: $(VENV)/.stamp-test
	@$(MAKE) --no-print-directory translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/ko --language ko --size 1024x640

# The torch-free (lite) desktop bundle, with the published weights from the app's cache
# (inception-desktop weights download all); PROFILE=full for the bundle with torch.
PROFILE ?= lite
BUILD_ARGS ?=
package: $(VENV)/.stamp-test
	$(BIN)/python packaging/build.py --profile $(PROFILE) $(BUILD_ARGS)

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist *.egg-info resources/i18n/*.qm
