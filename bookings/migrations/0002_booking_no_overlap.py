"""No two active bookings may block overlapping time: a PostgreSQL exclusion constraint.

On SQLite (the embedded default) the booking service serialises the check-and-insert
with BEGIN IMMEDIATE instead; the SQL below runs only on PostgreSQL.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT_SQL = """
ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (tstzrange(blocked_start, blocked_end, '[)') WITH &&)
WHERE (status IN ('pending', 'confirmed'))
"""
DROP_SQL = "ALTER TABLE bookings_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONSTRAINT_SQL)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]
