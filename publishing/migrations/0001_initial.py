"""Suggestion, moved here from claims: its table was renamed by claims.0004, so this only
takes the model into the state."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the content type row (and the permissions and admin history that point to it)."""
    content_types = apps.get_model('contenttypes', 'ContentType')
    if not content_types.objects.filter(app_label='publishing', model='suggestion').exists():
        content_types.objects.filter(app_label='claims', model='suggestion').update(app_label='publishing')


def restore_content_type(apps, schema_editor):
    content_types = apps.get_model('contenttypes', 'ContentType')
    if not content_types.objects.filter(app_label='claims', model='suggestion').exists():
        content_types.objects.filter(app_label='publishing', model='suggestion').update(app_label='claims')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('claims', '0004_move_briefjob_and_suggestion'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Suggestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='claim to check')),
                        ('claimant', models.CharField(blank=True, max_length=200, verbose_name='who said it')),
                        ('said_on', models.DateField(blank=True, null=True, verbose_name='when')),
                        ('source_url', models.URLField(blank=True, max_length=500, verbose_name='where (a link)')),
                        ('note', models.TextField(blank=True, verbose_name='why it should be checked')),
                        ('email', models.EmailField(blank=True, help_text='Only if you want an answer. Never published.', max_length=254, verbose_name='your email')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('handled_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='handled_suggestions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-created_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='suggestion_text_not_empty')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
