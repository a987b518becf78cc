"""Starting points for the history of what existed before it was kept.

Budget lines, milestones and targets that already exist get one record each, marked with the
reason "history started" (initiatives.history.BASELINE): never shown, it is what their first
recorded change is compared with, so that change reads "from 10,000 to 12,000" rather than
"now 12,000". The initiatives' earlier records get the partners the initiative has now: who added
a partner before today is not known, and an empty list there would show every partner as added
at the next save.
"""
from collections import defaultdict

from django.db import migrations
from django.utils import timezone

BASELINE = "history started"  # initiatives.history.BASELINE (a migration does not import app code)
CHILDREN = ("FundingLine", "Milestone", "Target")


def record_what_is_there(apps, schema_editor):
    now = timezone.now()
    for name in CHILDREN:
        model = apps.get_model("initiatives", name)
        historical = apps.get_model("initiatives", f"Historical{name}")
        columns = [field.attname for field in model._meta.concrete_fields]
        historical.objects.bulk_create(
            (
                historical(history_date=now, history_type="+", history_change_reason=BASELINE,
                           **{column: getattr(child, column) for column in columns})
                for child in model.objects.iterator()
            ),
            batch_size=500,
        )
    initiative = apps.get_model("initiatives", "Initiative")
    records = apps.get_model("initiatives", "HistoricalInitiative")
    kept_partners = apps.get_model("initiatives", "HistoricalInitiative_partners")
    partners = defaultdict(list)
    for row in initiative.partners.through.objects.all():
        partners[row.initiative_id].append(row)
    kept_partners.objects.bulk_create(
        (
            kept_partners(history_id=history_id, id=row.id, initiative_id=row.initiative_id,
                          organisation_id=row.organisation_id)
            for history_id, initiative_id in records.objects.values_list("history_id", "id").iterator()
            for row in partners[initiative_id]
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0004_child_history"),
    ]

    operations = [
        migrations.RunPython(record_what_is_there, migrations.RunPython.noop),
    ]
