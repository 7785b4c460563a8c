"""The whole site for the browser tests that walk it: demo content, uploads served, its pages.

Tests that use it set `settings.ROOT_URLCONF = "tests.e2e.site"`: the live server runs with
DEBUG off, which serves no uploads (the session covers), and this URLconf adds them.
"""

from datetime import datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.urls import include, path, re_path, reverse
from django.utils import timezone
from django.views.static import serve

from bookings.models import Booking, Reminder
from guides.demo import seed_guides
from guides.models import Guide
from studio.demo import seed_studio
from studio.models import SessionType
from tests.factories import (
    BookingFactory,
    ClientFactory,
    InspirationImageFactory,
    IntakeResponseFactory,
    ReminderFactory,
    SessionTypeFactory,
    StaffUserFactory,
    StudioProfileFactory,
    TimeOffFactory,
    TipFactory,
    WorkingHoursFactory,
)


def _media(request, path):
    # Read MEDIA_ROOT per request: each test gets its own temporary media folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", _media),
    path("", include("studio.urls")),
]


def seed_site() -> None:
    """The demo studio: profile, hours, the three session types with covers, guides, tips."""
    seed_studio()
    seed_guides()


def public_paths() -> list[str]:
    """Every page a visitor reaches from the menus and links, without a booking of their own."""
    paths = [
        reverse("home"),
        reverse("sessions:list"),
        reverse("sessions:compare"),
        reverse("guides:list"),
        reverse("intake:start"),
        reverse("bookings:choose"),
        reverse("login"),
    ]
    for slug in SessionType.objects.active().values_list("slug", flat=True):
        paths += [reverse("sessions:detail", args=[slug]), reverse("bookings:book", args=[slug])]
    for slug in Guide.objects.filter(is_published=True).values_list("slug", flat=True):
        paths += [reverse("guides:detail", args=[slug]), reverse("guides:checklist", args=[slug])]
    return paths


# One step of 600 px down; true at the bottom. Given to wait_for_function, which calls it
# once per animation frame: the page scrolls a frame at a time in one round trip to the
# browser (two per step took seconds on a long guide), and the polling runs in Playwright's
# own script world, so it works with the page's JavaScript off too.
SCROLL_STEP = """() => {
    const before = window.scrollY;
    window.scrollTo(0, before + 600);
    const bottom = document.documentElement.scrollHeight - 1;
    return window.scrollY === before || window.scrollY + window.innerHeight >= bottom;
}"""


def load_lazy_images(page, *, drawn: bool = False) -> None:
    """Scroll through the page so that lazy images load (and are checked) too; then wait
    until every image has loaded (drawn: and has pixels, for a screenshot)."""
    page.wait_for_function(SCROLL_STEP)
    ready = "img.complete && img.naturalWidth > 0" if drawn else "img.complete"
    # A function, not an expression: Playwright polls an expression through eval, which
    # the site's CSP (no 'unsafe-eval') refuses whenever the first look is not already true.
    page.wait_for_function(f"() => Array.from(document.images).every(img => {ready})")
    page.evaluate("window.scrollTo(0, 0)")


STAFF_PASSWORD = "correct-horse-battery"  # StaffUserFactory's


def studio_day(*, weekdays=range(5)) -> Booking:
    """An open studio (09:00-17:00 on `weekdays`) and the photographer's day from 10:00
    today (a_day_at_the_studio); returns Ada's booking."""
    studio = StudioProfileFactory(name="Northlight Test Studio")
    for weekday in weekdays:
        WorkingHoursFactory(weekday=weekday)
    headshot = SessionTypeFactory(name="Professional headshot", kind="headshot")
    portrait = SessionTypeFactory(name="Environmental portrait", kind="portrait")
    now = timezone.localtime(timezone.now(), studio.tz)
    at = now.replace(hour=10, minute=0, second=0, microsecond=0)
    return a_day_at_the_studio(at=at, headshot=headshot, portrait=portrait)


def log_in(page, live_server, next_path="/dashboard/") -> None:
    """Log in as the photographer through the login page and the code from their app (set
    up if they have none), then go to `next_path`."""
    from django.contrib.auth import get_user_model
    from django.core import signing
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dashboard.signin import alerts
    from tests.staff import app_for, current_code

    user = get_user_model().objects.get(username="photographer")
    app = app_for(user)
    # A code is accepted once: a second log-in within 30 s gets the window's code again.
    TOTPDevice.objects.filter(pk=app.pk).update(last_t=-1)
    # The photographer's own browser, which signed in before: no "new browser" email to
    # the studio among the messages these tests count.
    known = signing.TimestampSigner(salt=alerts.SALT).sign(str(user.pk))
    page.context.add_cookies([{"name": alerts.COOKIE, "value": known, "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/?next={quote(next_path)}")
    page.get_by_label("Username").fill("photographer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(current_code(app))
    page.get_by_role("button", name="Sign in").click()


def a_day_at_the_studio(*, at: datetime, headshot, portrait) -> Booking:
    """The photographer's day from `at`: Ada's headshot (wizard answers, an image, a sent
    and a failed email), Grace's pending portrait three hours later, a portrait in two
    days, time off in four, a tip, and the staff login. Returns Ada's booking."""
    StaffUserFactory(username="photographer")
    intake = IntakeResponseFactory(
        answers={"uses": ["linkedin", "speaker"], "people": "just_me"},
        reasons=["You'll use it on LinkedIn and on stage: a clean headshot reads at any size."],
    )
    first = BookingFactory(
        start=at,
        session_type=headshot,
        client=ClientFactory(name="Ada Lovelace"),
        intake=intake,
        notes="Glasses: please watch for reflections.",
        deposit_paid=True,
    )
    InspirationImageFactory(booking=first, original_name="mood.jpg")
    ReminderFactory(booking=first, kind=Reminder.Kind.CONFIRMATION, state="sent", sent_at=at)
    ReminderFactory(
        booking=first,
        kind=Reminder.Kind.DAY_BEFORE,
        state="failed",
        attempts=1,
        last_error="SMTP 451 try again later",
    )
    BookingFactory(
        start=at + timedelta(hours=3),
        session_type=portrait,
        client=ClientFactory(name="Grace Hopper"),
        status=Booking.Status.PENDING,
        people=2,
    )
    BookingFactory(start=at + timedelta(days=2), session_type=portrait)
    TimeOffFactory(start=at + timedelta(days=4), end=at + timedelta(days=5), reason="Holiday")
    TipFactory(title="Bring two tops")
    return first
