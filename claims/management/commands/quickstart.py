"""Prepare a working instance in one command: database, reference data, demo accounts, server.

Safe to run again: migrations and imports change only what differs, and existing accounts keep
their passwords.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.demo import ensure_demo_accounts
from accounts.roles import EDITOR
from claims.demo import DEV_CLAIMS, load_demo_claims

REFERENCE_DATA = Path(settings.BASE_DIR) / "fixtures" / "reference.yaml"
SERIES_DATA = Path(settings.BASE_DIR) / "fixtures" / "series.yaml"


class Command(BaseCommand):
    help = "Migrate, load the reference data, create demo accounts and serve on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Stop after preparing; do not start the server.",
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000)."
        )

    def handle(self, *args, no_serve: bool, addrport: str, verbosity: int, **options):
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Loading the reference data…")
        call_command("import_figures", str(REFERENCE_DATA), verbosity=verbosity)
        self.stdout.write("Loading the data series…")
        call_command("import_series", str(SERIES_DATA), verbosity=verbosity)

        accounts = ensure_demo_accounts()
        editor = get_user_model().objects.get(username=EDITOR)
        added = load_demo_claims(DEV_CLAIMS, editor=editor)
        self.stdout.write(f"Demo rulings: {added} checked and published.")
        self.stdout.write("")
        self.stdout.write("Demo accounts (log in at /accounts/login/):")
        for account in accounts:
            if account.password:
                self.stdout.write(f"  {account.username:<11} password: {account.password}")
            else:
                self.stdout.write(
                    f"  {account.username:<11} (exists; reset its password with "
                    f"uv run python manage.py changepassword {account.username})"
                )
        if any(account.password for account in accounts):
            self.stdout.write(self.style.WARNING("These passwords are shown only once."))
        self.stdout.write("")
        if no_serve:
            self.stdout.write(
                self.style.SUCCESS("Ready. Serve with: uv run python manage.py runserver")
            )
            return
        call_command("runserver", addrport, use_reloader=False)
