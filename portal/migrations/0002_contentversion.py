from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("portal", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_roles")]
    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0, verbose_name="number")),
            ],
            options={"verbose_name": "content version", "verbose_name_plural": "content version"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
