"""Nothing stored joins a response to the invitation code it used: a code keeps only whether it
was used (the time it was used was the response's time), and responses and answers get random
ids instead of a sequence (whose order is the order of submission). Existing rows are converted
by the next migration."""
from django.db import migrations, models
from django.db.models.functions import Cast, Floor, Random

import surveys.models


def random_id(low, span):
    """The database's default for rows inserted by SQL that names no id: low + a random part of span."""
    return Cast(Floor(Random() * models.Value(span)) + models.Value(low), models.BigIntegerField())


def used_flag_from_time(apps, schema_editor):
    Invitation = apps.get_model("surveys", "Invitation")
    Invitation.objects.filter(used_at__isnull=False).update(is_used=True)


def used_time_from_flag(apps, schema_editor):
    """Back: the time of use is not known any more; the code's creation time stands in for it."""
    Invitation = apps.get_model("surveys", "Invitation")
    Invitation.objects.filter(is_used=True).update(used_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0006_i12_writes_edit_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='is_used',
            field=models.BooleanField(default=False, verbose_name='used'),
        ),
        migrations.RunPython(used_flag_from_time, used_time_from_flag),
        migrations.RemoveField(
            model_name='invitation',
            name='used_at',
        ),
        migrations.AlterModelOptions(
            name='response',
            options={'ordering': ['survey', 'pk'], 'verbose_name': 'response', 'verbose_name_plural': 'responses'},
        ),
        migrations.AlterField(
            model_name='answer',
            name='id',
            field=models.BigIntegerField(
                default=surveys.models.new_answer_id, db_default=random_id(1, 9.2e18),
                editable=False, primary_key=True, serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name='response',
            name='id',
            field=models.BigIntegerField(
                default=surveys.models.new_response_id, db_default=random_id(100000000000000, 900000000000000.0),
                editable=False, primary_key=True, serialize=False,
            ),
        ),
        migrations.RemoveIndex(model_name='response', name='response_survey_time'),
        migrations.AddIndex(
            model_name='response',
            index=models.Index(fields=['survey', 'submitted_at'], include=['id'], name='response_survey_time'),
        ),
        migrations.AlterField(
            model_name='response',
            name='submitted_at',
            field=models.DateTimeField(default=surveys.models.submission_hour, help_text='The hour only, not the exact time.', verbose_name='submitted at'),
        ),
    ]
