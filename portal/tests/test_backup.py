"""The documented backup procedure (docs/backups.md) restores every row into an empty database,
and every uploaded file into an empty private store."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from committees.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _connection_arguments(name):
    database = settings.DATABASES["default"]
    arguments = ["--host", database.get("HOST") or "127.0.0.1", "--port", str(database.get("PORT") or 5432)]
    arguments += ["--username", database.get("USER") or "postgres", "--dbname", name]
    return arguments


def _server_connection(dbname):
    import psycopg2

    database = settings.DATABASES["default"]
    return psycopg2.connect(
        dbname=dbname, host=database.get("HOST") or "127.0.0.1", port=database.get("PORT") or 5432,
        user=database.get("USER") or "postgres", password=database.get("PASSWORD") or None,
    )


def _on_server(*statements):
    """Run statements outside any database of the portal's (creating or dropping one)."""
    server = _server_connection("postgres")
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        server.close()


def _row_counts(cursor):
    cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _archive_files(settings, tmp_path):
    """The files step of docs/backups.md: the private store into a tar archive, and back into an empty folder."""
    archive, restored = tmp_path / "files.tar.gz", tmp_path / "restored-files"
    subprocess.run(["tar", "-czf", str(archive), "-C", str(settings.PRIVATE_MEDIA_ROOT), "."], check=True)
    restored.mkdir()
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(restored)], check=True)
    return restored


def test_a_dump_restores_into_an_empty_database_with_every_row(settings, tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("The backup procedure needs pg_dump/pg_restore (apt-get install postgresql-client).")
    settings.DEBUG = True
    call_command("demo_data", verbosity=0)
    internal = DocumentFactory(is_public=False, file__data=b"%PDF-1.4 internal register of premises")
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    environment = {**os.environ, "PGPASSWORD": settings.DATABASES["default"].get("PASSWORD") or ""}
    dump = tmp_path / "portal.dump"
    with connection.cursor() as cursor:
        expected = _row_counts(cursor)
    assert sum(expected.values()) > 100

    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *_connection_arguments(source)],
                   check=True, env=environment)
    _on_server(f'DROP DATABASE IF EXISTS "{restored}"', f'CREATE DATABASE "{restored}"')
    restored_files = _archive_files(settings, tmp_path)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *_connection_arguments(restored), str(dump)],
                       check=True, env=environment)
        with _server_connection(restored) as restored_connection, restored_connection.cursor() as cursor:
            assert _row_counts(cursor) == expected
            cursor.execute("SELECT file FROM committees_document WHERE id = %s", [internal.pk])
            [name] = cursor.fetchone()
        assert (restored_files / name).read_bytes() == b"%PDF-1.4 internal register of premises"
        assert not (Path(settings.MEDIA_ROOT) / name).exists()
        restored_connection.close()
    finally:
        _on_server(f'DROP DATABASE IF EXISTS "{restored}"')
