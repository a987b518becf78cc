"""Settings for benchmark servers: the portal's own, plus the baseline views of bench/urls.py."""
from portal.settings import *  # noqa: F401,F403
from portal.settings import TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
