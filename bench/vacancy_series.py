"""The vacancy figures at scale: the monthly vacancy series (premises.vacancy.monthly_vacancy, what the
vacancy-rate indicator is computed from) and the server-drawn plan with 500 markers.

    .venv/bin/python bench/vacancy_series.py [--requests 9] [--reuse]

Two databases of their own (BENCH_GROWTH_PREFIX + _vacancy_x1 and _vacancy_x10; with the default prefix
portal_growth_vacancy_x1, …), migrated, then filled with set-based SQL:

- 1×: one committee's register of 2,000 units (four in five on the ground floor) with ten years of
  status history, a status row a year per unit (a closure, an offer, a letting, …): 20,000 rows.
- 10×: ten such registers (20,000 units, 200,000 status rows).

Then, in one Django process per database: the monthly series over ten years (120 month ends) of the
first register and of the whole database (as the indicator reads it), each checked to be one query,
timed as the median of --requests calls after two warm-ups, beside the one-query baseline page
(/bench/one-query/) timed the same way; the cost is series ms ÷ baseline ms. The first register's
series should cost the same at 10× (the other registers are not read); the whole database's grows
with its status rows (not with rows × months): its cost per 10,000 status rows should stay flat.

And the plan: premises_plan with 500 units on the demo's base plan, its size in KB (aim: under 200;
premises/tests/test_plan_size.py asserts it).

Not part of the test suite; run by bench/run.py (make bench) after the growth figures.
"""
import argparse
import datetime
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.growth import GROWTH_PREFIX  # noqa: E402
from bench.stack import RESULTS, bench_environment, database_name, manage, recreate_database  # noqa: E402

UNITS_PER_REGISTER = 2000
YEARS = 10
FACTORS = (1, 10)
MARKERS = 500


def url(factor):
    return bench_environment()["DATABASE_URL"].rsplit("/", 1)[0] + f"/{GROWTH_PREFIX}_vacancy_x{factor}"


def fill(registers):
    """`registers` committees, each with UNITS_PER_REGISTER units and YEARS status rows a unit."""
    from django.db import connection, transaction

    first_day = datetime.date.today().replace(day=1) - datetime.timedelta(days=365 * YEARS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO committees_committee (version, original_language, translations, name, slug, mandate, "
            "appointed_by, is_public, enquiry_email, enquiry_phone, created_at, updated_at) "
            "SELECT 1, 'en', '{}', 'Register ' || n, 'register-' || n, '', '', true, '', '', now(), now() "
            "FROM generate_series(1, %s) AS n", [registers])
        cursor.execute(
            "INSERT INTO premises_unit (version, committee_id, street, number, number_order, unit_name, floor, "
            "use_class, photo, photo_description, notes, longitude, latitude, publish_address, created_at) "
            "SELECT 1, c.id, 'Street ' || (n %% 40), n::text, n, '', "
            "CASE WHEN n %% 5 = 0 THEN 'upper' ELSE 'ground' END, 'services', '', '', '', "
            "15.1 + (n %% 50) * 0.0002, 46.35 + (n / 50) * 0.0002, true, now() "
            "FROM committees_committee c, generate_series(1, %s) AS n", [UNITS_PER_REGISTER])
        # A status a year per unit, on a day of its own; statuses in a cycle that keeps about a fifth empty.
        cursor.execute(
            "INSERT INTO premises_unitstatus (version, unit_id, status, since, note, recorded_at) "
            "SELECT 1, u.id, (ARRAY['occupied', 'occupied', 'vacant_marketed', 'under_offer', 'occupied', "
            "'occupied', 'vacant_no_board', 'refurbishment', 'occupied', 'not_in_use'])[1 + (u.id * 7 + k) %% 10], "
            "%s::date + (k * 365 + (u.id * 37) %% 300)::int, '', now() "
            "FROM premises_unit u, generate_series(0, %s) AS k", [first_day, YEARS - 1])
        cursor.execute("SELECT count(*) FROM premises_unitstatus")
        return cursor.fetchone()[0]


def timed(call, requests):
    for _warm_up in range(2):
        call()
    wall = []
    for _request in range(requests):
        started = time.perf_counter()
        call()
        wall.append(time.perf_counter() - started)
    return statistics.median(wall) * 1000


def plan_size():
    """The plan drawn with MARKERS units on the demo's base plan: the SVG's and the whole include's KB."""
    import json as json_module
    import random
    from decimal import Decimal

    from django.template import Context, Template

    from premises import demo
    from premises.models import BasePlan, Status, Unit
    from premises.plan import read_plan

    rng = random.Random(500)
    units = []
    for pk in range(1, MARKERS + 1):
        unit = Unit(pk=pk, street=f"Long Street Name {pk % 12}", number=str(pk), floor="ground",
                    longitude=Decimal(str(round(15.1090 + rng.random() * 0.0060, 7))),
                    latitude=Decimal(str(round(46.3565 + rng.random() * 0.0045, 7))))
        unit.status_now = rng.choice(Status.values)
        units.append(unit)
    base_plan = BasePlan(geojson=read_plan(json_module.dumps(demo.base_plan())).geojson(), credit=demo.PLAN_CREDIT)
    html = Template("{% load premises_tags %}{% premises_plan base_plan units %}").render(
        Context({"base_plan": base_plan, "units": units}))
    svg = html[html.index("<svg class=\"plan-svg\""):html.index("</svg>", html.index("<svg class=\"plan-svg\"")) + 6]
    return {"svg_kb": round(len(svg.encode()) / 1024, 1), "include_kb": round(len(html.encode()) / 1024, 1),
            "markers": svg.count("<use href=")}


def measure(requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from committees.models import Committee
    from premises.models import UnitStatus
    from premises.vacancy import monthly_vacancy

    start = datetime.date.today().replace(day=1) - datetime.timedelta(days=365 * YEARS)
    first = Committee.objects.order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    results = {"status_rows": UnitStatus.objects.count(), "baseline_ms": timed(lambda: client.get("/bench/one-query/"), requests)}
    for name, committee in (("one register", first), ("whole database", None)):
        with CaptureQueriesContext(connection) as queries:
            series = monthly_vacancy(start=start, committee=committee)
        results[name] = {
            "ms": timed(lambda: monthly_vacancy(start=start, committee=committee), requests),
            "queries": len(queries), "months": len(series), "status_rows": UnitStatus.objects.filter(
                **({"unit__committee": committee} if committee else {})).count(),
        }
    results["plan"] = plan_size()
    print(json.dumps(results))


def child_main(factor, requests, build):
    import django

    django.setup()
    if build:
        from django.db import connection

        started = time.perf_counter()
        rows = fill(factor)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"built {factor}× ({rows:,} status rows) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    measure(requests)


def built(factor):
    import psycopg2

    try:
        connection = psycopg2.connect(url(factor))
    except psycopg2.OperationalError:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('premises_unit') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SELECT count(*) FROM premises_unit")
            return cursor.fetchone()[0] == factor * UNITS_PER_REGISTER
    finally:
        connection.close()


def print_report(results):
    print(f"\nVacancy series: premises.vacancy.monthly_vacancy over {YEARS} years ({YEARS * 12} month ends), "
          "median ms of in-process calls; cost = ms ÷ the one-query baseline page's ms")
    print(f"  {'series':16} {'data':>5} {'status rows':>12} {'queries':>7} {'ms':>8} {'cost':>7} {'cost per 10k rows':>17}")
    for factor in FACTORS:
        figures = results[factor]
        for name in ("one register", "whole database"):
            row = figures[name]
            cost = row["ms"] / figures["baseline_ms"]
            print(f"  {name:16} {f'{factor}×':>5} {row['status_rows']:>12,} {row['queries']:>7} {row['ms']:8.1f} "
                  f"{cost:7.2f} {cost / row['status_rows'] * 10000:17.3f}")
        print(f"  {'baseline':16} {f'{factor}×':>5} {'':>12} {1:>7} {figures['baseline_ms']:8.2f}")
    for name in ("one register", "whole database"):
        first, last = (results[f][name]["ms"] / results[f]["baseline_ms"] for f in (FACTORS[0], FACTORS[-1]))
        print(f"  {name}: cost {first:.2f} at 1×, {last:.2f} at 10× ({last / first:.2f}×)")
    plan = results[FACTORS[0]]["plan"]
    print(f"\nPlan with {plan['markers']} markers: SVG {plan['svg_kb']} KB (aim: under 200 KB), "
          f"with its key and table {plan['include_kb']} KB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="keep the databases when they hold the data already")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.child, args.requests, args.build)
    results = {}
    for factor in FACTORS:
        env = {**bench_environment(url(factor)), "CACHE_URL": f"locmemcache://vacancy-{factor}"}
        build = not (args.reuse and built(factor))
        if build:
            recreate_database(url(factor))
            manage(env, "migrate", "--noinput", "-v", "0")
        else:
            print(f"  reusing {database_name(url(factor))}")
        command = [sys.executable, __file__, "--child", str(factor), "--requests", str(args.requests)]
        output = subprocess.run(command + (["--build"] if build else []), cwd=BASE_DIR, env=env,
                                capture_output=True, text=True)
        sys.stderr.write(output.stderr)
        output.check_returncode()
        results[factor] = json.loads(output.stdout.strip().splitlines()[-1])
    print_report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"vacancy-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"Written to {out.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
