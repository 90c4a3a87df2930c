# The web app's production image: gunicorn serving factcheck.wsgi, static files collected at build
# time and served by WhiteNoise. docker-compose.yml runs it beside PostgreSQL.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# WeasyPrint's system libraries (Pango, HarfBuzz). No fonts: the app ships its own in static/.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --locked --no-dev --no-install-project

COPY . .

# Collect static files into /app/staticfiles (STATIC_ROOT) for WhiteNoise. The key exists only for
# this step; the running container gets its own SECRET_KEY from the environment.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-used-at-run-time \
    python manage.py collectstatic --noinput

RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home app \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app

EXPOSE 8000

# gunicorn reads its worker count from WEB_CONCURRENCY; each worker runs several threads.
ENV WEB_CONCURRENCY=2

ENTRYPOINT ["/bin/sh", "/app/docker/entrypoint.sh"]
CMD ["gunicorn", "factcheck.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--threads", "4", \
     "--timeout", "60", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
