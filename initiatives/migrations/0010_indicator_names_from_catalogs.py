# Indicators' names were shown through the gettext catalogs (initiatives.vocabulary); they are content
# now (core.translated). The names the catalogs translate (the demo's) keep their translations, written
# into the row, so every page reads as before.
# The rule is written out here, not imported, so this migration stays what it was when the code moves on.
from django.conf import settings
from django.db import migrations
from django.utils.translation import gettext, override


def catalog_translations(name):
    """{language: {"name": text}} for the languages whose catalog translates the English `name`."""
    found = {}
    for language, _label in settings.LANGUAGES:
        if language == "en":
            continue
        with override(language):
            translated = gettext(name) if name else name
        if translated and translated != name:
            found[language] = {"name": translated}
    return found


def names_from_catalogs(apps, schema_editor):
    Indicator = apps.get_model("initiatives", "Indicator")
    for indicator in Indicator.objects.filter(original_language="en"):
        found = catalog_translations(indicator.name)
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
