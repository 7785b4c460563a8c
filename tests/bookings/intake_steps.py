"""Walking the intake wizard with Django's test client (shared by the intake tests)."""

from bookings.intake import STEP_NAMES

# A valid POST body for every step, field names carry the step's prefix.
VALID = {
    "uses": {"uses-uses": ["company", "wall_art"]},
    "purpose": {"purpose-purpose": "credible"},
    "people": {"people-people": "just_me"},
    "framing": {"framing-framing": "head_shoulders"},
    "light": {"light-light": "bright"},
    "place": {"place-place": "studio"},
    "styling": {"styling-styling": "none"},
    "about": {"about-field": "traditional", "about-notes": ""},
}
assert tuple(VALID) == STEP_NAMES


def step_url(step: str) -> str:
    return f"/which-session/{step}/"


def answer(client, step: str, data: dict | None = None):
    """POSTs one step (valid unless data says otherwise) and returns the response."""
    return client.post(step_url(step), VALID[step] if data is None else data)


def answer_until(client, stop: str, *, uses=None):
    """Answers every step before `stop` with valid data (the steps the wizard asks)."""
    response = client.get("/which-session/", follow=True)
    if stop == "uses":
        return response
    response = answer(client, "uses", {"uses-uses": uses} if uses else None)
    while response.status_code == 302:
        next_step = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        if next_step == stop or next_step == "result":
            return response
        response = answer(client, next_step)
    raise AssertionError(f"wizard stopped at {response.status_code}: {response.content[:300]}")


def finish(client, *, uses=None):
    """Runs the whole wizard; returns the response that redirects to the result page."""
    response = answer_until(client, "result", uses=uses)
    assert response["Location"] == "/which-session/result/", response["Location"]
    return response
