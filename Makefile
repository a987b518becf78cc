# The README's two commands: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup serve bench loadtest messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

.env:
	cp .env.example .env

setup: $(VENV)/.installed node_modules/.installed .env
	@if command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0; \
	else echo "Note: gettext's msgfmt is not installed, so pages are in English only (sudo apt-get install gettext)."; fi
	bin/ensure-postgresql
	$(MANAGE) ensure_database
	$(MANAGE) migrate --noinput -v 0

run: setup
	DJANGO_DEBUG=True $(MANAGE) demo_data
	DJANGO_DEBUG=True $(MANAGE) runserver 127.0.0.1:8000

test: setup
	$(BIN)/python -m pytest

# Production-style serving: DEBUG off, static files collected and served by whitenoise.
serve: setup
	@command -v msgfmt >/dev/null 2>&1 || { echo "make serve needs gettext's msgfmt to build the translations: sudo apt-get install gettext"; exit 1; }
	DJANGO_DEBUG=False $(MANAGE) collectstatic --noinput -v 0
	DJANGO_DEBUG=False $(MANAGE) check --deploy --fail-level WARNING
	DJANGO_DEBUG=False $(BIN)/gunicorn portal.wsgi --bind 127.0.0.1:8000 --workers 3

# Benchmarks (bench/README.md): pages against same-stack baselines, query budget, growth at
# 1x/10x/100x data, then the load test, then stock parts against home-made ones side by side.
# Needs wrk (installed with apt-get when run as root).
bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load_test.py --no-prepare
	$(BIN)/python bench/load_test.py --no-prepare --compare --seconds 20 --rounds 2

loadtest: setup
	$(BIN)/python bench/load_test.py

messages:
	$(MANAGE) makemessages -l sl -l pl -l fa --ignore=.venv --ignore=node_modules --ignore=bench --ignore=staticfiles --ignore=media

clean:
	rm -rf $(VENV) node_modules staticfiles
