"""Load test with nothing lost: residents submit the demo survey while others read public pages.

Two gunicorn instances serve the portal from one PostgreSQL database. 50 client threads (by
default) each play one resident after another: open the survey's first page, answer it, post it
with the CSRF token and the session cookie, answer the next page, submit, and read the thank-you
page — every request going to the other server than the one before, so a flow only works because
the session lives in the database. A few reader threads walk the home page, the initiative list
and an initiative's page. The run stops by itself after --seconds (then waits for the flows under
way to finish).

Afterwards the survey's stored responses are counted in the database: the test passes when the
number of new responses equals the number of submissions that reached the thank-you page, and no
response was a 5xx (exit status 1 otherwise). Only 127.0.0.1 is contacted.

It reports what a resident and the town's server feel (the aims): the p99 latency of all requests,
and the server CPU time (gunicorn workers and the PostgreSQL backends, bench/server_cpu.py) per
complete response — everything the servers did during the run, readers included, over the
responses stored.

With --compare, it measures variants of the code one after the other, each with servers started
afresh, in --rounds interleaved rounds: the portal as it is, and with a part swapped (the session
store, the response insert: bench/home_made.py), or another checkout's code (--before DIR).

    .venv/bin/python bench/load_test.py              # 50 residents + 4 readers for 60 s
    .venv/bin/python bench/load_test.py --seconds 10 --clients 10
    .venv/bin/python bench/load_test.py --compare --seconds 30 --rounds 2 --before ../portal-main
"""
import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Browser, Recorder, answer, summarise, survey_form_action, survey_form_fields  # noqa: E402
from bench.server_cpu import ServerCpu  # noqa: E402
from bench.stack import (  # noqa: E402
    BASE_DIR, PORTS, RESULTS, bench_environment, load_average, prepare_database, setup_django, start_servers,
    stop_servers,
)

SURVEY = "vision-of-the-centre"
MAX_PAGES = 5
CPU_AIM_MS = 20  # server CPU per complete response, on the benchmark's 2 cores
P99_AIM_MS = 400  # with 50 residents
WARM_UP_SECONDS = 3
# Parts --compare can swap in (bench/settings.py, bench/urls.py), joined with "+" in a variant's name.
SWAPS = {
    "as-is": {},
    "sessions-db": {"BENCH_SESSION_ENGINE": "django.contrib.sessions.backends.db"},
    "sessions-cached-db": {"BENCH_SESSION_ENGINE": "django.contrib.sessions.backends.cached_db"},
    "sessions-home-made": {"BENCH_SESSION_ENGINE": "bench.home_made"},
    "insert-one-statement": {"BENCH_RESPONSE_INSERT": "statement"},
    "questionnaire-uncached": {"BENCH_QUESTIONNAIRE_CACHE": "off"},
    "questionnaire-shared-only": {"BENCH_QUESTIONNAIRE_CACHE": "shared-only"},
}
COMPARED = [
    "as-is", "sessions-cached-db", "sessions-home-made", "insert-one-statement", "sessions-home-made+insert-one-statement",
    "questionnaire-uncached",
]


def submit_survey(browser, slug, rng):
    """One resident's whole flow, from the survey's own page (where a link or a poster leads them):
    its first page is answered there where the portal offers it, else after "Start". True when it
    ended on the thank-you page."""
    status, _location, html = browser.request("survey page GET", "GET", f"/surveys/{slug}/")
    path = survey_form_action(html) if status == 200 else None
    if path is None:  # no questions on the survey's page (the code before issue 14): "Start"
        path = f"/surveys/{slug}/answer/1/"
        status, _location, html = browser.request("form page GET", "GET", path)
    for _page in range(MAX_PAGES):
        if status != 200:
            return False
        fields, token = survey_form_fields(html)
        data = {**answer(fields, rng), "csrfmiddlewaretoken": token, "action": "next"}
        status, location, _body = browser.request("form page POST", "POST", path, data)
        if status != 302:
            return False
        if location.rstrip("/").endswith("/thanks"):
            status, _location, _body = browser.request("thank-you GET", "GET", location)
            return status == 200
        path = location
        status, _location, html = browser.request("form page GET", "GET", path)
    return False


def public_paths():
    from django.urls import reverse

    from initiatives.models import Initiative

    paths = [reverse("portal:home"), reverse("initiatives:list")]
    paths += [initiative.get_absolute_url() for initiative in Initiative.objects.public()[:5]]
    return paths


def resident(deadline, recorder, outcomes, seed):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        browser = Browser(PORTS, recorder, first_port=rng.randrange(len(PORTS)))  # a new browser: new cookies
        try:
            outcomes.append(submit_survey(browser, SURVEY, rng))
        except OSError as error:
            recorder.error("resident", error)
            outcomes.append(False)


def reader(deadline, recorder, paths, seed):
    rng = random.Random(seed)
    browser = Browser(PORTS, recorder, first_port=seed % len(PORTS))
    while time.monotonic() < deadline:
        try:
            browser.request("public page GET", "GET", rng.choice(paths))
        except OSError as error:
            recorder.error("reader", error)


def stored_responses():
    from surveys.models import Response

    return Response.objects.filter(survey__slug=SURVEY).count()


def run(seconds, clients, readers, servers=None):
    """Drive the servers already running; returns the report (a dict). With `servers` (their
    processes), the report has the servers' CPU time too."""
    from django.db import connection

    paths = public_paths()
    before = stored_responses()
    connection.close()
    recorder, outcomes = Recorder(), []
    started = time.monotonic()
    deadline = started + seconds
    threads = [threading.Thread(target=resident, args=(deadline, recorder, outcomes, n)) for n in range(clients)]
    threads += [threading.Thread(target=reader, args=(deadline, recorder, paths, n)) for n in range(readers)]
    with ServerCpu([server.pid for server in servers or ()], os.environ["DATABASE_URL"]) as cpu:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    after = stored_responses()
    submitted = sum(1 for outcome in outcomes if outcome)
    report = {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "readers": readers,
        "submissions_succeeded": submitted,
        "submissions_failed": len(outcomes) - submitted,
        "responses_stored": after - before,
        "submissions_per_second": round(submitted / elapsed, 1),
        "all_requests": summarise(recorder.rows, elapsed),
        "by_request": {
            label: summarise([row for row in recorder.rows if row[0] == label], elapsed)
            for label in sorted({row[0] for row in recorder.rows})
        },
        "server_cpu_ms": {"gunicorn": round(cpu.gunicorn_ms), "postgres": round(cpu.postgres_ms)},
        "cpu_ms_per_response": round((cpu.gunicorn_ms + cpu.postgres_ms) / max(after - before, 1), 1),
        "connection_errors": recorder.errors[:10],
        "connection_error_count": len(recorder.errors),
    }
    report["passed"] = (
        report["responses_stored"] == submitted
        and report["all_requests"]["status_5xx"] == 0
        and not recorder.errors
        and report["submissions_failed"] == 0
    )
    return report


def print_report(report):
    total = report["all_requests"]
    print(f"\nLoad test: {report['clients']} residents submitting, {report['readers']} readers, "
          f"{report['seconds']} s, two gunicorn instances, one database")
    print(f"  submissions that reached the thank-you page: {report['submissions_succeeded']} "
          f"({report['submissions_per_second']}/s); failed: {report['submissions_failed']}")
    print(f"  new responses stored in the database:         {report['responses_stored']}")
    print(f"  requests: {total['requests']} ({total['requests_per_second']}/s), p50 {total['p50_ms']} ms, "
          f"p99 {total['p99_ms']} ms (aim < {P99_AIM_MS}), 5xx: {total['status_5xx']}, 4xx: {total['status_4xx']}, "
          f"connection errors: {report['connection_error_count']}")
    cpu = report["server_cpu_ms"]
    print(f"  server CPU per complete response: {report['cpu_ms_per_response']} ms (aim <= {CPU_AIM_MS}; "
          f"gunicorn {cpu['gunicorn']} ms + PostgreSQL {cpu['postgres']} ms in all)")
    print(f"  {'request':18} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'5xx':>4}")
    for label, row in report["by_request"].items():
        print(f"  {label:18} {row['requests']:7} {row['requests_per_second']:7.1f} {row['p50_ms']:8.1f} "
              f"{row['p99_ms']:8.1f} {row['status_5xx']:4}")
    print("  NOTHING LOST, NO 5xx" if report["passed"] else "  FAILED: see the figures above")


def variant_environment(env, name):
    """The environment of variant `name` ("as-is", or swaps joined with "+"; "before" is --before's code)."""
    swapped = {variable for swap in SWAPS.values() for variable in swap}
    env = {key: value for key, value in env.items() if key not in swapped}
    for swap in name.split("+"):
        if swap != "before":
            env.update(SWAPS[swap])
    return env


def phase(env, args, code=BASE_DIR):
    """Servers started for this phase, warmed up with a few residents, then measured."""
    servers = start_servers(env, args.workers, code=code)
    try:
        run(WARM_UP_SECONDS, min(args.clients, 4), 0)
        return run(args.seconds, args.clients, args.readers, servers)
    finally:
        stop_servers(servers)


def compare(env, args):
    """Each variant once per round, in turn; returns {variant: [report per round]}."""
    variants = args.compare or COMPARED
    if args.before:
        variants = [*variants, "before"]
    reports = {name: [] for name in variants}
    for round_number in range(args.rounds):
        for name in variants:
            print(f"round {round_number + 1}: {name} ...", flush=True)
            code = args.before if name == "before" else BASE_DIR
            reports[name].append(phase(variant_environment(env, name), args, code))
    return reports


def print_comparison(reports, args):
    print(f"\nSide by side: {args.clients} residents, {args.readers} readers, {args.seconds} s a phase, "
          f"{args.rounds} round(s) interleaved; CPU ms per complete response (gunicorn + PostgreSQL, all rounds), "
          "p99 over all requests (median of the rounds)")
    print(f"  {'variant':44} {'responses':>9} {'lost':>4} {'resp/s':>7} {'CPU ms':>7} {'gunicorn':>8} "
          f"{'postgres':>8} {'p50 ms':>7} {'p99 ms':>7}")
    for name, rounds in reports.items():
        stored = sum(report["responses_stored"] for report in rounds)
        gunicorn = sum(report["server_cpu_ms"]["gunicorn"] for report in rounds)
        postgres = sum(report["server_cpu_ms"]["postgres"] for report in rounds)
        lost = sum(0 if report["passed"] else 1 for report in rounds)
        per_second = statistics.median(report["submissions_per_second"] for report in rounds)
        p50 = statistics.median(report["all_requests"]["p50_ms"] for report in rounds)
        p99 = statistics.median(report["all_requests"]["p99_ms"] for report in rounds)
        print(f"  {name:44} {stored:9} {lost:4} {per_second:7.1f} {(gunicorn + postgres) / max(stored, 1):7.1f} "
              f"{gunicorn / max(stored, 1):8.1f} {postgres / max(stored, 1):8.1f} {p50:7.0f} {p99:7.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50, help="residents submitting at the same time")
    parser.add_argument("--readers", type=int, default=4, help="visitors reading public pages")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--no-prepare", action="store_true", help="the bench database is ready already")
    parser.add_argument("--compare", nargs="*", metavar="VARIANT",
                        help=f"measure variants side by side (default: {' '.join(COMPARED)}; swaps: {' '.join(SWAPS)})")
    parser.add_argument("--rounds", type=int, default=2, help="with --compare: rounds of all variants, interleaved")
    parser.add_argument("--before", metavar="DIR", help="with --compare: also another checkout's code (its .venv)")
    args = parser.parse_args()
    env = bench_environment()
    if not args.no_prepare:
        prepare_database(env)
    setup_django(env)
    if args.compare is not None:
        reports = compare(env, args)
        print_comparison(reports, args)
        passed = all(report["passed"] for rounds in reports.values() for report in rounds)
        report = {"compare": reports, "load_average_after": load_average()}
    else:
        report = phase(env, args)
        report["load_average_after"] = load_average()
        print_report(report)
        passed = report["passed"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"Written to {out.relative_to(BASE_DIR)}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
