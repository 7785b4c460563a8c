"""Plain-value formatting shared by the templates (through template filters) and emails."""

from decimal import Decimal

from django.conf import settings


def money(value) -> str:
    """185.00 -> '£185', 1200 -> '£1,200', 185.5 -> '£185.50' (STUDIO_CURRENCY_SYMBOL)."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    symbol = settings.STUDIO_CURRENCY_SYMBOL
    whole = amount == amount.to_integral_value()
    return f"{symbol}{amount:,.0f}" if whole else f"{symbol}{amount:,.2f}"
