"""The home-made parts the portal had until issue 14, kept here only so that `make bench` can
measure them side by side with the stock parts that replaced them (bench/load_test.py --compare).
Nothing outside bench/ uses them.

- `SessionStore`: sessions in Django's table and format, read with one SELECT and updated with one
  UPDATE (no ORM query, no BEGIN ... COMMIT). Swapped in with BENCH_SESSION_ENGINE=bench.home_made.
- `response_submit_in_one_statement`: the response and its answers written by one data-modifying
  WITH over unnest() arrays, the survey's opening dates checked inside it. Swapped in for
  surveys.services.response_submit with BENCH_RESPONSE_INSERT=statement (bench/urls.py).
"""
from contextlib import nullcontext
from functools import lru_cache

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionStore(DatabaseSessionStore):
    def _table(self):
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
            self._session_key = None
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
            if not cursor.rowcount:
                raise UpdateError


def install_one_statement_insert():
    """Replace surveys.services.response_submit (called by the answer pages through the module)."""
    from surveys import services

    services.response_submit = response_submit_in_one_statement


def response_submit_in_one_statement(*, survey, answers, language="", invitation_hash=None, browser_secret=None, now=None):
    """As the portal's submit did before issue 14: the caller's survey is trusted to be fresh, the
    statement checks the dates; an invitation's or a browser's claim is written in the same
    transaction as the statement."""
    from surveys import services
    from surveys.models import Response, Survey, submission_hour

    now = now or timezone.now()
    response = Response(survey=survey, submitted_at=submission_hour(now), language=language[:10])
    rows = [
        (row["question"].pk, row["choice"].pk if row.get("choice") else None, row.get("number"), row.get("text", ""))
        for question, value in answers.items() for row in services._answer_rows(question, value)
    ]
    if survey.access == Survey.Access.INVITATION:
        with transaction.atomic():
            services._invitation_claim(survey=survey, invitation_hash=invitation_hash)
            _insert(response, rows, now)
    elif survey.access == Survey.Access.ONE_PER_BROWSER and browser_secret:
        with transaction.atomic():
            services._browser_claim(survey=survey, browser_secret=browser_secret)
            _insert(response, rows, now)
    else:
        _insert(response, rows, now)
    return response


def _insert(response, rows, now):
    from surveys.models import new_answer_id

    columns = list(zip(*rows)) or [(), (), (), ()]
    answer_ids = [new_answer_id() for _row in rows]
    with transaction.atomic() if connection.in_atomic_block else nullcontext(), connection.cursor() as cursor:
        cursor.execute(
            _statement(),
            [response.pk, response.submitted_at, response.language, response.survey_id, now, now, answer_ids,
             *(list(column) for column in columns)],
        )
        row = cursor.fetchone()
    if row is None:
        from surveys.services import SurveyNotOpen

        raise SurveyNotOpen(_("This survey is not taking answers at the moment."))


@lru_cache(maxsize=1)
def _statement():
    from surveys.models import Answer, Response, Survey

    def column(model, name):
        return connection.ops.quote_name(model._meta.get_field(name).column)

    return """
WITH response AS (
    INSERT INTO {response} ({response_id}, {survey}, {submitted_at}, {language})
    SELECT %s, {survey_id}, %s, %s FROM {survey_table}
    WHERE {survey_id} = %s AND {is_published} AND {opens_at} <= %s AND {closes_at} > %s
    RETURNING {response_id}
), answers AS (
    INSERT INTO {answer} ({answer_id}, {answer_response}, {question}, {choice}, {number}, {text})
    SELECT given.id, response.{response_id}, given.question, given.choice, given.number, given.text
    FROM response,
         unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::numeric[], %s::text[])
         AS given(id, question, choice, number, text)
)
SELECT {response_id} FROM response
""".format(
        response=connection.ops.quote_name(Response._meta.db_table),
        survey_table=connection.ops.quote_name(Survey._meta.db_table),
        survey_id=column(Survey, "id"),
        **{name: column(Survey, name) for name in ("is_published", "opens_at", "closes_at")},
        answer=connection.ops.quote_name(Answer._meta.db_table),
        answer_id=column(Answer, "id"),
        response_id=column(Response, "id"),
        **{name: column(Response, name) for name in ("survey", "submitted_at", "language")},
        answer_response=column(Answer, "response"),
        **{name: column(Answer, name) for name in ("question", "choice", "number", "text")},
    )
