"""The VTIMEZONE: the same offsets as zoneinfo for icalendar, vobject and dateutil alike."""

import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil import tz as dateutil_tz
from icalendar import Calendar

from bookings.vtimezone import changes, vtimezone, yearly_rule


def as_calendar(zone: str, first_year: int, last_year: int) -> str:
    body = vtimezone(ZoneInfo(zone), first_year, last_year).to_ical().decode()
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def icalendar_zone(text: str, zone: str):
    (component,) = Calendar.from_ical(text).walk("VTIMEZONE")
    return component.to_tz(lookup_tzid=False)  # the block itself, not icalendar's own zone


def vobject_zone(text: str, zone: str):
    return vobject.readOne(text).vtimezone.gettzinfo()


def dateutil_zone(text: str, zone: str):
    return dateutil_tz.tzical(io.StringIO(text)).get(zone)


READERS = {"icalendar": icalendar_zone, "vobject": vobject_zone, "dateutil": dateutil_zone}


def walls(tz: ZoneInfo, year: int):
    """Wall-clock times through `year` (each day at night, morning and noon) that happen
    exactly once: a reader can only be asked about those."""
    day = datetime(year, 1, 1)
    while day.year == year:
        for hour in (0, 1, 2, 3, 12):
            wall = datetime.combine(day.date(), time(hour, 30))
            once = (
                wall.replace(tzinfo=tz, fold=0).utcoffset()
                == wall.replace(tzinfo=tz, fold=1).utcoffset()
            )
            if once:
                yield wall
        day += timedelta(days=1)


ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",  # southern: summer at the turn of the year
    "Australia/Lord_Howe",  # a half-hour change
    "Asia/Tokyo",  # no changes
    "Asia/Jerusalem",  # the Friday before the last Sunday
    "Africa/Casablanca",  # changes around Ramadan: no yearly rule
]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("zone", ZONES)
def test_every_reader_gets_zoneinfos_offset_for_every_time_of_the_years_covered(zone, reader):
    tz = ZoneInfo(zone)
    read = READERS[reader](as_calendar(zone, 2026, 2029), zone)
    wrong = [
        wall
        for year in (2027, 2028)
        for wall in walls(tz, year)
        if wall.replace(tzinfo=read).utcoffset() != wall.replace(tzinfo=tz).utcoffset()
    ]
    assert wrong == []


def test_a_zone_with_yearly_changes_gets_a_standard_and_a_daylight_rule():
    component = vtimezone(ZoneInfo("Europe/London"), 2026, 2028)
    observances = {sub.name: sub for sub in component.subcomponents}
    assert sorted(observances) == ["DAYLIGHT", "STANDARD"]
    daylight, standard = observances["DAYLIGHT"], observances["STANDARD"]
    assert daylight.decoded("DTSTART") == datetime(2026, 3, 29, 1, 0)  # 01:00 GMT
    assert standard.decoded("DTSTART") == datetime(2026, 10, 25, 2, 0)  # 02:00 BST
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert [str(standard["TZNAME"]), str(daylight["TZNAME"])] == ["GMT", "BST"]
    assert "RDATE" not in standard and "RDATE" not in daylight


def test_new_york_rule_counts_sundays_from_the_start_of_the_month():
    component = vtimezone(ZoneInfo("America/New_York"), 2026, 2028)
    rules = sorted(sub["RRULE"].to_ical() for sub in component.subcomponents)
    assert rules == [b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"]


def test_a_zone_without_changes_gets_one_standard():
    (standard,) = vtimezone(ZoneInfo("Asia/Tokyo"), 2026, 2028).subcomponents
    assert standard.name == "STANDARD" and "RRULE" not in standard
    assert standard["TZOFFSETFROM"].td == standard["TZOFFSETTO"].td == timedelta(hours=9)


def test_changes_that_follow_no_yearly_rule_are_each_written_out():
    """New York's rules changed in 2007: no one RRULE covers 2005-2008."""
    tz = ZoneInfo("America/New_York")
    component = vtimezone(tz, 2005, 2008)
    assert all("RRULE" not in sub and "RDATE" not in sub for sub in component.subcomponents)
    assert len(component.subcomponents) == 1 + len(changes(tz, 2005, 2008)) == 9
    text = as_calendar("America/New_York", 2005, 2008)
    for reader in READERS.values():
        read = reader(text, "America/New_York")
        for wall in (datetime(2006, 3, 20, 12), datetime(2007, 3, 20, 12)):  # EST, then EDT
            assert wall.replace(tzinfo=read).utcoffset() == wall.replace(tzinfo=tz).utcoffset()


def test_yearly_rule_needs_one_change_in_each_year():
    starts = [datetime(2026, 3, 29, 1), datetime(2028, 3, 26, 1)]
    assert yearly_rule(starts, range(2026, 2029)) is None
    assert yearly_rule([*starts[:1], datetime(2027, 3, 28, 1), *starts[1:]], range(2026, 2029))
