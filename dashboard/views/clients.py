import csv
import itertools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bookings import services
from bookings.models import Client

from .. import audit
from ..access import staff_required
from ..answers import answer_rows
from ..booking_forms import ClientForm, EraseForm, MergeForm, PrivateNotesForm
from ..export import BYTE_ORDER_MARK, client_rows
from ..selectors import actions
from ..selectors.clients import (
    client_bookings,
    client_with_summary,
    possible_duplicates,
    search_clients,
)


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
    lines = (writer.writerow(row) for row in rows)
    response = StreamingHttpResponse(
        itertools.chain([BYTE_ORDER_MARK], lines), content_type="text/csv; charset=utf-8"
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
        "duplicates": possible_duplicates(client),
        "history": client.history.select_related("booking").order_by("-at", "-pk")[:50],
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


@staff_required
def client_edit(request, pk):
    client = get_object_or_404(Client, pk=pk)
    initial = {
        "name": client.name,
        "email": client.email or "",
        "phone": client.phone,
        "private_notes": client.private_notes,
    }
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with audit.tracked(
                actor=request.user,
                action="client.edited",
                target=client,
                fields=["name", "email", "phone", "private_notes"],
            ):
                services.update_client(client=client, **form.cleaned_data)
        except services.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Client details saved."))
            return redirect("dashboard:client", client.pk)
    status = 400 if form.errors else 200
    context = {"client": client, "form": form}
    return render(request, "dashboard/client_edit.html", context, status=status)


@staff_required
def client_merge(request, pk):
    """Confirm, then fold the chosen duplicate into this client."""
    client = get_object_or_404(Client, pk=pk)
    form = MergeForm(request.POST or request.GET or None)
    if not form.is_valid() or form.cleaned_data["other"].pk == client.pk:
        messages.error(request, _("Choose a duplicate from the client's page to merge."))
        return redirect("dashboard:client", client.pk)
    other = form.cleaned_data["other"]
    if request.method == "POST":
        try:
            with transaction.atomic():
                merged_label = f"{other.name} (#{other.pk})"
                services.merge_clients(keep=client, duplicate=other)
                audit.record(
                    actor=request.user,
                    action="client.merged",
                    target=client,
                    after={"merged": merged_label},
                )
        except services.BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Merged: one client now, with every booking and note."))
        return redirect("dashboard:client", client.pk)
    count = other.bookings.count()
    context = {"client": client, "other": other, "count": count}
    return render(request, "dashboard/client_merge.html", context)


@staff_required
def client_data_export(request, pk):
    """Confirm, then one client's data as a zip file (logged on their history)."""
    client = get_object_or_404(Client, pk=pk)
    if request.method != "POST":
        return render(request, "dashboard/client_export.html", {"client": client})
    with transaction.atomic():
        data = services.export_client(client=client)
        audit.record(actor=request.user, action="client.exported", target=client)
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}-{stamp}.zip"'
    return response


@staff_required
def client_erase(request, pk):
    """Confirm with a tick, then erase the client on their request."""
    client = get_object_or_404(Client, pk=pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.erase_client(client=client)
                audit.record(actor=request.user, action="client.erased", target=client)
                audit.anonymise_client(client.pk)
        except services.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The client is erased; their bookings stay, anonymous."))
            return redirect("dashboard:client", client.pk)
    status = 400 if form.errors else 200
    context = {"client": client, "form": form}
    return render(request, "dashboard/client_erase.html", context, status=status)
