"""On PostgreSQL, rate counts are written without the write-ahead log (an UNLOGGED table).

A count is written on every call of the check API and every failed login. Logged, each of those
commits waits for a flush of the log to disk; unlogged, it does not. What an unlogged table
loses is its rows after a crash of the database server (they are emptied on recovery): for
counts in windows of a minute, that is every client starting its window again, which is
harmless. SQLite has no such tables: nothing changes there.
"""

from __future__ import annotations

from django.db import migrations


def _persistence(word: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model("accounts", "RateCounter")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} SET {word}")

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_rate_counter")]

    operations = [
        migrations.RunPython(_persistence("UNLOGGED"), _persistence("LOGGED"), elidable=False),
    ]
