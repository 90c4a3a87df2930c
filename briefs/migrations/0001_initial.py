"""BriefJob, moved here from claims: its table was renamed by claims.0004, so this only
takes the model into the state."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the content type row (and the permissions and admin history that point to it)."""
    content_types = apps.get_model('contenttypes', 'ContentType')
    if not content_types.objects.filter(app_label='briefs', model='briefjob').exists():
        content_types.objects.filter(app_label='claims', model='briefjob').update(app_label='briefs')


def restore_content_type(apps, schema_editor):
    content_types = apps.get_model('contenttypes', 'ContentType')
    if not content_types.objects.filter(app_label='claims', model='briefjob').exists():
        content_types.objects.filter(app_label='briefs', model='briefjob').update(app_label='claims')


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
                    name='BriefJob',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('title', models.CharField(max_length=300)),
                        ('claim_ids', models.JSONField(default=list, help_text="The claims, in the brief's order.")),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Being made'), ('ready', 'Ready'), ('failed', 'Failed')], default='queued', max_length=16)),
                        ('done', models.PositiveIntegerField(default=0)),
                        ('total', models.PositiveIntegerField(default=0, help_text='One step per claim, then one.')),
                        ('sha256', models.CharField(blank=True, max_length=64)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='brief_jobs', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
