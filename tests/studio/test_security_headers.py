import json
import logging

import pytest

from studio.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_public_pages_send_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "'none'" in directives["frame-ancestors"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_templates_carry_no_inline_script(client):
    body = client.get("/").content.decode()
    for chunk in body.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), chunk[:80]


def test_json_log_lines_keep_only_whitelisted_fields():
    record = logging.LogRecord("bookings", logging.INFO, __file__, 1, "booking.created", (), None)
    record.reference = "HS-7K3Q9"
    record.email = "ada@example.com"  # personal data must not reach the log
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "booking.created"
    assert line["reference"] == "HS-7K3Q9"
    assert "email" not in line and "ada@example.com" not in json.dumps(line)
