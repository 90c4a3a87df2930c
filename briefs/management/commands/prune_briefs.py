"""Delete old multi-claim brief jobs and stored PDF briefs (run it daily, e.g. from cron)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from briefs.pdf import prune


class Command(BaseCommand):
    help = "Delete brief jobs and stored PDF briefs older than --days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="Keep what is younger than this many days."
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.", returncode=2)
        jobs, files = prune(older_than=timedelta(days=days))
        self.stdout.write(f"Deleted {jobs} brief job(s) and {files} stored PDF(s).")
