"""Dashboard views, one module per area. Each is staff-only through access.staff_required."""
