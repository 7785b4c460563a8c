from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..access import staff_required
from ..audit import ACTIONS
from ..models import StaffAction
from ..selectors import actions


class RecordFilter(forms.Form):
    action = forms.ChoiceField(label=_("What"), required=False)
    actor = forms.ChoiceField(label=_("Who"), required=False)
    q = forms.CharField(label=_("On (booking reference or name)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Everything"))] + list(ACTIONS.items())
        people = StaffAction.objects.order_by().values_list("actor_label", flat=True).distinct()
        self.fields["actor"].choices = [("", _("Everyone"))] + [(p, p) for p in sorted(people)]


@staff_required
def staff_actions(request):
    """The record of what staff changed, newest first, filtered; read-only."""
    form = RecordFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = actions.search(
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page.object_list = actions.with_words(page.object_list)
    return render(request, "dashboard/staff_actions.html", {"form": form, "page": page})
