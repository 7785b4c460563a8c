import pytest

from studio.celery import app

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_broker_answer(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}


def test_healthz_answers_503_naming_the_broker_when_it_is_down(client, monkeypatch):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    # Celery reads CELERY_BROKER_URL from the environment before its own config. The
    # config is patched first so that it is restored last, after the environment.
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:9/0")
    monkeypatch.setattr(app.conf, "broker_write_url", None)
    monkeypatch.setattr(app.conf, "broker_transport", None)  # the URL's own, not the embedded one
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "ok"
    assert body["broker"].startswith("down")


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live/")
    assert response.status_code == 200
    assert response.content == b"ok"
