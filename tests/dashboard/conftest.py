import pytest
from django.contrib.auth import get_user_model

from tests.factories import StaffUserFactory, StudioProfileFactory


@pytest.fixture
def studio(db):
    return StudioProfileFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory(username="photographer")


@pytest.fixture
def staff_client(client, staff_user, studio):
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_client(client, studio):
    """Logged in, but not staff: a client of the studio with a website account."""
    user = get_user_model().objects.create_user("visitor", "visitor@example.com", "pw-123456789")
    client.force_login(user)
    return client
