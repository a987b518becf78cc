"""Settings for benchmark servers: the portal's own, plus the baseline views of bench/urls.py.

bench/load_test.py --compare swaps parts through the environment: BENCH_SESSION_ENGINE (a Django
session engine, or bench.home_made for the store the portal had before issue 14),
BENCH_RESPONSE_INSERT=statement (bench/urls.py installs the one-statement insert of bench/home_made.py)
and BENCH_QUESTIONNAIRE_CACHE=off (bench/urls.py: every answer page loads the questionnaire).
"""
import os

from portal.settings import *  # noqa: F401,F403
from portal.settings import SESSION_ENGINE, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
SESSION_ENGINE = os.environ.get("BENCH_SESSION_ENGINE") or SESSION_ENGINE
