#!/bin/sh
# The container's entry point. Before the web server starts, bring the database schema up to date;
# any other command (`docker compose run web python manage.py createsuperuser`, a shell) runs as given.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
