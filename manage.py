#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

manage.py is the developer's tool: with neither DEBUG nor SECRET_KEY set, it runs in development
mode (DEBUG=true, a development key), so that `quickstart` works on a fresh clone. The web
server (factcheck.wsgi, factcheck.asgi) never does: there only an explicit DEBUG=true enables
debug, and without it the settings refuse to start with no SECRET_KEY.
"""

from __future__ import annotations

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if not os.environ.get("DEBUG", "").strip() and not os.environ.get("SECRET_KEY"):
        os.environ["DEBUG"] = "true"
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
