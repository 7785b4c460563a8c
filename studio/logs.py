"""Structured logging: one JSON object a line, only whitelisted fields.

Log events with a short dotted name and the booking reference, never names,
emails or phone numbers: `log.info("booking.created", extra={"reference": ref})`.
"""

import json
import logging
from datetime import UTC, datetime

# Only these `extra` keys are written: personal data cannot slip in through a log call.
FIELDS = (
    "reference",
    "kind",
    "session_type",
    "status",
    "reminder_id",
    "attempts",
    "count",
    "error",
    "duration_ms",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                payload[field] = getattr(record, field)
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)
