from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_contentversion")]
    # core.content: the content version is a sequence (no row lock between editors).
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS portal_content_version", "DROP SEQUENCE IF EXISTS portal_content_version"
        )
    ]
