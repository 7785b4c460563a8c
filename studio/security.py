"""Small security adapters."""

USERNAME_LIMIT = 150


def axes_username(request, credentials) -> str:
    """The username axes records for a login attempt: printable, bounded, never the raw POST.

    A NUL byte or a kilobyte of text in the username field must not reach the database
    (PostgreSQL refuses both); such an attempt still counts against the IP address.
    """
    raw = ""
    if credentials:
        raw = credentials.get("username") or ""
    elif request is not None and request.method == "POST":
        raw = request.POST.get("username", "")
    cleaned = "".join(ch for ch in str(raw) if ch.isprintable())
    return cleaned[:USERNAME_LIMIT]
