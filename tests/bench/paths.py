"""Prints the paths the throughput and memory benches hit, found in the seeded database."""

import json

from guides.models import Guide

from .setup import first_free_day, session_type


def main() -> None:
    slug = session_type().slug
    guide = Guide.objects.filter(is_published=True).order_by("order").first()
    paths = {
        "bare view": "/healthz/live/",
        "slots endpoint": f"/book/{slug}/slots/?date={first_free_day(slug).isoformat()}",
        "session list": "/sessions/",
        "guide page": f"/guides/{guide.slug}/",
        "booking form": f"/book/{slug}/",
    }
    print(json.dumps(paths))


if __name__ == "__main__":
    main()
