"""Who gets into the dashboard and the admin: a password, then a second factor."""
