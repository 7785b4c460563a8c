"""The visitor's session keys the wizard shares with the booking flow, defined once."""

# The intake to attach to the booking being made; set on the result page, read and
# cleared by the booking flow.
BOOKING_SESSION_KEY = "intake_response_id"
# The visitor's latest finished intake, for the result page.
RESULT_SESSION_KEY = "intake_result_id"
