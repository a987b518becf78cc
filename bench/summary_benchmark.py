"""The mayor's summary on a large town: server time and query count, against same-run baselines.

    .venv/bin/python bench/summary_benchmark.py [--rebuild] [--requests 9]

Builds (once) a large town in its own database (BENCH_SUMMARY_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/portal_summary_bench; see bench/large_town.py), then times
requests through Django's test Client, in one process with the production middleware and
DEBUG off: the summary for this year, for the last 12 months and for one committee, the CSV
export, and two baselines from bench/urls.py (one query; one query in the portal layout).
Prints the median of several requests per page, each page's ratio to the one-query-in-layout
baseline and its query count. Not part of the test suite.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.settings",
    DATABASE_URL=os.environ.get(
        "BENCH_SUMMARY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_summary_bench"
    ),
    DJANGO_DEBUG="False",
    DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789abcdef",
    DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    DJANGO_SECURE="False",
    CACHE_URL="locmemcache://summary-bench",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import large_town  # noqa: E402

# Tests render without a collectstatic run; so does the benchmark (the manifest is not the point here).
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def prepare(rebuild):
    call_command("ensure_database", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    if rebuild or not large_town.is_built():
        started = time.perf_counter()
        large_town.build()
        print(f"Built the large town in {time.perf_counter() - started:.1f} s")
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="bench-mayor")


def measure(client, path, requests):
    """(median ms, min ms, median CPU ms of this process, query count) of `requests` GETs after two
    warm-up requests. Wall time includes the database's work; CPU time is Django's share only and
    barely moves when other processes load the machine."""
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(timings), min(timings), statistics.median(cpu), len(queries.captured_queries)


def row_counts():
    from initiatives.models import Indicator, Initiative, Measurement, Milestone
    from surveys.models import Answer, Response, Survey

    models = [Initiative, Milestone, Indicator, Measurement, Survey, Response, Answer]
    return ", ".join(f"{model._meta.verbose_name_plural}: {model.objects.count():,}" for model in models)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="generate the large town again")
    parser.add_argument("--requests", type=int, default=9, help="timed requests per page (default 9)")
    options = parser.parse_args()
    mayor = prepare(options.rebuild)
    print(row_counts())
    client = Client()
    client.force_login(mayor)
    committee = large_town.Committee.objects.order_by("pk").first()
    pages = [
        ("baseline: one query", "/bench/one-query/"),
        ("baseline: one query, portal layout", "/bench/one-query-in-layout/"),
        ("summary, this year", "/summary/"),
        ("summary, last 12 months", "/summary/?period=12m"),
        ("summary, one committee", f"/summary/?committee={committee.slug}"),
        ("summary CSV export", "/summary/export.csv"),
    ]
    load_before = f"{os.getloadavg()[0]:.1f}"
    results = [(name, path, *measure(client, path, options.requests)) for name, path in pages]
    floor = results[1][2]
    print(f"load average before the run: {load_before}, after: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print(f"\n{'page':38} {'median ms':>10} {'min ms':>8} {'CPU ms':>7} {'× layout baseline':>18} {'queries':>8}")
    for name, _path, median, fastest, cpu, queries in results:
        print(f"{name:38} {median:10.1f} {fastest:8.1f} {cpu:7.1f} {median / floor:18.1f} {queries:8d}")


if __name__ == "__main__":
    main()
