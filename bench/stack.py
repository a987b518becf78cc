"""The benchmark stack: the environment of the bench servers, their database, and two gunicorn
instances on 127.0.0.1 that share nothing but PostgreSQL (and the Redis cache of rate limits).

Used by bench/run.py (page figures) and bench/load_test.py (nothing lost under load).
"""
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
# Another pair with BENCH_PORTS=8711,8712 (two benchmarks on one machine).
PORTS = tuple(int(port) for port in os.environ.get("BENCH_PORTS", "8701,8702").split(","))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def bench_environment(database_url=None):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE="False",
        DJANGO_STATIC_MANIFEST="True",
        DATABASE_URL=database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        # Many clients share one address here: lift the submission limits for the run.
        PORTAL_SUBMISSIONS_PER_MINUTE="1000000",
        PORTAL_SUBMISSIONS_PER_ADDRESS_PER_MINUTE="1000000",
        DJANGO_LOG_LEVEL="ERROR",
    )
    return env


def require_wrk():
    """wrk drives the GET pages. Installed from Debian when missing and allowed (root), else explained."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (apt-get install wrk) …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
    if not shutil.which("wrk"):
        raise SystemExit("The benchmarks need wrk: sudo apt-get install wrk")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def database_name(url):
    return urllib.parse.urlsplit(url).path.lstrip("/")


def recreate_database(url, template=None):
    """Drop the benchmark database `url` names and create it again (empty, or as a copy of `template`)."""
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    name = database_name(url)
    if not name.startswith("portal_bench") and not name.startswith("portal_growth"):
        raise SystemExit(f"Refusing to drop {name}: benchmark databases are named portal_bench… or portal_growth…")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin.close()


def prepare_database(env, fresh=True):
    """Migrated, demo town loaded, static files collected, the insert baseline's table.

    Fresh by default: earlier runs added thousands of responses, and 1× must mean the demo town."""
    if fresh:
        recreate_database(env["DATABASE_URL"])
    manage(env, "ensure_database")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demo_data", "--allow-production", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(
        env, "shell", "-v", "0", "-c",
        "from django.db import connection; connection.cursor().execute("
        "'CREATE TABLE IF NOT EXISTS bench_insert (id bigserial primary key, created_at timestamptz, payload text)')",
    )


def setup_django(env):
    """Configure Django in this process against the bench database (to count rows, make sessions)."""
    os.environ.update(env)
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def start_servers(env, workers, code=BASE_DIR):
    """Two gunicorn instances serving the portal's code in the folder `code` (this one, or another
    checkout of the portal, to measure its code against the same database)."""
    servers = []
    for port in PORTS:
        servers.append(
            subprocess.Popen(
                [str(Path(code) / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", str(workers), "--log-level", "warning", "--backlog", "256",
                 # No limit on the request line (4 KB by default), so the 10,000-character search
                 # rows of bench/pages.py reach the portal instead of gunicorn's 400.
                 "--limit-request-line", "0"],
                cwd=code, env=env, start_new_session=True,
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
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        server.wait(timeout=20)


def load_average():
    return round(os.getloadavg()[0], 1)
