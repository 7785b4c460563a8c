"""Settings come from the environment and fail early, clearly, when they are wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "x7$kq-production-like-secret-key-with-enough-length-and-variety-91",
    "ALLOWED_HOSTS": "studio.example.com",
    "SITE_URL": "https://studio.example.com",
    "DATABASE_URL": "sqlite:////tmp/studio-deploy-check.sqlite3",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def run_manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "CACHE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "url",
    ["mysqlx://nobody@host/db", "not a url at all", "oracle://u:p@h/db"],
)
def test_bad_database_url_is_a_clear_startup_error(url):
    result = run_manage("check", env_overrides={"DEBUG": "True", "DATABASE_URL": url})
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_key_with_debug_off_is_refused():
    result = run_manage("check", env_overrides={"DEBUG": "False"})
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_deploy_check_warns_of_a_cache_each_process_keeps_alone():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "CACHE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=env)
    assert result.returncode == 1
    assert "studio.W001" in result.stderr and "CACHE_URL" in result.stderr


def test_postgres_url_gives_persistent_health_checked_connections():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "studio.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "60", "True"]
