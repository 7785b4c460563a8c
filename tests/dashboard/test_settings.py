from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dashboard.forms import TimeOffForm
from studio.models import StudioProfile, TimeOff, WorkingHours
from tests.factories import BookingFactory, TimeOffFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


# Studio profile, rules and reminders ---------------------------------------------------


def test_profile_saves_and_refuses_an_unknown_time_zone(staff_client, studio):
    url = reverse("dashboard:settings_profile")
    data = {
        "name": "Northlight",
        "time_zone": "Mars/Olympus",
        "email": "not-an-email",
        "staff_idle_hours": 12,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert _errors(response, "time_zone") and _errors(response, "email")
    assert StudioProfile.load().name == "Test Studio"  # nothing half-saved
    html = response.content.decode()
    assert 'value="Northlight"' in html  # what was typed is kept

    data.update(
        time_zone="America/New_York", email="hi@northlight.example", clock="12h", country="US"
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    profile = StudioProfile.load()
    assert (profile.name, profile.time_zone, profile.clock) == (
        "Northlight",
        "America/New_York",
        "12h",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slot_step_minutes", 0),
        ("slot_step_minutes", 500),
        ("max_advance_days", 0),
        ("min_notice_hours", -1),
        ("change_notice_hours", 99999),
        ("max_advance_days", "lots"),
        ("deposit_hold_minutes", 2),
    ],
)
def test_rules_refuse_values_out_of_range(staff_client, studio, field, value):
    data = {
        "min_notice_hours": 24,
        "max_advance_days": 90,
        "slot_step_minutes": 30,
        "change_notice_hours": 48,
        "deposit_hold_minutes": 30,
        field: value,
    }
    response = staff_client.post(reverse("dashboard:settings_rules"), data)
    assert response.status_code == 400
    assert _errors(response, field)


def test_rules_save(staff_client, studio):
    data = {
        "min_notice_hours": 12,
        "max_advance_days": 60,
        "slot_step_minutes": 15,
        "change_notice_hours": 24,
        "deposit_hold_minutes": 45,
        "require_confirmation": "on",
    }
    assert staff_client.post(reverse("dashboard:settings_rules"), data).status_code == 302
    profile = StudioProfile.load()
    assert (profile.slot_step_minutes, profile.require_confirmation) == (15, True)
    assert profile.deposit_hold_minutes == 45


REMINDERS = {
    "preparation_days_before": 7,
    "wardrobe_days_before": 2,
    "day_before_hours": 24,
    "thank_you_days_after": 1,
    "quiet_hours_start": "21:00",
    "quiet_hours_end": "08:00",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wardrobe_days_before": 7}, "wardrobe_days_before"),
        ({"quiet_hours_end": "21:00"}, "quiet_hours_end"),
        ({"day_before_hours": 0}, "day_before_hours"),
        ({"quiet_hours_start": "25:00"}, "quiet_hours_start"),
    ],
)
def test_reminder_offsets_are_checked(staff_client, studio, change, field):
    response = staff_client.post(reverse("dashboard:settings_reminders"), REMINDERS | change)
    assert response.status_code == 400
    assert _errors(response, field)


def test_reminder_offsets_save(staff_client, studio):
    data = REMINDERS | {"preparation_days_before": 10, "quiet_hours_start": "22:00"}
    assert staff_client.post(reverse("dashboard:settings_reminders"), data).status_code == 302
    profile = StudioProfile.load()
    assert profile.preparation_days_before == 10
    assert profile.quiet_hours_start == time(22, 0)


def _planned_preparation():
    from bookings import reminders
    from bookings.models import Reminder

    booking = BookingFactory(start=datetime.now(UTC).replace(microsecond=0) + timedelta(days=30))
    reminders.plan_reminders(booking)
    return booking.reminders.get(kind=Reminder.Kind.PREPARATION)


def test_the_page_says_how_many_planned_reminders_a_new_timing_can_move(staff_client, studio):
    _planned_preparation()
    page = staff_client.get(reverse("dashboard:settings_reminders")).content.decode()
    assert "Move the 3 reminders not sent yet for upcoming sessions" in page


def test_a_new_timing_moves_the_planned_reminders_when_asked(staff_client, studio):
    row = _planned_preparation()
    before = row.due_at
    data = REMINDERS | {"preparation_days_before": 10, "replan": "on"}
    response = staff_client.post(reverse("dashboard:settings_reminders"), data, follow=True)
    assert "1 planned reminder moved to the new timing." in response.content.decode()
    row.refresh_from_db()
    assert row.due_at < before  # ten days before the session now, not seven


def test_without_the_box_planned_reminders_keep_their_time(staff_client, studio):
    row = _planned_preparation()
    before = row.due_at
    data = REMINDERS | {"preparation_days_before": 10}
    staff_client.post(reverse("dashboard:settings_reminders"), data)
    row.refresh_from_db()
    assert row.due_at == before


# Weekly hours ---------------------------------------------------------------------------


def _hours_data(rows, existing=()):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(existing)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{index}-{key}"] = value
        if index < len(existing):
            data[f"form-{index}-id"] = str(existing[index].pk)
    return data


def test_hours_save_a_day_with_a_break(staff_client, studio):
    rows = [
        {"weekday": 1, "start": "09:00", "end": "12:30"},
        {"weekday": 1, "start": "13:30", "end": "17:30"},
        {},
    ]
    response = staff_client.post(reverse("dashboard:settings_hours"), _hours_data(rows))
    assert response.status_code == 302
    assert [str(h) for h in WorkingHours.objects.all()] == [
        "Tuesday 09:00-12:30",
        "Tuesday 13:30-17:30",
    ]


def test_overlapping_hours_are_refused_with_the_other_range_named(staff_client, studio):
    rows = [
        {"weekday": 1, "start": "09:00", "end": "13:00"},
        {"weekday": 1, "start": "12:30", "end": "17:30"},
    ]
    response = staff_client.post(reverse("dashboard:settings_hours"), _hours_data(rows))
    assert response.status_code == 400
    formset = response.context["formset"]
    assert formset.forms[1].errors["start"] == ["This overlaps 09:00–13:00 on the same day."]
    assert "see the marked rows" in formset.non_form_errors()[0]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert not WorkingHours.objects.exists()


def test_closing_before_opening_is_refused(staff_client, studio):
    rows = [{"weekday": 0, "start": "17:00", "end": "09:00"}]
    response = staff_client.post(reverse("dashboard:settings_hours"), _hours_data(rows))
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["end"] == [
        "Closing time must be after opening time."
    ]


def test_hours_rows_can_be_changed_and_removed(staff_client, studio):
    monday = WorkingHoursFactory(weekday=0)
    friday = WorkingHoursFactory(weekday=4)
    rows = [
        {"weekday": 0, "start": "10:00", "end": "16:00"},
        {"weekday": 4, "start": "09:00", "end": "17:00", "DELETE": "on"},
    ]
    data = _hours_data(rows, existing=[monday, friday])
    assert staff_client.post(reverse("dashboard:settings_hours"), data).status_code == 302
    assert [str(h) for h in WorkingHours.objects.all()] == ["Monday 10:00-16:00"]


def test_a_deleted_row_does_not_count_as_an_overlap(staff_client, studio):
    old = WorkingHoursFactory(weekday=2, start=time(9), end=time(17))
    rows = [
        {"weekday": 2, "start": "09:00", "end": "17:00", "DELETE": "on"},
        {"weekday": 2, "start": "10:00", "end": "14:00"},
    ]
    data = _hours_data(rows, existing=[old])
    assert staff_client.post(reverse("dashboard:settings_hours"), data).status_code == 302
    assert [str(h) for h in WorkingHours.objects.all()] == ["Wednesday 10:00-14:00"]


# Time off -------------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def _time_off_form(**data):
    from django.utils import timezone

    with timezone.override(LONDON):
        form = TimeOffForm(data, now=NOW)
        form.is_valid()
    return form


def test_whole_days_when_no_times_are_given():
    form = _time_off_form(start_date="2026-03-23", end_date="2026-03-24")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime(2026, 3, 23, tzinfo=LONDON)
    assert form.cleaned_data["end"] == datetime(2026, 3, 25, tzinfo=LONDON)


def test_times_within_a_day():
    form = _time_off_form(
        start_date="2026-03-23", start_time="13:00", end_date="2026-03-23", end_time="15:30"
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["end"] - form.cleaned_data["start"] == timedelta(hours=2, minutes=30)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "start_date": "2026-03-23",
                "start_time": "15:00",
                "end_date": "2026-03-23",
                "end_time": "14:00",
            },
            "end_date",
            "must end after it starts",
        ),
        ({"start_date": "2026-03-01", "end_date": "2026-03-02"}, "end_date", "already over"),
        ({"start_date": "2026-03-19", "end_date": "2026-03-22"}, "start_date", "in the past"),
        (
            {"start_date": "2026-03-29", "start_time": "01:30", "end_date": "2026-03-29"},
            "start_time",
            "does not exist",
        ),
        ({"start_date": "2026-02-30", "end_date": "2026-03-29"}, "start_date", "valid date"),
        ({"end_date": "2026-03-29"}, "start_date", "required"),
    ],
)
def test_time_off_mistakes_get_a_message_by_the_field(data, field, message):
    form = _time_off_form(**data)
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_time_off_starting_earlier_today_is_fine():
    form = _time_off_form(start_date="2026-03-20", start_time="08:00", end_date="2026-03-20")
    assert form.is_valid(), form.errors


def test_adding_time_off_warns_about_bookings_inside_it(staff_client, studio):
    with time_machine.travel(NOW, tick=False):
        clash = BookingFactory(start=datetime(2026, 3, 24, 10, tzinfo=UTC))
        BookingFactory(start=datetime(2026, 3, 26, 10, tzinfo=UTC))
        response = staff_client.post(
            reverse("dashboard:settings_time_off"),
            {"start_date": "2026-03-24", "end_date": "2026-03-25", "reason": "Holiday"},
            follow=True,
        )
    html = response.content.decode()
    assert "Time off added" in html
    assert f"This booking falls in the new time off and still stands: {clash.reference}." in html
    period = TimeOff.objects.get()
    assert period.reason == "Holiday"
    assert period.start == datetime(2026, 3, 24, tzinfo=LONDON)


def test_bad_time_off_keeps_what_was_typed(staff_client, studio):
    response = staff_client.post(
        reverse("dashboard:settings_time_off"),
        {"start_date": "2026-03-24", "end_date": "2020-01-01", "reason": "Dentist"},
    )
    assert response.status_code == 400
    assert 'value="Dentist"' in response.content.decode()
    assert not TimeOff.objects.exists()


def test_time_off_list_shows_current_and_future_only_and_removes_by_post(staff_client, studio):
    with time_machine.travel(NOW, tick=False):
        TimeOffFactory(start=NOW - timedelta(days=9), end=NOW - timedelta(days=8), reason="Past")
        future = TimeOffFactory(start=NOW + timedelta(days=2), reason="Future")
        html = staff_client.get(reverse("dashboard:settings_time_off")).content.decode()
        assert "Future" in html and ">Past<" not in html
        url = reverse("dashboard:settings_time_off_delete", args=[future.pk])
        assert staff_client.get(url).status_code == 405
        assert staff_client.post(url).status_code == 302
    assert list(TimeOff.objects.values_list("reason", flat=True)) == ["Past"]
    assert staff_client.post(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (
            {"start_date": "2026-12-24", "end_date": "2026-12-26"},
            "Thu 24 Dec 2026 – Sat 26 Dec 2026, whole days",
        ),
        ({"start_date": "2026-12-24", "end_date": "2026-12-24"}, "Thu 24 Dec 2026, all day"),
        (
            {"start_date": "2026-12-24", "start_time": "14:00", "end_date": "2026-12-26"},
            "Thu 24 Dec 2026, 14:00 – end of Sat 26 Dec 2026",
        ),
        (
            {
                "start_date": "2026-12-24",
                "start_time": "09:00",
                "end_date": "2026-12-24",
                "end_time": "12:30",
            },
            "Thu 24 Dec 2026, 09:00 – Thu 24 Dec 2026, 12:30",
        ),
    ],
)
def test_time_off_is_listed_as_it_was_entered(staff_client, studio, data, shown):
    url = reverse("dashboard:settings_time_off")
    with time_machine.travel(NOW, tick=False):
        assert staff_client.post(url, data).status_code == 302
        html = staff_client.get(url).content.decode()
        week = staff_client.get(reverse("dashboard:calendar_week"), {"date": "2026-12-24"})
    assert shown in html
    assert "27 Dec" not in html  # the midnight a whole-day period ends at is not a day off
    assert f"Time off {shown.replace(' 2026', '')}" in week.content.decode()


def test_time_off_form_uses_the_studio_s_zone(staff_client):
    StudioProfile.objects.filter(pk=1).update(time_zone="America/New_York")
    with time_machine.travel(NOW, tick=False):
        staff_client.post(
            reverse("dashboard:settings_time_off"),
            {"start_date": "2026-03-24", "end_date": "2026-03-24"},
        )
    period = TimeOff.objects.get()
    assert period.start == datetime(2026, 3, 24, 4, tzinfo=UTC)  # midnight EDT
    assert period.end - period.start == timedelta(days=1)
    assert date(2026, 3, 24) == period.start.astimezone(ZoneInfo("America/New_York")).date()


def test_hours_and_time_off_changed_here_reach_the_public_slots_at_once(staff_client, studio):
    from django.test import Client
    from django.utils import timezone

    from tests.factories import SessionTypeFactory

    session_type = SessionTypeFactory(slug="headshot", duration_minutes=60)
    day = timezone.localdate(timezone.now(), studio.tz) + timedelta(days=5)
    hours = WorkingHoursFactory(weekday=day.weekday(), start=time(9), end=time(12))
    visitor = Client()

    def slots():
        response = visitor.get(f"/book/{session_type.slug}/slots/", {"date": day.isoformat()})
        assert response.status_code == 200
        return [start[11:16] for start in response.json()["slots"]]

    assert slots()[0] == "09:00" and slots()[-1] == "11:00"
    rows = [{"weekday": day.weekday(), "start": "14:00", "end": "16:00"}]
    staff_client.post(reverse("dashboard:settings_hours"), _hours_data(rows, existing=[hours]))
    assert slots()[0] == "14:00" and slots()[-1] == "15:00"

    staff_client.post(
        reverse("dashboard:settings_time_off"),
        {"start_date": day.isoformat(), "end_date": day.isoformat()},
    )
    assert slots() == []
