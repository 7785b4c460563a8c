"""Demo preparation guides and tips (filled in by the guides issue)."""


def seed_guides() -> None:
    return None
