"""Reproducible timings of the coordinator's commands on synthetic databases."""
