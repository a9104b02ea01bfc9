# The README's commands. Each sets itself up: a virtual environment in .venv
# with the pinned dependencies of pyproject.toml, refreshed when it changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: html publish serve test bench validate clean translations

html: $(STAMP)
	$(BIN)/pelican content -s pelicanconf.py -o output

# The site for its public address: SITEURL=https://example.org/commerces make publish
publish: $(STAMP)
	$(BIN)/pelican content -s publishconf.py -o output

serve: html
	$(BIN)/pelican --listen --port $(PORT) -s pelicanconf.py -o output

test: $(STAMP)
	$(BIN)/pytest

# Benchmarks: figures for the notes, never pass/fail tests.
# BENCH_SHOPS, BENCH_PHOTOS and BENCH_SEARCH resize them (0 skips one);
# BENCH_ROUNDS: how many times one shop is edited, added and removed (the median is shown).
bench: $(STAMP)
	$(BIN)/vitrines bench --shops $${BENCH_SHOPS:-50000} --photos $${BENCH_PHOTOS:-200} \
		--search $${BENCH_SEARCH:-$${BENCH_SHOPS:-50000}} --rounds $${BENCH_ROUNDS:-3} --json .cache/bench.json

validate: $(STAMP)
	$(BIN)/vitrines validate shops

clean:
	rm -rf output .cache

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Vitrines needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# After changing UI text in templates or code: refresh the catalogues, then
# translate the new entries in theme/translations/*/LC_MESSAGES/messages.po.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o theme/translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations --omit-header --ignore-obsolete --no-fuzzy-matching
