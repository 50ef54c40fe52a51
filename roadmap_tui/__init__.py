"""roadmap_tui: run a municipal education roadmap to its deadlines.

The package is a headless core (model, deadlines, importer, tracking, export)
with two thin faces on top of it: the `roadmap` CLI and the Textual UI.
Importing it has no side effects: no engine, no files, no clock.
"""

__version__ = "0.1.0"
