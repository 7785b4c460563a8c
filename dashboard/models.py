from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffAction(models.Model):
    """One change a staff member made from the dashboard or the admin, never edited.

    Written only by `dashboard.audit.record`. The target and its client are kept as plain
    ids and a label, not foreign keys, so the row outlives them; erasing a client
    anonymises its rows (`audit.anonymise_client`).
    """

    class Via(models.TextChoices):
        DASHBOARD = "dashboard", _("dashboard")
        ADMIN = "admin", _("admin")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=150)
    via = models.CharField(_("from"), max_length=10, choices=Via.choices)
    action = models.CharField(_("what"), max_length=60, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(_("on"), max_length=200)
    client_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("staff action")

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.target_label}"
