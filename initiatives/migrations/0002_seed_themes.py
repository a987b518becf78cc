"""The programme's themes as DESIGN.md lists them; administrators add more in the admin."""
from django.db import migrations

THEMES = [
    ("economic-revival-and-financing", "Economic revival and financing"),
    ("housing", "Housing"),
    ("participation-and-ngos", "Participation and NGOs"),
    ("public-space-and-renovation", "Public space and renovation"),
    ("entrepreneurship-and-retail", "Entrepreneurship and retail"),
    ("vacant-premises", "Vacant premises"),
    ("marketing-and-events", "Marketing and events"),
    ("mobility", "Mobility"),
    ("culture", "Culture"),
    ("environment", "Environment"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("initiatives", "Theme")
    for order, (slug, name) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slug, defaults={"name": name, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
