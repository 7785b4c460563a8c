"""calendars.ics: real-shaped Google, Outlook and iCloud files in, busy time out (no HTTP)."""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendars.ics import FeedError, busy_intervals, looks_like_icalendar
from calendars.sandbox import read_busy_time

from .limits import run_limited
from .server import FEEDS, feed

LONDON = ZoneInfo("Europe/London")
WINDOW = {
    "window_start": datetime(2030, 2, 27, tzinfo=UTC),
    "window_end": datetime(2030, 6, 8, tzinfo=UTC),
    "tz": LONDON,
}


def spans(name: str, **options) -> list[tuple[str, str, str]]:
    return [
        (e.start.isoformat(), e.end.isoformat(), e.title)
        for e in busy_intervals(feed(name), **{**WINDOW, **options})
    ]


def utc(text: str) -> str:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).isoformat()


def test_google_weekly_rule_with_exdate_moved_occurrence_and_calendar_zone():
    yoga = [(s, e) for s, e, title in spans("google.ics") if title.startswith("Yoga")]
    assert yoga == [
        (utc("2030-03-06T10:00"), utc("2030-03-06T11:00")),
        # 13 March is an EXDATE; 20 March was moved to the afternoon.
        (utc("2030-03-20T14:00"), utc("2030-03-20T15:00")),
        (utc("2030-03-27T10:00"), utc("2030-03-27T11:00")),
        # After the clocks go forward the class stays at 10:00 London time (X-WR-TIMEZONE),
        # not at 10:00 UTC, which a reader ignoring the calendar's zone would give.
        (utc("2030-04-03T09:00"), utc("2030-04-03T10:00")),
        (utc("2030-04-10T09:00"), utc("2030-04-10T10:00")),
    ]


def test_cancelled_and_free_events_do_not_block():
    titles = {title for _s, _e, title in spans("google.ics")}
    assert "Lunch with Alex" not in titles  # STATUS:CANCELLED
    assert "Call the printer (free)" not in titles  # TRANSP:TRANSPARENT
    assert "Mum's birthday" not in titles  # all-day, but marked free


def test_all_day_event_blocks_the_studio_day_only_when_asked():
    wedding = (utc("2030-03-11T00:00"), utc("2030-03-12T00:00"), "Wedding – Patel/Jones")
    assert wedding in spans("google.ics", all_day_blocks=True)
    assert not [t for *_x, t in spans("google.ics", all_day_blocks=False) if "Wedding" in t]


def test_all_day_event_is_midnight_to_midnight_in_the_studio_zone():
    events = spans("google.ics", tz=ZoneInfo("America/New_York"))
    wedding = [(s, e) for s, e, t in events if "Wedding" in t]
    assert wedding == [(utc("2030-03-11T04:00"), utc("2030-03-12T04:00"))]  # EDT from 10 March


def test_outlook_windows_zone_names_with_and_without_vtimezone():
    assert spans("outlook.ics") == [
        (utc("2030-03-14T13:00"), utc("2030-03-14T14:30"), "School governors"),
        # "W. Europe Standard Time" has no VTIMEZONE in the file: Berlin, UTC+1 in March.
        (utc("2030-03-15T09:00"), utc("2030-03-15T10:00"), "Call with Berlin agency"),
        # GMT Standard Time in summer is UTC+1 (the VTIMEZONE's daylight rule).
        (utc("2030-04-02T12:00"), utc("2030-04-02T13:00"), "Dentist"),
    ]


def test_icloud_daily_series_with_a_cancelled_occurrence_and_duration():
    assert spans("icloud.ics") == [
        (utc("2030-03-25T09:00"), utc("2030-03-25T10:00"), "Swimming lessons"),
        (utc("2030-03-27T09:00"), utc("2030-03-27T10:00"), "Swimming lessons"),
        (utc("2030-03-28T15:00"), utc("2030-03-28T16:00"), "Parents' evening"),
    ]


def test_events_across_daylight_saving_changes_keep_their_wall_times():
    assert spans("dst.ics") == [
        # New York springs forward on 10 March: 20:00 EST to 06:00 EDT.
        (utc("2030-03-10T01:00"), utc("2030-03-11T10:00"), "Flight back from New York"),
        # London springs forward on 31 March: 22:00 GMT to 10:00 BST.
        (utc("2030-03-30T22:00"), utc("2030-04-01T09:00"), "Away: Lake District"),
    ]


def test_only_the_window_is_kept_and_edges_are_clipped():
    events = busy_intervals(
        feed("dst.ics"),
        window_start=datetime(2030, 3, 31, tzinfo=UTC),
        window_end=datetime(2030, 4, 1, tzinfo=UTC),
        tz=LONDON,
    )
    assert [(e.start, e.end) for e in events] == [
        (datetime(2030, 3, 31, tzinfo=UTC), datetime(2030, 4, 1, tzinfo=UTC))
    ]


def test_floating_times_are_read_in_the_studio_zone():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:f\r\n"
        b"DTSTAMP:20300101T000000Z\r\nDTSTART:20300601T100000\r\nDTEND:20300601T110000\r\n"
        b"SUMMARY:Floating\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [event] = busy_intervals(data, **WINDOW)
    assert event.start == datetime(2030, 6, 1, 9, tzinfo=UTC)  # 10:00 BST


def test_titles_are_one_short_line():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:t\r\n"
        b"DTSTAMP:20300101T000000Z\r\nDTSTART:20300601T100000Z\r\nDTEND:20300601T110000Z\r\n"
        b"SUMMARY:Line one\\nline two " + b"x" * 400 + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [event] = busy_intervals(data, **WINDOW)
    assert event.title.startswith("Line one line two") and len(event.title) == 200


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>Sign in to Google</body></html>",
        b"",
        b"\x89PNG\r\n\x1a\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\nRRULE:FREQ=NEVER\r\n",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20300601T100000Z\r\n"
        b"RRULE:FREQ=WEEKLY;UNTIL=garbage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\n" + b"\xff\xfe" * 100,
    ],
)
def test_what_is_not_a_readable_calendar_is_a_feed_error(data):
    try:
        events = busy_intervals(data, **WINDOW)
    except FeedError as exc:
        assert str(exc)
    else:  # a damaged series is skipped, the rest of the file still counts
        assert events == []


def test_recognises_a_calendar_file_after_a_byte_order_mark():
    assert looks_like_icalendar(b"\xef\xbb\xbf\r\nBEGIN:VCALENDAR\r\n")
    assert not looks_like_icalendar(b"<html>BEGIN:VCALENDAR")


def test_a_rule_repeating_every_minute_is_refused_as_too_many():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:bomb\r\n"
        b"DTSTAMP:20300101T000000Z\r\nDTSTART:20300301T000000Z\r\nDURATION:PT1M\r\n"
        b"RRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(FeedError, match="too many events"):
        busy_intervals(data, **WINDOW)


def test_an_hourly_rule_is_still_read():
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:hourly\r\n"
        b"DTSTAMP:20300101T000000Z\r\nDTSTART:20300301T000000Z\r\nDURATION:PT10M\r\n"
        b"RRULE:FREQ=HOURLY;COUNT=48\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert len(busy_intervals(data, **WINDOW)) == 48


# Crafted files (issue 25): each took minutes and gigabytes before the reader bounded its
# work by what it produces. Each is read under a time and a memory limit.

CRAFTED = FEEDS / "crafted"


def rdates_file(count: int) -> bytes:
    """One event with `count` RDATEs, a minute apart from the window's start (6.9 MB at
    400,000)."""
    first = datetime(2030, 3, 1, tzinfo=UTC)
    values = ",".join(f"{first + timedelta(minutes=i):%Y%m%dT%H%M%SZ}" for i in range(count))
    line = "RDATE:" + values
    folded = "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Studio tests//Crafted//EN\r\n"
        "BEGIN:VEVENT\r\nUID:rdates@crafted.example\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300301T090000Z\r\nDURATION:PT1M\r\nSUMMARY:Crafted\r\n"
        f"{folded}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


MINUTELY_SINCE_1970 = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:old@crafted.example\r\n"
    b"DTSTAMP:20300101T000000Z\r\nDTSTART:19700101T000000Z\r\nDURATION:PT1S\r\n"
    b"RRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def refused(data: bytes, **options) -> str:
    try:
        busy_intervals(data, **{**WINDOW, **options})
    except FeedError as exc:
        return exc.kind
    return "read"


@pytest.mark.parametrize(
    ("name", "seconds"),
    [
        ("byyearday.ics", 10),  # every minute of every day of the year: 30 s, 393 MB before
        ("bysecond.ics", 10),  # and every second: over 240 s and 2.2 GB before
        ("rdates", 30),  # 400,000 RDATEs: 147 s, 1.1 GB before; most of this is parsing
    ],
)
def test_crafted_files_are_refused_as_too_many_events_within_limits(name, seconds):
    data = rdates_file(400_000) if name == "rdates" else (CRAFTED / name).read_bytes()
    assert run_limited(lambda: refused(data), seconds=seconds, megabytes=300) == "too_many"


def test_a_rule_spending_its_time_before_the_window_stops_at_the_cpu_budget():
    # Every minute since 1970: 31 million occurrences before the window even starts.
    kind = run_limited(
        lambda: refused(MINUTELY_SINCE_1970, cpu_seconds=0.5), seconds=10, megabytes=100
    )
    assert kind == "too_many"


def test_the_cap_counts_occurrences_inside_the_window():
    daily = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:d\r\n"
        b"DTSTAMP:20300101T000000Z\r\nDTSTART:19900101T090000Z\r\nDURATION:PT1H\r\n"
        b"RRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    # 40 years of daily occurrences before the window do not count; the 101 inside do.
    assert len(busy_intervals(daily, **WINDOW)) == 101
    assert refused(daily, max_events=100) == "too_many"


def test_too_many_events_is_worded_for_the_photographer():
    message = str(FeedError("too_many", count=10_000))
    assert "10,000" in message and "last busy times are kept" in message


def test_the_sandbox_reads_what_the_reader_reads():
    options = {**WINDOW, "all_day_blocks": True}
    assert read_busy_time(
        feed("google.ics"), cpu_seconds=5, memory_mb=256, **options
    ) == busy_intervals(feed("google.ics"), **options)


@pytest.mark.parametrize("name", ["never.ics", "bysecond.ics"])
def test_the_sandbox_stops_what_cannot_be_stopped_from_inside(name):
    # never.ics: dateutil turns this rule over for minutes without producing anything, so
    # no count or budget inside can stop it; the child's CPU limit does.
    began = time.monotonic()
    with pytest.raises(FeedError) as refused_read:
        read_busy_time(
            (CRAFTED / name).read_bytes(),
            **WINDOW,
            all_day_blocks=True,
            cpu_seconds=1,
            memory_mb=256,
        )
    assert refused_read.value.kind == "too_many"
    assert time.monotonic() - began < 15
