"""Tracking actual sales against the plan: readers -> deals -> matching and tally -> pacing -> report -> outputs."""
