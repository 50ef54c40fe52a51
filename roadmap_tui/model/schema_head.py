"""The newest migration's revision id, importable at no cost (see `model.schema`)."""

HEAD = "0006_tally"
