"""Celery tasks of the payments app: thin adapters around payments.services."""

from dataclasses import asdict

from celery import shared_task

from . import services


@shared_task(name="payments.tasks.sweep_deposits")
def sweep_deposits() -> dict:
    """The every-minute beat sweep: release expired holds (one email each), close stale
    checkouts, refund deposits due back, record kept ones. Idempotent; safe to overlap."""
    return asdict(services.sweep())
