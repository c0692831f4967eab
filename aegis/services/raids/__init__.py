"""Raid mode: join spikes, cohorts, the raid action on each member, and /raid resolve."""
