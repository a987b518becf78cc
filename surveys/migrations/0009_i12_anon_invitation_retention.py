from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0008_i12_anon_renumber_responses'),
    ]

    operations = [
        migrations.AddField(
            model_name='survey',
            name='invitations_deleted',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='invitation codes deleted'),
        ),
        migrations.AddField(
            model_name='survey',
            name='invitations_deleted_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='invitation codes deleted on'),
        ),
        migrations.AddField(
            model_name='survey',
            name='invitations_deleted_used',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='used invitation codes deleted'),
        ),
    ]
