"""Reads for the dashboard pages. Each runs a fixed number of queries, whatever the data."""
