"""Text rules every layer shares."""

import re

# Control characters and every line break Python's str.splitlines() knows outside
# \r\n (NEL \x85, LINE and PARAGRAPH SEPARATOR): refused in one-line fields
# (`bookings.services.checks.clean_line`) and flattened in headers (`emails.one_line`).
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
