from django.db import migrations


def create_sequence(apps, schema_editor):
    # portal.content: on PostgreSQL the content version is a sequence (no row lock between editors).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS portal_content_version")


def drop_sequence(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS portal_content_version")


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_contentversion")]
    operations = [migrations.RunPython(create_sequence, drop_sequence)]
