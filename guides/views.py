from django.shortcuts import render

from .models import Guide


def guide_list(request):
    return render(
        request, "guides/guide_list.html", {"guides": Guide.objects.filter(is_published=True)}
    )
