"""Tracking actual sales against the plan: readers -> normalized deals -> pacing engine -> reports."""
