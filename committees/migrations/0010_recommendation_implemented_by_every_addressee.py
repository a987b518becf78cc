"""A recommendation is "implemented" only when every addressee has implemented it (Recommendation.outcome):
those stored as implemented because one addressee did are "accepted" again, and the others' implementation
day is the day the last addressee implemented it."""
from django.db import migrations
from django.db.models import F, Min


def implemented_by_every_addressee(apps, schema_editor):
    Recommendation = apps.get_model("committees", "Recommendation")
    AddresseeReply = apps.get_model("committees", "AddresseeReply")
    for recommendation in Recommendation.objects.filter(status="implemented"):
        statuses = set(recommendation.addressees.values_list("status", flat=True))
        if statuses and statuses != {"implemented"}:
            changes = {"status": "accepted", "implemented_on": None}
        else:
            days = (AddresseeReply.objects.filter(addressee__recommendation=recommendation, kind="implemented")
                    .values("addressee_id").annotate(day=Min("received_on")).values_list("day", flat=True))
            last = max(days, default=recommendation.implemented_on)
            if last == recommendation.implemented_on:
                continue
            changes = {"implemented_on": last}
        Recommendation.objects.filter(pk=recommendation.pk).update(version=F("version") + 1, **changes)


class Migration(migrations.Migration):

    dependencies = [
        ("committees", "0009_document_description"),
    ]

    operations = [
        migrations.RunPython(implemented_by_every_addressee, migrations.RunPython.noop),
    ]
