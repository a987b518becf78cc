"""Existing responses: their times cut to the (local) hour, and new random ids for responses and
answers, the answers' references moved along (the foreign key is checked at commit). One way only:
the exact times and the old order are what must not be kept."""
import secrets

from django.conf import settings
from django.db import migrations

import surveys.models


def random_ids(count, new_id):
    ids = set()
    while len(ids) < count:
        ids.add(new_id())
    return list(ids)


def renumber(schema_editor, table, new_id, references=()):
    """Give every row of `table` a new random id; `references` are (table, column) pointing at it."""
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {quote(table)}")
        old = [row[0] for row in cursor.fetchall()]
        new = random_ids(len(old), new_id)
        secrets.SystemRandom().shuffle(new)
        for other_table, column in references:
            cursor.execute(
                f"UPDATE {quote(other_table)} AS t SET {quote(column)} = m.new "
                f"FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) WHERE t.{quote(column)} = m.old",
                [old, new],
            )
        cursor.execute(
            f"UPDATE {quote(table)} AS t SET id = m.new "
            f"FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) WHERE t.id = m.old",
            [old, new],
        )


def forget_order_and_time(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE surveys_response SET submitted_at = "
            "date_trunc('hour', submitted_at AT TIME ZONE %s) AT TIME ZONE %s",
            [settings.TIME_ZONE, settings.TIME_ZONE],
        )
    renumber(schema_editor, "surveys_response", surveys.models.new_response_id, [("surveys_answer", "response_id")])
    renumber(schema_editor, "surveys_answer", surveys.models.new_answer_id)


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0007_i12_anon_anonymous_responses'),
    ]

    operations = [
        migrations.RunPython(forget_order_and_time, migrations.RunPython.noop),
    ]
