import csv

from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from bookings.models import Client

from ..access import staff_required
from ..answers import answer_rows
from ..export import client_rows
from ..selectors.clients import client_bookings, search_clients


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


@staff_required
def client_detail(request, pk):
    client = Client.objects.filter(pk=pk).first()
    if client is None:
        raise Http404("No such client")
    bookings = client_bookings(client)
    entries = [
        (booking, answer_rows(booking.intake.answers if booking.intake else None))
        for booking in bookings
    ]
    context = {"client": client, "entries": entries, "now": timezone.now()}
    return render(request, "dashboard/client_detail.html", context)
