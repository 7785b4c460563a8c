"""Phone numbers in one written form: the international format of `phonenumbers`
("+44 7700 900123"), read with the studio's country for numbers without a code."""

from __future__ import annotations

import phonenumbers


def parsed(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number `raw` stands for, if it can be one (None otherwise)."""
    try:
        number = phonenumbers.parse(raw, region or None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def normalised(raw: str, region: str) -> str:
    """The stored form of a typed number; text that is no phone number is kept as typed
    (stripped), so nothing the client gave is lost."""
    raw = (raw or "").strip()
    number = parsed(raw, region) if raw else None
    if number is None:
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def search_digits(query: str, region: str) -> str:
    """The digits a stored number holds for a query written any way ("07700 900123",
    "+44 7700 900123", "0044..."), else ""."""
    number = parsed(query, region)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def tel_uri(value: str) -> str:
    """The tel: link of a stored number (its digits and a leading +)."""
    kept = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    return f"tel:{kept}"
