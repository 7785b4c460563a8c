from calendars.checks import private_addresses


def test_deploy_check_warns_when_private_addresses_are_allowed(settings):
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = False
    assert private_addresses(None) == []
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True
    [warning] = private_addresses(None)
    assert warning.id == "calendars.W001"
