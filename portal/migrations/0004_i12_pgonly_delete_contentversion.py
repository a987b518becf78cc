from django.db import migrations


class Migration(migrations.Migration):
    """The content version row served SQLite only; on PostgreSQL the number is a sequence (0003)."""

    dependencies = [("portal", "0003_content_version_sequence")]
    operations = [migrations.DeleteModel(name="ContentVersion")]
