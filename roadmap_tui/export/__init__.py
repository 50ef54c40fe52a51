"""Outward faces of the roadmap: calendar feeds, weekly digests, the feed server.

Nothing here imports Textual; the CLI (`roadmap export ics`, `roadmap digest`,
`roadmap serve`) and tests call these modules directly.
"""
