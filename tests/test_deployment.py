"""The deployment files (docker-compose.yml, Dockerfile) agree with the settings they configure,
and the settings refuse a production start-up that is missing or misspelling what it needs."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "factcheck" / "settings.py"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"

ENV_HELPERS = {"env_bool", "env_int", "env_list", "env_str", "env_choice", "env_rating_labels"}
PRODUCTION_NEEDS = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
# What an operator supplies to `docker compose up` in the examples: the two required secrets.
OPERATOR_ENV = {"SECRET_KEY": "s" * 60 + "-compose-test", "POSTGRES_PASSWORD": "db-password"}


# --- reading the files


def _is_os_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _is_os(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def variables_read_by(source: str) -> set[str]:
    """Names of the environment variables a module reads with a literal name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        key: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if (
                (isinstance(func, ast.Name) and func.id in ENV_HELPERS)
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr in {"get", "pop", "setdefault"}
                    and _is_os_environ(func.value)
                )
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr == "getenv"
                    and _is_os(func.value)
                )
            ):
                key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def settings_variables() -> set[str]:
    return variables_read_by(SETTINGS.read_text(encoding="utf-8"))


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def service_environment(service: str) -> dict[str, str]:
    """A service's `environment:`, in either of compose's spellings (mapping or KEY=VALUE list)."""
    environment = compose()["services"][service].get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    lines = [
        line
        for line in DOCKERFILE.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


PROBE = """
import json, sys
from django.core.exceptions import ImproperlyConfigured
try:
    from factcheck import settings
except ImproperlyConfigured as error:
    print(json.dumps({"error": str(error)}))
    sys.exit(0)
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "DATABASE_ENGINE": database["ENGINE"],
    "DATABASE_HOST": database["HOST"],
    "OUTLET_NAME": settings.OUTLET_NAME,
}))
"""


def load_settings(environment: dict[str, str]) -> dict:
    """Import the settings in a fresh interpreter that sees only `environment` (and PATH)."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", os.defpath), **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- docker-compose.yml


def test_settings_read_the_variables_production_needs():
    assert settings_variables() >= PRODUCTION_NEEDS


def test_every_variable_the_web_service_sets_is_one_settings_reads():
    unknown = set(service_environment("web")) - settings_variables()
    assert not unknown, f"docker-compose.yml sets variables settings.py never reads: {unknown}"


def test_the_web_service_names_every_variable_settings_reads():
    unnamed = settings_variables() - set(service_environment("web"))
    assert not unnamed, f"settings.py reads variables docker-compose.yml does not name: {unnamed}"


def test_the_web_service_runs_in_production_mode_and_requires_the_secrets():
    environment = service_environment("web")
    assert not PRODUCTION_NEEDS - set(environment)
    assert environment["DEBUG"].lower() == "false"
    # No default secret: compose refuses to start without one (${NAME:?message}).
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]


def test_the_web_service_uses_the_compose_database():
    db = service_environment("db")
    url = service_environment("web")["DATABASE_URL"]
    assert url.startswith(("postgres://", "postgresql://"))
    assert f"//{db['POSTGRES_USER']}:" in url
    assert url.endswith(f"@db:5432/{db['POSTGRES_DB']}")

    web = compose()["services"]["web"]
    assert web["build"] in {".", "./"} or web["build"].get("context") in {".", "./"}
    # Published on the loopback only: the TLS proxy on the same machine is the way in, so the
    # X-Forwarded-For entry it writes can be trusted (TRUSTED_PROXY_COUNT).
    assert [str(port) for port in web["ports"]] == ["127.0.0.1:8000:8000"]


# --- Dockerfile


def test_the_image_uses_the_python_version_the_project_pins():
    pinned = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    base = next(arguments for keyword, arguments in dockerfile_instructions() if keyword == "FROM")
    assert re.fullmatch(rf"python:{re.escape(pinned)}(-slim\S*)?", base), base


def test_the_image_installs_weasyprints_system_libraries():
    runs = " ".join(
        arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"
    )
    install = re.search(r"apt-get install [^&;]*", runs)
    assert install, "the Dockerfile installs no Debian package"
    packages = set(install.group(0).split())
    assert {"libpango-1.0-0", "libpangoft2-1.0-0"} <= packages
    assert any(package.startswith("libharfbuzz") for package in packages)


def test_the_image_installs_the_locked_dependencies_without_development_tools():
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    sync = [run for run in runs if "uv sync" in run]
    assert sync
    assert all("--locked" in run and "--no-dev" in run for run in sync)
    assert any("collectstatic" in run for run in runs)


def test_the_image_runs_gunicorn_as_a_non_root_user_on_port_8000():
    instructions = dockerfile_instructions()
    command = json.loads(
        next(arguments for keyword, arguments in instructions if keyword == "CMD")
    )
    assert command[:2] == ["gunicorn", "factcheck.wsgi"]
    assert "0.0.0.0:8000" in command
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert ("EXPOSE", "8000") in instructions


def test_the_image_migrates_the_database_before_gunicorn_starts():
    entrypoint = json.loads(
        next(
            arguments
            for keyword, arguments in dockerfile_instructions()
            if keyword == "ENTRYPOINT"
        )
    )
    assert "/app/docker/entrypoint.sh" in entrypoint
    script = ENTRYPOINT.read_text(encoding="utf-8")
    assert script.index("manage.py migrate --noinput") < script.index('exec "$@"')


# --- settings.py in production


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    loaded = load_settings({"DEBUG": "false"})
    assert "SECRET_KEY" in loaded.get("error", "")


def test_settings_start_with_a_secret_key_when_debug_is_off():
    loaded = load_settings({"DEBUG": "false", "SECRET_KEY": OPERATOR_ENV["SECRET_KEY"]})
    assert "error" not in loaded, loaded.get("error")
    assert loaded["DEBUG"] is False
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_SSL_REDIRECT", "tru"),
        ("BEHIND_TLS_PROXY", "2"),
        ("SESSION_COOKIE_SECURE", "enabled"),
    ],
)
def test_a_malformed_boolean_is_a_clear_configuration_error(monkeypatch, variable, value):
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import env_bool

    monkeypatch.setenv(variable, value)
    with pytest.raises(ImproperlyConfigured, match=variable) as error:
        env_bool(variable, default=False)
    assert "true" in str(error.value)
    assert "false" in str(error.value)


def test_a_malformed_number_is_a_clear_configuration_error(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from factcheck.settings import env_int

    monkeypatch.setenv("SECURE_HSTS_SECONDS", "1y")
    with pytest.raises(ImproperlyConfigured, match=r"SECURE_HSTS_SECONDS.*'1y'"):
        env_int("SECURE_HSTS_SECONDS", default=0)


# --- the compose defaults are the documented production set-up


def resolved_environment(service: str, operator: dict[str, str]) -> dict[str, str]:
    """A service's environment as compose resolves it for an operator who sets `operator`:
    `${NAME:-default}`, `${NAME:?message}` and `${NAME}`."""

    def substitute(match: re.Match[str]) -> str:
        name, operation, argument = match["name"], match["op"], match["arg"] or ""
        value = operator.get(name, "")
        if operation == ":?":
            assert value, f"compose requires {name}: {argument}"
        if operation == ":-" and not value:
            return argument
        return value

    pattern = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")
    return {
        name: pattern.sub(substitute, value)
        for name, value in service_environment(service).items()
    }


HEADERS_PROBE = """
import json, sys
import django
from django.conf import settings
django.setup()
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory

request = RequestFactory().get(
    "/", HTTP_HOST=settings.ALLOWED_HOSTS[0], HTTP_X_FORWARDED_PROTO="https"
)
response = SecurityMiddleware(lambda request: HttpResponse())(request)
plain = RequestFactory().get("/", HTTP_HOST=settings.ALLOWED_HOSTS[0])
redirect = SecurityMiddleware(lambda request: HttpResponse())(plain)
print(json.dumps({
    "secure": request.is_secure(),
    "hsts": response.get("Strict-Transport-Security", ""),
    "plain_http": redirect.status_code,
}))
"""


def run_with(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *arguments],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", os.defpath), **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION_OPERATOR = {
    **OPERATOR_ENV,
    "ALLOWED_HOSTS": "factcheck.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://factcheck.example.org",
}


def test_the_compose_defaults_trust_the_tls_proxy_and_send_hsts():
    environment = resolved_environment("web", PRODUCTION_OPERATOR)
    loaded = load_settings(environment)
    assert "error" not in loaded, loaded.get("error")
    assert loaded["DEBUG"] is False
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert loaded["SECURE_SSL_REDIRECT"] is True

    result = run_with(
        {**environment, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}, "-c", HEADERS_PROBE
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout)
    assert headers["secure"] is True
    assert headers["hsts"].startswith("max-age=31536000")
    assert headers["plain_http"] == 301


def test_the_compose_defaults_pass_the_deployment_check_without_a_warning():
    environment = resolved_environment("web", PRODUCTION_OPERATOR)
    result = run_with(environment, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_defaults_count_the_address_the_one_proxy_wrote():
    environment = resolved_environment("web", PRODUCTION_OPERATOR)
    assert environment["TRUSTED_PROXY_COUNT"] == "1"


# --- debug only when asked for


def test_with_neither_debug_nor_a_secret_key_the_server_refuses_to_start():
    loaded = load_settings({})
    assert "SECRET_KEY" in loaded.get("error", "")


def test_a_secret_key_alone_runs_in_production_mode():
    loaded = load_settings({"SECRET_KEY": OPERATOR_ENV["SECRET_KEY"]})
    assert loaded["DEBUG"] is False


def test_only_an_explicit_debug_true_runs_in_debug_mode():
    assert load_settings({"DEBUG": "true"})["DEBUG"] is True


def test_manage_py_runs_in_development_mode_on_a_fresh_clone():
    # quickstart, changepassword and the other commands of the README work with no setting.
    result = run_with({}, "manage.py", "diffsettings", "--output", "unified")
    assert result.returncode == 0, result.stderr
    assert "+ DEBUG = True" in result.stdout


def test_the_api_check_rate_is_read_from_the_environment():
    loaded = load_settings({"DEBUG": "true", "API_CHECK_RATE": "100/s"})
    assert "error" not in loaded


@pytest.mark.parametrize("rate", ["fast", "30", "30/fortnight", "0/min", "-1/s"])
def test_a_malformed_api_check_rate_is_a_clear_configuration_error(rate):
    loaded = load_settings({"DEBUG": "true", "API_CHECK_RATE": rate})
    assert "API_CHECK_RATE" in loaded["error"]
    assert repr(rate) in loaded["error"]


def test_templates_are_compiled_once_per_process_by_the_cached_loader():
    from django.template import engines
    from django.template.loaders.cached import Loader

    assert isinstance(engines["django"].engine.template_loaders[0], Loader)
