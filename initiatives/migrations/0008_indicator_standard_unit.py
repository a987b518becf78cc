"""Indicators take a unit from a plural-aware list (initiatives/units.py). Units typed before that
which the list has are moved to it; any other typed unit is kept as typed (shown as a label)."""

from django.db import migrations, models


# The typed units the portal knew (its demo and the old help text's examples), as the keys of
# initiatives.units.StandardUnit.
FROM_TYPED_TEXT = {
    "%": "percent",
    "people a day": "people_a_day",
    "people": "people",
    "businesses": "businesses",
    "units": "premises",
    "events a month": "events_a_month",
    "µg/m³": "micrograms_per_cubic_metre",
    "ug/m3": "micrograms_per_cubic_metre",
}


def units_to_list(apps, schema_editor):
    Indicator = apps.get_model("initiatives", "Indicator")
    for typed, key in FROM_TYPED_TEXT.items():
        Indicator.objects.filter(standard_unit="", unit__iexact=typed).update(standard_unit=key, unit="")


def units_back_to_text(apps, schema_editor):
    Indicator = apps.get_model("initiatives", "Indicator")
    for typed, key in FROM_TYPED_TEXT.items():  # the first spelling of a unit wins
        Indicator.objects.filter(standard_unit=key, unit="").update(unit=typed)


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0007_i12_files_private_storage'),
    ]

    operations = [
        migrations.AddField(
            model_name='indicator',
            name='standard_unit',
            field=models.CharField(blank=True, choices=[('percent', 'per cent (%)'), ('people_a_day', 'people a day'), ('people', 'people'), ('businesses', 'businesses'), ('premises', 'units (premises)'), ('events_a_month', 'events a month'), ('micrograms_per_cubic_metre', 'micrograms per cubic metre (µg/m³)')], help_text='Figures are written with this unit in every language (“188 businesses”).', max_length=40, verbose_name='unit'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='unit',
            field=models.CharField(blank=True, help_text='Only when the list has no fitting unit. It is shown as a label before the figure (“Visitors: 188”).', max_length=50, verbose_name='other unit'),
        ),
        migrations.RunPython(units_to_list, units_back_to_text),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('standard_unit', ''), _negated=True), models.Q(('unit', ''), _negated=True), _connector='OR'), name='indicator_has_a_unit', violation_error_message='Choose a unit from the list, or type one.'),
        ),
    ]
