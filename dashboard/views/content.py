from django.contrib import messages
from django.db import transaction
from django.forms import Textarea
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guides.markdown import render_markdown
from guides.models import Guide, Tip
from studio.forms import SESSION_TYPE_SECTIONS, SessionTypeForm
from studio.models import SessionType

from .. import audit
from ..access import staff_required
from ..forms import GuideForm, TipForm


@staff_required
def guides(request):
    context = {
        "guides": list(Guide.objects.order_by("order", "title")),
        "tips": list(Tip.objects.order_by("category", "order", "title")),
        "section": "guides",
    }
    return render(request, "dashboard/guides.html", context)


def _edit(request, form_class, instance, *, template, saved, extra=None):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        audit.save_form(actor=request.user, form=form)
        messages.success(request, saved)
        return redirect("dashboard:guides")
    context = {"form": form, "object": instance, "section": "guides", **(extra or {})}
    return render(request, template, context, status=400 if form.errors else 200)


@staff_required
def guide_edit(request, pk=None):
    guide = get_object_or_404(Guide, pk=pk) if pk else None
    return _edit(
        request, GuideForm, guide, template="dashboard/guide_form.html", saved=_("Guide saved.")
    )


@staff_required
def tip_edit(request, pk=None):
    tip = get_object_or_404(Tip, pk=pk) if pk else None
    preview = render_markdown(tip.body) if tip else None
    return _edit(
        request,
        TipForm,
        tip,
        template="dashboard/tip_form.html",
        saved=_("Tip saved."),
        extra={"preview": preview},
    )


@staff_required
@require_POST
def tip_delete(request, pk):
    tip = get_object_or_404(Tip, pk=pk)
    with transaction.atomic():
        audit.removed(actor=request.user, target=tip, fields=["title", "category", "body"])
        tip.delete()
    messages.success(request, _("Tip “%(title)s” deleted.") % {"title": tip.title})
    return redirect("dashboard:guides")


@staff_required
def session_type_edit(request, pk=None):
    session_type = get_object_or_404(SessionType, pk=pk) if pk else None
    form = SessionTypeForm(request.POST or None, request.FILES or None, instance=session_type)
    for field in form.fields.values():
        if isinstance(field.widget, Textarea):
            field.widget.attrs["rows"] = 4
    if request.method == "POST" and form.is_valid():
        saved = audit.save_form(actor=request.user, form=form)
        messages.success(request, _("“%(name)s” saved.") % {"name": saved.name})
        return redirect("dashboard:session_types")
    context = {"form": form, "object": session_type, "groups": SESSION_TYPE_SECTIONS}
    status = 400 if form.errors else 200
    return render(request, "dashboard/session_type_form.html", context, status=status)


@staff_required
def session_types(request):
    context = {
        "session_types": list(SessionType.objects.order_by("order", "name")),
        "section": "session_types",
    }
    return render(request, "dashboard/session_types.html", context)
