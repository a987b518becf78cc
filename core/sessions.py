"""Sessions in the database, in Django's own table and format, read and updated with one plain
statement each.

Every survey page a resident answers reads and saves their session, and so does every staff page.
Django's database store builds an ORM query for each and wraps an update in BEGIN ... COMMIT;
here a read is one SELECT and an update one UPDATE, which is atomic by itself (Django's transaction
is there for a failed insert of a new key, and creating a session still goes through it). Measured
side by side (bench/README.md), this is most of what a survey's final submit saves.

The class keeps Django's name, so the signing salt is the same and sessions made before stay valid;
creating, deleting and clearing expired sessions are Django's own.
"""
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _table(self):
        """(connection, quoted table name, quoted column names) of the session model."""
        connection = connections[router.db_for_write(self.model)]
        quote = connection.ops.quote_name
        fields = ("session_key", "session_data", "expire_date")
        return connection, quote(self.model._meta.db_table), *(quote(self.model._meta.get_field(f).column) for f in fields)

    def load(self):
        connection, table, key, data, expires = self._table()
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s", [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # unknown or expired: a new key is made when it is saved
            return {}
        return self.decode(row[0])

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        encoded = self.encode(self._get_session())
        connection, table, key, data, expires = self._table()
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {data} = %s, {expires} = %s WHERE {key} = %s",
                [encoded, connection.ops.adapt_datetimefield_value(self.get_expiry_date()), self.session_key],
            )
            # Deleted meanwhile (signed out in another tab): UpdateError, as Django's store raises.
            # Django's store also turns any other database error here into UpdateError (a 400);
            # here such an error stays what it is (a 500, logged).
            if not cursor.rowcount:
                raise UpdateError
