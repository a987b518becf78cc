"""Growth: the mayor's summary and a survey's results page at 1×, 10× and 100× the demo town's data.

    .venv/bin/python bench/growth.py [--factors 1 10 100] [--requests 9] [--reuse]

Copies the freshly prepared benchmark database (the demo town, bench/stack.py) into one database
per factor (portal_growth_x1, _x10, _x100; with BENCH_GROWTH_PREFIX=portal_growth_mine they are
portal_growth_mine_x1, …, so that two people measuring at once keep apart) and multiplies its
data there with set-based SQL: every initiative with its milestones, funding lines, updates,
status changes and targets, every meeting with its attendance and recommendations, and every
survey response with its answers is copied factor − 1 times (same dates: a town with that many
more initiatives, meetings and residents answering), and each indicator's measurements get
factor × as long a history. Then, through Django's test Client in one process per factor
(production middleware, DEBUG off), it times the pages: median of --requests requests after two
warm-ups, the process's CPU time, and the query count. The one-query baseline is timed beside
them as the machine's yardstick. Responses the measurement adds are deleted again at the end.

Not part of the test suite; called by bench/run.py (make bench) right after the database is prepared.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.stack import BASE_DIR, RESULTS, bench_environment, database_name, recreate_database  # noqa: E402

SURVEY = "vision-of-the-centre"
PAGES = [
    ("baseline: one query", "/bench/one-query/", None),
    ("summary, this year", "/summary/", "mayor"),
    ("summary, one committee", "/summary/?committee=__committee__", "mayor"),
    ("survey results", f"/surveys/{SURVEY}/results/", None),
    ("survey results (manager)", f"/surveys/{SURVEY}/results/", "manager"),
    # The first read with nothing counted yet counts every answer (cache cleared before each request).
    ("survey results, recounted", f"/surveys/{SURVEY}/results/", None),
    # The first read after one more response: every answer counted again (responses carry no order).
    ("survey results, after one new response", f"/surveys/{SURVEY}/results/", None),
]

# (model label, {column: how the copy number k changes it}); ids are shifted past the originals.
COPIES = [
    ("initiatives.Initiative", {"slug": "{col} || '-copy-' || k", "is_featured": "false"}),
    ("initiatives.Milestone", {}),
    ("initiatives.FundingLine", {}),
    ("initiatives.ProgressUpdate", {}),
    ("initiatives.StatusChange", {}),
    ("initiatives.Target", {}),
    ("committees.Meeting", {}),
    ("committees.Attendance", {}),
    ("committees.Recommendation", {}),
    ("surveys.Response", {}),
    ("surveys.Answer", {}),
]
COPIED = {label for label, _changes in COPIES}
# Random 63-bit ids (surveys.models.new_answer_id): shifting them past the largest would overflow.
RANDOM_IDS = {"surveys.Answer"}


GROWTH_PREFIX = os.environ.get("BENCH_GROWTH_PREFIX", "portal_growth")
if not GROWTH_PREFIX.startswith("portal_growth"):
    raise SystemExit("BENCH_GROWTH_PREFIX must start with portal_growth (the only databases the benchmarks drop)")


def growth_url(factor):
    base = bench_environment()["DATABASE_URL"]
    return base.rsplit("/", 1)[0] + f"/{GROWTH_PREFIX}_x{factor}"


def multiply(factor):
    """Copy rows factor − 1 times in the database Django is connected to (set-based, one statement a table)."""
    from django.apps import apps
    from django.db import connection, transaction

    if factor == 1:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        offsets = {}
        for label, _changes in COPIES:
            model = apps.get_model(label)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(model._meta.db_table)}")
            offsets[label] = cursor.fetchone()[0]
        for label, changes in COPIES:
            model = apps.get_model(label)
            columns, values = [], []
            for field in model._meta.concrete_fields:
                column = field.column
                columns.append(quote(column))
                if field.primary_key and label in RANDOM_IDS:
                    values.append("1 + floor(random() * 9.2e18)::bigint")  # referenced by no copy
                elif field.primary_key:
                    values.append(f"{quote(column)} + k * {offsets[label]}")
                elif column in changes:
                    values.append(changes[column].format(col=quote(column)))
                elif field.is_relation and field.related_model._meta.label in COPIED:
                    values.append(f"{quote(column)} + k * {offsets[field.related_model._meta.label]}")
                else:
                    values.append(quote(column))
            table = quote(model._meta.db_table)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                f"FROM {table}, generate_series(1, %s) AS k WHERE id <= %s",
                [factor - 1, offsets[label]],
            )
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), MAX(id)) FROM {table}")
        _longer_history(cursor, factor)


def _longer_history(cursor, factor):
    """Each indicator's measurements repeated further back in time: factor × as long a history."""
    from initiatives.models import Measurement

    fields = [field for field in Measurement._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(field.column for field in fields)
    values = ", ".join(
        "m.measured_on - k * span.days" if field.column == "measured_on" else f"m.{field.column}" for field in fields
    )
    cursor.execute(
        f"INSERT INTO initiatives_measurement ({columns}) SELECT {values} FROM initiatives_measurement m "
        "JOIN (SELECT indicator_id, MAX(measured_on) - MIN(measured_on) + 1 AS days "
        "      FROM initiatives_measurement GROUP BY indicator_id) span ON span.indicator_id = m.indicator_id, "
        "generate_series(1, %s) AS k",
        [factor - 1],
    )
    from initiatives.models import Indicator
    from initiatives.services import series_refresh

    for indicator in Indicator.objects.all():  # the pages read the rolled-up series, made after each write
        series_refresh(indicator=indicator)


def row_counts():
    from initiatives.models import Initiative, Measurement, Milestone
    from surveys.models import Answer, Response

    return {model.__name__: model.objects.count() for model in (Initiative, Milestone, Measurement, Response, Answer)}


def measure(requests):
    """In a process configured for one growth database: time each page, print JSON."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from committees.models import Committee
    from surveys.models import Response

    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    committee = Committee.objects.get(slug="city-marketing-committee")
    clients, added = {}, []
    results = {"rows": row_counts(), "pages": {}}
    for name, path, username in PAGES:
        path = path.replace("__committee__", str(committee.pk))
        if username not in clients:
            clients[username] = Client(HTTP_HOST="127.0.0.1")
            if username:
                clients[username].force_login(get_user_model().objects.get(username=username))
        client = clients[username]
        for _warm_up in range(2):
            status = client.get(path).status_code
        wall, cpu = [], []
        for _request in range(requests):
            if "recounted" in name:
                for alias in settings.CACHES:  # the counted figures, and the rendered page
                    caches[alias].clear()
            if "new response" in name:
                added.append(add_response())
            started, started_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        results["pages"][name] = {
            "status": status, "median_ms": round(statistics.median(wall) * 1000, 1),
            "min_ms": round(min(wall) * 1000, 1), "cpu_ms": round(statistics.median(cpu) * 1000, 1),
            "queries": len(queries),
        }
    Response.objects.filter(pk__in=added).delete()  # a reused growth database stays as it was built
    print(json.dumps(results))


def add_response():
    """One more response to the survey, with the answers of its latest, in one transaction as a
    submission stores them."""
    from django.db import transaction

    from surveys.models import Answer, Response

    latest = Response.objects.filter(survey__slug=SURVEY).latest("pk")
    with transaction.atomic():
        response = Response.objects.create(survey_id=latest.survey_id, language=latest.language)
        Answer.objects.bulk_create(
            Answer(response=response, question_id=answer.question_id, choice_id=answer.choice_id,
                   number=answer.number, text=answer.text)
            for answer in latest.answers.all()
        )
    return response.pk


def child(factor, requests, build):
    env = {**bench_environment(growth_url(factor)), "CACHE_URL": f"locmemcache://growth-{factor}"}
    command = [sys.executable, __file__, "--child", str(factor), "--requests", str(requests)]
    if build:
        command.append("--build")
    output = subprocess.run(command, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def child_main(factor, requests, build):
    import django

    django.setup()
    if build:
        from django.db import connection

        started = time.perf_counter()
        multiply(factor)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
        print(f"built {factor}× in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    measure(requests)


def fingerprint(url):
    """What a growth database was built from: the migrations applied and the demo town's row counts
    (None when the database is missing). A growth database is reused only while this matches its source."""
    import psycopg2

    try:
        connection = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_growth_source')")
            if cursor.fetchone()[0] is not None:
                cursor.execute("SELECT fingerprint FROM bench_growth_source")
                stored = cursor.fetchone()
                return stored[0] if stored else None
            cursor.execute(
                "SELECT md5(string_agg(app || name, ',' ORDER BY id)) || "
                "(SELECT COUNT(*) FROM initiatives_initiative) || '/' || (SELECT COUNT(*) FROM surveys_answer) "
                "FROM django_migrations"
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def remember_source(url, value):
    import psycopg2

    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_growth_source (fingerprint text)")
        cursor.execute("INSERT INTO bench_growth_source VALUES (%s)", [value])
    connection.close()


def print_report(results, factors):
    print(f"\nGrowth: the same pages at {', '.join(f'{f}×' for f in factors)} data "
          "(median ms of in-process requests, CPU ms, queries)")
    print("  rows: " + "; ".join(
        f"{f}×: " + ", ".join(f"{count:,} {name.lower()}s" for name, count in results[f]["rows"].items())
        for f in factors))
    header = "".join(f" {f'{f}× ms':>9} {'cpu':>6} {'q':>3}" for f in factors)
    print(f"  {'page':40}{header} {'last/first':>10}")
    for name, _path, _user in PAGES:
        cells = [results[f]["pages"][name] for f in factors]
        line = "".join(f" {c['median_ms']:9.1f} {c['cpu_ms']:6.1f} {c['queries']:3}" for c in cells)
        growth = cells[-1]["median_ms"] / cells[0]["median_ms"] if cells[0]["median_ms"] else 0
        print(f"  {name:40}{line} {growth:9.2f}×")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--requests", type=int, default=9)
    parser.add_argument("--reuse", action="store_true",
                        help="keep growth databases built from the same migrations and demo town")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.requests, args.build)

    source_url = bench_environment()["DATABASE_URL"]
    source = fingerprint(source_url)
    results = {}
    for factor in args.factors:
        build = not (args.reuse and fingerprint(growth_url(factor)) == source)
        if build:
            recreate_database(growth_url(factor), template=database_name(source_url))
            remember_source(growth_url(factor), source)
        else:
            print(f"  reusing {database_name(growth_url(factor))} (built from the same migrations and demo town)")
        results[factor] = child(factor, args.requests, build)
    print_report(results, args.factors)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"growth-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"Written to {out.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
