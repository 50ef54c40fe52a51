"""Reusable widgets of the coordinator's UI."""
