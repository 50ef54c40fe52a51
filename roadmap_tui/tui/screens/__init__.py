"""The screens of the coordinator's UI."""
