"""BriefJob moved to the briefs app and Suggestion to the publishing app.

The rows stay where they are: each table is renamed to its new app's name and the model leaves
this app's state only. briefs.0001 and publishing.0001 take the models into their state without
touching the database, so an existing database upgrades with `migrate` alone.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0003_briefjob'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='briefjob', table='briefs_briefjob'),
                migrations.AlterModelTable(name='suggestion', table='publishing_suggestion'),
            ],
            state_operations=[
                migrations.DeleteModel(name='BriefJob'),
                migrations.DeleteModel(name='Suggestion'),
            ],
        ),
    ]
