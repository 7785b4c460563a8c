"""Settings come from the environment and fail early, clearly, when they are wrong."""

import os
import shutil
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


def run_python(code: str, *, env: dict, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def printed_settings(expression: str, env_overrides: dict) -> list[str]:
    """What a fresh process's settings give for `expression`, printed and split."""
    code = (
        f"import django; django.setup(); from django.conf import settings as s; print({expression})"
    )
    env = {**os.environ, **env_overrides, "DJANGO_SETTINGS_MODULE": "studio.settings"}
    return run_python(code, env=env).stdout.split()


def test_postgres_url_gives_persistent_health_checked_connections():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}
    printed = printed_settings(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS']",
        env,
    )
    assert printed == ["django.db.backends.postgresql", "60", "True"]


@pytest.fixture
def fresh_copy(tmp_path):
    """The studio package in a folder of its own, with an empty var/ beside it."""
    shutil.copytree(ROOT / "studio", tmp_path / "studio", ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "var").mkdir()
    unset = {"CELERY_BROKER_URL", "CELERY_BROKER_DIR", "DATABASE_URL", "EMAIL_URL"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(DEBUG="True", PYTHONDONTWRITEBYTECODE="1")
    return lambda code: run_python(code, env=env, cwd=tmp_path)


def test_importing_settings_creates_no_folders(fresh_copy, tmp_path):
    result = fresh_copy("import studio.settings as s; print(s.__file__)")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "studio" / "settings.py"
    assert list((tmp_path / "var").iterdir()) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["studio", "var"]


def test_celery_makes_the_embedded_broker_s_folders_when_first_used(fresh_copy, tmp_path):
    result = fresh_copy("from studio.celery import app; print(app.conf.broker_url)")
    assert result.stdout.strip() == "filesystem://", result.stderr
    broker = tmp_path / "var" / "broker"
    assert sorted(path.name for path in broker.iterdir()) == ["control", "processed", "queue"]


def test_email_url_gives_the_smtp_settings():
    url = "smtp+tls://mailer:s3cret@smtp.example.com:587"
    names = ["EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"]
    names += ["EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_BACKEND"]
    printed = printed_settings(", ".join(f"s.{name}" for name in names), {"EMAIL_URL": url})
    assert dict(zip(names, printed, strict=True)) == {
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": "True",
        "EMAIL_USE_SSL": "False",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
