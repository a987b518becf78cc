# Indicators' names were shown through the gettext catalogs (initiatives.vocabulary); they are content
# now (core.translated). The names the catalogs translate (the demo's) keep their translations, written
# into the row, so every page reads as before.
from django.db import migrations

from core.translated import catalog_translations


def names_from_catalogs(apps, schema_editor):
    Indicator = apps.get_model("initiatives", "Indicator")
    for indicator in Indicator.objects.filter(original_language="en"):
        found = catalog_translations({"name": indicator.name})
        if found:
            indicator.translations = {**found, **(indicator.translations or {})}
            indicator.save(update_fields=["translations"])


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0009_content_languages"),
    ]

    operations = [
        migrations.RunPython(names_from_catalogs, migrations.RunPython.noop),
    ]
