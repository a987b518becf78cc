"""`make bench`: the portal's pages against same-stack baselines, measured side by side in one run.

Starts two gunicorn instances on 127.0.0.1 (the database is the only state they share) and
measures, one after the other in the same run:

- GET pages with wrk: the baselines (a constant page, one query's rows, the same rows in the
  portal's layout) and the portal's main pages, as requests/s and as a ratio to the one-query
  baseline (aim: public pages at least 0.50);
- POSTs with one Python client (bench/client.py): the one-transaction insert baseline, the
  survey's final submit, and between them the floor under any multi-page form's last POST
  (session read and saved, one insert), to show what is the submit's own (no aim: the survey's
  aims are the load test's, server CPU per complete response and p99, bench/load_test.py);
- every page type's query count (bench/pages.py), in this process;
- unless --skip-growth, the summary and the survey results at 1×, 10× and 100× data
  (bench/growth.py, run first on copies of the fresh database, reported last).
- unless --skip-growth, the monthly vacancy series over 2,000 and 20,000 units with ten years of
  status history, and the size of the plan with 500 markers (bench/vacancy_series.py, on databases
  of their own, reported last).

Results go to bench/results/ as JSON. Only loopback addresses are contacted; every run stops by itself.
"""
import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import (  # noqa: E402
    BASE_DIR, PORTS, RESULTS, bench_environment, load_average, prepare_database, require_wrk, setup_django,
    start_servers, stop_servers,
)

PUBLIC_AIM = 0.50
SUBMIT = "survey submit"  # the --only name of the POST measurements
SESSIONS_PER_SECOND = 1000  # prepared sessions per second of a POST measurement: more than the servers take


def wrk(url, seconds, connections, cookie=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    return parse_wrk(output)


def _milliseconds(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output):
    result = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for label in ("50", "99"):
        match = re.search(rf"^\s+{label}%\s+(\S+)", output, re.MULTILINE)
        result[f"p{label}_ms"] = round(_milliseconds(match.group(1)), 1) if match else None
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    return result


def measure_pages(pages, counts, args):
    from bench.pages import signed_in_cookie

    cookies = {}
    rows = []
    for index, (name, path, username) in enumerate(pages):
        if username and username not in cookies:
            cookies[username] = signed_in_cookie(username)
        port = PORTS[index % len(PORTS)]
        figures = wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections, cookies.get(username))
        rows.append({"page": name, "path": path, "signed_in_as": username, "queries": counts.get(name), **figures})
        print(f"  measured {name}: {figures['requests_per_second']:.0f} req/s", flush=True)
    return rows


def measure_posts(args, plan, session_keys, floor_keys):
    from bench.posts import FLOOR, INSERT, SUBMIT as SUBMIT_ROW
    from bench.posts import measure_insert_baseline, measure_session_floor, measure_survey_submit

    insert = measure_insert_baseline(PORTS, args.post_seconds, args.connections)
    print(f"  measured one-transaction insert: {insert['requests_per_second']:.0f} req/s", flush=True)
    floor = measure_session_floor(PORTS, args.post_seconds, args.connections, plan, floor_keys)
    print(f"  measured the floor (session + one insert): {floor['requests_per_second']:.0f} req/s", flush=True)
    submit = measure_survey_submit(PORTS, args.post_seconds, args.connections, plan, session_keys)
    print(f"  measured survey submit: {submit['requests_per_second']:.0f} req/s", flush=True)
    return [{"page": INSERT, **insert}, {"page": FLOOR, **floor}, {"page": SUBMIT_ROW, **submit}]


def print_table(title, rows, baseline_name, aim, aim_applies):
    base = next(row for row in rows if row["page"] == baseline_name)
    baseline, baseline_cpu = base["requests_per_second"], base["cpu_ms"]
    print(f"\n{title}")
    print(f"{'page':50} {'req/s':>7} {'ratio':>6} {'aim':>5} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7} {'errors':>6}"
          f" {'CPU ms':>7} {'CPU ratio':>9} {'rendered CPU ms':>15}")
    for row in rows:
        row["ratio"] = round(row["requests_per_second"] / baseline, 2) if baseline else None
        row["cpu_ratio"] = round(baseline_cpu / row["cpu_ms"], 2) if row["cpu_ms"] else None
        has_aim = aim_applies(row)
        row["meets_aim"] = (row["ratio"] >= aim) if has_aim else None
        mark = "" if not has_aim else ("ok" if row["meets_aim"] else "MISS")
        errors = row.get("non_2xx", 0) + row.get("unexpected_status", 0) + row.get("connection_errors", 0)
        queries = row.get("queries")
        print(
            f"{row['page']:50} {row['requests_per_second']:7.0f} {row['ratio'] or 0:6.2f} {mark:>5} "
            f"{row['p50_ms'] or 0:7.1f} {row['p99_ms'] or 0:7.1f} {'-' if queries is None else queries:>7} {errors:>6}"
            f" {row['cpu_ms'] or 0:7.1f} {row['cpu_ratio'] or 0:9.2f} {row.get('cpu_rendered_ms') or 0:15.1f}"
        )
    return rows


def _selected(only):
    """Whether a page (or SUBMIT) is measured: all of them unless --only names some."""
    from bench.pages import MEASURED

    unknown = set(only or ()) - set(MEASURED) - {SUBMIT}
    if unknown:
        raise SystemExit(f"Unknown page for --only: {', '.join(sorted(unknown))} (one of: {', '.join(MEASURED)}, {SUBMIT})")
    return lambda name: not only or name in only


def print_cpu(measured, counts, cpu, submit, rendered_cpu, served_counts):
    """--cpu-only: the in-process figures, the one-query baseline and the insert baseline (and floor) beside them.
    Queries and CPU as served (an anonymous visitor's repeat visit comes from the page cache) and as
    rendered (the page cache off)."""
    print(f"\nIn this process ({load_average()} load average): queries rendered/served, median CPU ms per request "
          "served and rendered, CPU ratio (the baseline's CPU ms over the page's, as served)")
    baseline = cpu["baseline: one query"]
    rows = [(name, f"{counts.get(name)}/{served_counts.get(name, counts.get(name))}", cpu[name], rendered_cpu[name], baseline)
            for name, _path, _user in measured]
    if submit:
        from bench.posts import FLOOR, INSERT, SUBMIT as SUBMIT_ROW

        rows += [(name, "-", cpu[name], cpu[name], cpu[INSERT]) for name in (INSERT, FLOOR, SUBMIT_ROW)]
    for name, queries, cpu_ms, rendered_ms, base in rows:
        ratio = base / cpu_ms if cpu_ms else 0
        print(f"{name:50} {queries:>7} {cpu_ms:7.1f} {rendered_ms:7.1f} {ratio:9.2f}")


def print_query_budget(pages, counts):
    print("\nQuery budget: every page type, opened once in this process after a warm-up")
    print(f"{'page':36} {'signed in as':12} {'queries':>7}  path")
    for name, _url_name, path, username in pages:
        shown = path if len(path) <= 80 else f"{path[:60]}… ({len(path):,} characters)"
        print(f"{name:36} {username or '-':12} {counts[name]!s:>7}  {shown}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per GET page")
    parser.add_argument("--post-seconds", type=int, default=15, help="duration of each POST measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--skip-growth", action="store_true", help="leave out the 1×/10×/100× growth figures")
    parser.add_argument("--only", action="append", metavar="PAGE",
                        help="measure only this page (a name of bench/pages.py MEASURED, or 'survey submit'); "
                             "repeatable; the baselines are always measured, the growth figures never")
    parser.add_argument("--cpu-only", action="store_true",
                        help="only the in-process figures (CPU ms, queries): no gunicorn, no wrk, no growth")
    parser.add_argument("--keep-database", action="store_true",
                        help="reuse the bench database as it is (quicker; earlier runs' responses stay in it)")
    args = parser.parse_args()
    args.skip_growth = args.skip_growth or args.cpu_only or bool(args.only)
    if not args.cpu_only:
        require_wrk()

    env = bench_environment()
    prepare_database(env, fresh=not args.keep_database)
    growth = None
    if not args.skip_growth:
        # First, while no connection to the fresh database is open: the growth databases are copies of it.
        print("Growth databases (1×, 10×, 100×) …", flush=True)
        growth = subprocess.run([sys.executable, str(BASE_DIR / "bench" / "growth.py"), "--reuse"], cwd=BASE_DIR,
                                check=True, stdout=subprocess.PIPE, text=True).stdout
        print("Vacancy series databases (1×, 10×) …", flush=True)
        growth += subprocess.run([sys.executable, str(BASE_DIR / "bench" / "vacancy_series.py"), "--reuse"],
                                 cwd=BASE_DIR, check=True, stdout=subprocess.PIPE, text=True).stdout
    setup_django(env)
    from bench.pages import (
        BASELINES, MEASURED, SEARCHES, Clients, Demo, page_cpu, page_types, query_counts, rendered, uncovered_url_names,
    )
    from bench.posts import (
        SUBMIT as SUBMIT_ROW, SubmitPlan, discard_sessions, floor_session_data, post_cpu, prepare_submit_sessions,
    )

    demo = Demo()
    every_page = page_types(demo)
    clients = Clients()
    with rendered():  # the query budget: what rendering a page costs, whatever the page cache holds
        counts = query_counts(every_page, clients)
    by_name = {name: (name, path, username) for name, _url_name, path, username in every_page}
    selected = _selected(args.only)
    measured = BASELINES + [by_name[name] for name in MEASURED if selected(name)]
    cpu = page_cpu(measured, clients)
    with rendered():
        cpu_rendered = page_cpu(measured, clients)
    served_counts = query_counts([page for page in every_page if page[0] in {name for name, _p, _u in measured}], clients)
    plan = SubmitPlan(demo.survey)
    count = 20 if args.cpu_only else args.post_seconds * SESSIONS_PER_SECOND
    session_keys = prepare_submit_sessions(plan, count)
    floor_keys = prepare_submit_sessions(plan, count, data=floor_session_data(plan))
    cpu.update(post_cpu(plan, session_keys[:20], floor_keys[:20]))
    session_keys, floor_keys = session_keys[20:], floor_keys[20:]
    counts.update({"baseline: constant page": 0, "baseline: one query": 1, "baseline: one query, portal layout": 1})
    if args.cpu_only:
        print_cpu(measured, counts, cpu, submit=selected(SUBMIT), rendered_cpu=cpu_rendered, served_counts=served_counts)
        discard_sessions(session_keys + floor_keys)
        return

    load_before = load_average()
    servers = start_servers(env, args.workers)
    try:
        get_rows = measure_pages(measured, counts, args)
        post_rows = measure_posts(args, plan, session_keys, floor_keys) if selected(SUBMIT) else []
    finally:
        stop_servers(servers)
    for row in get_rows + post_rows:
        row["cpu_ms"] = cpu.get(row["page"])
        row["cpu_rendered_ms"] = cpu_rendered.get(row["page"])
        if served_counts.get(row["page"], row.get("queries")) != row.get("queries"):
            row["queries"] = f"{row['queries']}/{served_counts[row['page']]}"
    load_after = load_average()
    discard_sessions(session_keys + floor_keys)

    print(f"\nAll figures from one run on this machine ({load_before} load average before, {load_after} after)."
          "\nCPU ms: median CPU time of one request in a single Django process (no server, no load generator);"
          "\nCPU ratio: the baseline's CPU ms over the page's, the steadier figure when the machine is shared.")
    public = {name for name, _path, username in measured
              if username is None and not name.startswith("baseline") and name not in SEARCHES}
    print_table("GET pages (wrk, %d connections, %d s each); ratio to the one-query baseline, aim %.2f for public pages"
                % (args.connections, args.seconds, PUBLIC_AIM),
                get_rows, "baseline: one query", PUBLIC_AIM, lambda row: row["page"] in public)
    if post_rows:
        print_table("POST (Python client, %d threads, %d s each); ratio to the one-transaction insert, no aim "
                    "(the survey's aims are the load test's)" % (args.connections, args.post_seconds),
                    post_rows, "baseline: one-transaction insert (POST)", 0, lambda row: False)
        submit = next(row for row in post_rows if row["page"] == SUBMIT_ROW)
        print(f"  survey submits answered 302 → thank-you: {submit['requests'] - submit['unexpected_status']}, "
              f"responses stored: {submit['responses_stored']}")
    print_query_budget(every_page, counts)
    missing = uncovered_url_names(every_page)
    if missing:
        print(f"  Not in bench/pages.py yet (add them): {', '.join(missing)}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    report = {"settings": vars(args), "load_average": [load_before, load_after], "get": get_rows, "post": post_rows,
              "query_counts": counts}
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nWritten to {out.relative_to(BASE_DIR)}")
    if growth:
        print(growth)


if __name__ == "__main__":
    main()
