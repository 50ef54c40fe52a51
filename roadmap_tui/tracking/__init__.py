"""Tracking: what a coordinator does with assignments, and what they ask of them.

`status` changes assignments (with history, optimistic locking and undo);
`queries` answers "what is overdue / due / assigned" with set-based SQL that
runs on SQLite without loading the ORM, so headless commands start fast.
"""
