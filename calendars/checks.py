"""Deployment check of the calendar reader, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def private_addresses(app_configs, **kwargs):
    """Reading calendars from private addresses lets a dashboard login probe the network."""
    if settings.CALENDAR_FETCH_ALLOW_PRIVATE:
        return [
            Warning(
                "CALENDAR_FETCH_ALLOW_PRIVATE is on: calendar addresses may point at this "
                "server, its private network and cloud metadata services, over plain http.",
                hint="Leave it off unless a self-hosted calendar server on your own network "
                "must be read.",
                id="calendars.W001",
            )
        ]
    return []
