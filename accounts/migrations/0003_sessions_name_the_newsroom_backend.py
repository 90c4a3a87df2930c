"""Sessions logged in before accounts.backends.NewsroomBackend name Django's model backend, which
is no longer among AUTHENTICATION_BACKENDS: they would all be logged out. They name ours now
(the same users, read the same way), and the other way round when migrating back."""

from __future__ import annotations

from django.db import migrations

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NEWSROOM_BACKEND = "accounts.backends.NewsroomBackend"
BACKEND_SESSION_KEY = "_auth_user_backend"  # django.contrib.auth's


def _rename(old: str, new: str):
    def run(apps, schema_editor) -> None:
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()  # its encode() and decode(), with this site's SECRET_KEY
        sessions = apps.get_model("sessions", "Session").objects.using(
            schema_editor.connection.alias
        )
        for session in sessions.iterator():
            data = store.decode(session.session_data)
            if data.get(BACKEND_SESSION_KEY) == old:
                data[BACKEND_SESSION_KEY] = new
                session.session_data = store.encode(data)
                session.save(update_fields=["session_data"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_rate_counter_unlogged"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _rename(MODEL_BACKEND, NEWSROOM_BACKEND), _rename(NEWSROOM_BACKEND, MODEL_BACKEND)
        ),
    ]
