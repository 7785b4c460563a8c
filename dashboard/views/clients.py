import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.models import Client

from .. import audit
from ..access import staff_required
from ..answers import answer_rows
from ..booking_forms import PrivateNotesForm
from ..export import client_rows
from ..selectors import actions
from ..selectors.clients import client_bookings, client_with_summary, search_clients


@staff_required
def client_list(request):
    query = request.GET.get("q", "")[:100]
    clients = search_clients(query, now=timezone.now())
    page = Paginator(clients, 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/client_list.html", {"page": page, "query": query})


class _Echo:
    def write(self, value):
        return value


@staff_required
def client_export(request):
    clients = search_clients(request.GET.get("q", "")[:100], now=timezone.now())
    writer = csv.writer(_Echo())
    rows = client_rows(clients.iterator(chunk_size=500), request.studio.tz)
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="clients-{stamp}.csv"'
    return response


def _client_page(request, pk, *, notes_form=None, status=200):
    client = client_with_summary(pk, now=timezone.now())
    if client is None:
        raise Http404("No such client")
    bookings = client_bookings(client)
    entries = [
        (booking, answer_rows(booking.intake.answers if booking.intake else None))
        for booking in bookings
    ]
    notes_form = notes_form or PrivateNotesForm(initial={"private_notes": client.private_notes})
    context = {
        "client": client,
        "entries": entries,
        "now": timezone.now(),
        "notes_form": notes_form,
        "staff_actions": actions.for_client(client.pk),
    }
    return render(request, "dashboard/client_detail.html", context, status=status)


@staff_required
def client_detail(request, pk):
    return _client_page(request, pk)


@staff_required
@require_POST
def client_notes(request, pk):
    client = get_object_or_404(Client, pk=pk)
    form = PrivateNotesForm(request.POST)
    if not form.is_valid():
        return _client_page(request, pk, notes_form=form, status=400)
    with audit.tracked(
        actor=request.user, action="client.edited", target=client, fields=["private_notes"]
    ):
        services.set_client_notes(client=client, notes=form.cleaned_data["private_notes"])
    messages.success(request, _("Private notes saved."))
    return redirect("dashboard:client", client.pk)
