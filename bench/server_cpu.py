"""The servers' CPU time during a load test: the gunicorn processes (masters and workers) and the
PostgreSQL backends serving the bench database, read from /proc/<pid>/stat (utime + stime).

A sampling thread reads them twice a second and keeps the last figure of every process it has
seen, so a backend that ends during the run (Django closes a connection after CONN_MAX_AGE) loses
at most half a second, and one that starts is counted from zero. Workers that end are counted by
their master (cutime + cstime). PostgreSQL's own background processes (checkpointer, WAL writer,
autovacuum) serve every database on the server, others' test suites too, and are left out.
"""
import os
import threading
import urllib.parse
from pathlib import Path

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """(utime + stime, cutime + cstime, parent pid) in clock ticks, or None once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[1])


def _children(parent):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat and stat[2] == parent:
                pids.append(int(entry.name))
    return pids


class ServerCpu:
    """with ServerCpu(masters, database_url) as cpu: ...; then cpu.gunicorn_ms, cpu.postgres_ms."""

    def __init__(self, masters, database_url, interval=0.5):
        self.masters, self.database_url, self.interval = list(masters), database_url, interval
        self.first, self.last = {}, {}  # (kind, pid) -> ticks
        self.stop = threading.Event()

    def __enter__(self):
        import psycopg2

        parts = urllib.parse.urlsplit(self.database_url)
        self.connection = psycopg2.connect(
            host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password,
            dbname=parts.path.lstrip("/"),
        )
        self.connection.autocommit = True
        self.sample(first=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.sample()
        self.connection.close()

    def _run(self):
        while not self.stop.wait(self.interval):
            self.sample()

    def _backends(self):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            return [row[0] for row in cursor.fetchall()]

    def sample(self, first=False):
        seen = {}
        for master in self.masters:
            stat = _stat(master)
            if stat:
                seen[("gunicorn", master)] = stat[0] + stat[1]  # its own time and its ended workers'
            for worker in _children(master):
                stat = _stat(worker)
                if stat:
                    seen[("gunicorn", worker)] = stat[0]
        for backend in self._backends():
            stat = _stat(backend)
            if stat:
                seen[("postgres", backend)] = stat[0]
        for key, ticks in seen.items():
            if first:
                self.first[key] = ticks
            self.last[key] = ticks

    def milliseconds(self, kind):
        return sum(ticks - self.first.get(key, 0) for key, ticks in self.last.items() if key[0] == kind) * TICK_MS

    @property
    def gunicorn_ms(self):
        return self.milliseconds("gunicorn")

    @property
    def postgres_ms(self):
        return self.milliseconds("postgres")
