"""`make bench`: the portal's pages against same-stack baselines, measured side by side in one run.

Starts two gunicorn instances on 127.0.0.1 (the database is the only state they share), drives
them with wrk for a bounded time per page, and prints requests/s, latency and each page's ratio
to the one-query baseline, plus every page's query count. Results also go to bench/results/.
Only loopback addresses are ever contacted; every run stops by itself.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
PORTS = (8701, 8702)


def bench_environment():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE="False",
        DJANGO_STATIC_MANIFEST="True",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        # Many clients share one address here: lift the per-client submission limit for the run.
        PORTAL_SUBMISSIONS_PER_MINUTE="1000000",
    )
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare_database(env):
    manage(env, "ensure_database")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo_data", "--allow-production", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env, "shell", "-c",
        "from django.db import connection; connection.cursor().execute("
        "'CREATE TABLE IF NOT EXISTS bench_insert (id bigserial primary key, created_at timestamptz, payload text)')",
    )


def start_servers(env, workers):
    servers = []
    for port in PORTS:
        servers.append(
            subprocess.Popen(
                [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", str(workers), "--log-level", "warning"],
                cwd=BASE_DIR, env=env, start_new_session=True,
            )
        )
    deadline = time.monotonic() + 30
    for port in PORTS:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/constant/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    stop_servers(servers)
                    raise SystemExit(f"gunicorn on port {port} did not start")
                time.sleep(0.3)
    return servers


def stop_servers(servers):
    for server in servers:
        os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        server.wait(timeout=20)


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
        result[f"p{label}_ms"] = round(_milliseconds(match.group(1)), 2) if match else None
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("The benchmarks need wrk: sudo apt-get install wrk")

    env = bench_environment()
    prepare_database(env)
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from bench.pages import bench_pages, query_counts, signed_in_cookie

    pages = bench_pages()
    counts = query_counts(pages)
    cookie = signed_in_cookie("mayor")
    servers = start_servers(env, args.workers)
    rows = []
    try:
        for index, (name, path, needs_login) in enumerate(pages):
            port = PORTS[index % len(PORTS)]
            figures = wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections, cookie if needs_login else None)
            rows.append({"page": name, "path": path, "queries": counts.get(name), **figures})
            print(f"  measured {name}: {figures['requests_per_second']:.0f} req/s", flush=True)
    finally:
        stop_servers(servers)

    baseline = next(row for row in rows if row["page"] == "baseline: one query")["requests_per_second"]
    print(f"\n{'page':34} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p99 ms':>8} {'queries':>7} {'non-2xx':>7}")
    for row in rows:
        row["ratio_to_one_query"] = round(row["requests_per_second"] / baseline, 2)
        print(
            f"{row['page']:34} {row['requests_per_second']:8.0f} {row['ratio_to_one_query']:6.2f} "
            f"{row['p50_ms'] or 0:8.1f} {row['p99_ms'] or 0:8.1f} {row['queries'] if row['queries'] is not None else '-':>7} "
            f"{row['non_2xx']:>7}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"settings": vars(args), "rows": rows}, indent=2))
    print(f"\nWritten to {out.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
