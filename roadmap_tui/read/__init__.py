"""The read model: how stored rows read to a coordinator, in one place.

Below `tracking`, `export` and `tui`, which all read through it: the states
derived from dates (`states`), and, built on `model.connection`, the shared
listings and typed rows. Headless and ORM-free, so the fast read path stays fast.
"""
